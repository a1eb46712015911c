// The Ratcliff/Obershelp similarity ratio, computed exactly as Python's
// difflib.SequenceMatcher(None, a, b).ratio() does, so thresholds users know
// from beets and friends ("0.9") mean the same thing here.
//
// That includes difflib's "autojunk" heuristic: when b has 200 or more
// elements, every element occurring more than len(b)/100 + 1 times is
// "popular" and cannot start a match (it can still extend one). Long titles
// with many spaces or repeated letters therefore score as difflib scores them,
// not as a textbook LCS would.
#pragma once

#include <string>
#include <string_view>

namespace hoard::feed {

// 2*M / (len(a)+len(b)) over code points, M = matched characters; 1.0 when
// both are empty. Not symmetric in general, exactly like difflib.
double SimilarityRatio(std::u32string_view a, std::u32string_view b);
double SimilarityRatio(std::string_view utf8_a, std::string_view utf8_b);

}  // namespace hoard::feed
