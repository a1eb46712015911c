// FNV-1a, 64 bit: a hash that is stable across runs, builds and platforms
// (std::hash is not), for names on disk and HTTP validators. Not for
// anything that needs cryptographic strength.
#pragma once

#include <cstdint>
#include <string_view>

namespace hoard {

inline std::uint64_t Fnv1a64(std::string_view text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace hoard
