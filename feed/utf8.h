// UTF-8 <-> code points, for the few places that compare text by character:
// title folding and the similarity ratio (difflib compares Python str, i.e.
// code points, so we must too or "Göteborg" would count its ö as two items).
#pragma once

#include <string>
#include <string_view>

namespace hoard::feed {

// Invalid or truncated sequences are skipped, never replaced, so the result
// only holds what the input clearly said.
std::u32string DecodeUtf8(std::string_view utf8);
void AppendUtf8(char32_t cp, std::string& out);
std::string EncodeUtf8(std::u32string_view text);

}  // namespace hoard::feed
