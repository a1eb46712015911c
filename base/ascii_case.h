// ASCII case, for the protocol words and names that are case-insensitive in
// ASCII only: host names, URL schemes, HTTP header names, MusicBrainz type
// names, folder words like "CD"/"disc". (Text users read is folded by the
// catalog's FoldCase, which knows Unicode.)
#pragma once

#include <string>
#include <string_view>

namespace hoard {

std::string AsciiLower(std::string_view text);
bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b);
bool StartsWithIgnoringAsciiCase(std::string_view text, std::string_view prefix);
bool EndsWithIgnoringAsciiCase(std::string_view text, std::string_view suffix);

}  // namespace hoard
