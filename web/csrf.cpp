#include "web/csrf.h"

#include <sys/random.h>

#include <cstdint>
#include <cstdlib>

namespace hoard::web {

std::string NewCsrfToken() {
  unsigned char bytes[32];
  std::size_t filled = 0;
  while (filled < sizeof bytes) {
    const ssize_t n = getrandom(bytes + filled, sizeof bytes - filled, 0);
    // getrandom only fails on a kernel without it (< 3.17); no safe fallback.
    if (n <= 0) std::abort();
    filled += static_cast<std::size_t>(n);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  for (unsigned char b : bytes) {
    token += kHex[b >> 4];
    token += kHex[b & 15];
  }
  return token;
}

bool CsrfTokenMatches(std::string_view expected, std::string_view given) {
  if (given.empty() || given.size() != expected.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    diff |= static_cast<unsigned char>(expected[i] ^ given[i]);
  }
  return diff == 0;
}

}  // namespace hoard::web
