// UTF-8 <-> code points: the one codec of hoard, for the places that work by
// character: case folding in the catalog, title folding and the similarity
// ratio in the feed (difflib compares Python str, i.e. code points, so we
// must too or "Göteborg" would count its ö as two items), and the filter of
// the feeds' XML.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hoard {

// Decodes the one sequence starting at text[i] into `cp`; returns its length
// in bytes, or 0 when it is invalid or truncated (then `cp` is untouched).
std::size_t DecodeUtf8At(std::string_view text, std::size_t i, char32_t& cp);

// Every code point of `utf8`. Invalid or truncated sequences are skipped a
// byte at a time, never replaced, so the result only holds what the input
// clearly said.
std::u32string DecodeUtf8(std::string_view utf8);

void AppendUtf8(char32_t cp, std::string& out);
std::string EncodeUtf8(std::u32string_view text);

}  // namespace hoard
