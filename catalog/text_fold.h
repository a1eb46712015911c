// Unicode case folding for searching the catalog: "åsa" must find "Åsa".
//
// SQLite's lower() and LIKE only fold ASCII, so the catalog stores a folded
// copy of the searched fields and folds query values the same way here.
#pragma once

#include <string>
#include <string_view>

namespace hoard::catalog {

// Lower-cases every letter of the UTF-8 `text` by the Unicode simple case
// mapping (what towlower does in a UTF-8 locale). Invalid UTF-8 bytes are
// passed through unchanged. Thread-safe.
std::string FoldCase(std::string_view text);

}  // namespace hoard::catalog
