// What every fuzz target shares: a check that aborts (so libFuzzer saves the
// input as a crash and scripts/fuzz fails), and splitting an input into the
// lines a target reads as separate words, arguments or parameters.
//
// Targets check invariants with FUZZ_CHECK, not assert(): it stays on in
// every build and prints which invariant broke before aborting.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#define FUZZ_CHECK(condition)                                                            \
  do {                                                                                   \
    if (!(condition)) {                                                                  \
      std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__,   \
                   #condition);                                                          \
      std::abort();                                                                      \
    }                                                                                    \
  } while (false)

namespace hoard::fuzz {

inline std::string_view AsText(const unsigned char* data, std::size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// The input cut at every '\n' (no '\n' kept). A trailing '\n' does not add an
// empty line, so a seed file written by an editor means what it shows.
inline std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace hoard::fuzz
