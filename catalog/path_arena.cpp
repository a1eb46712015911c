#include "catalog/path_arena.h"

#include <algorithm>
#include <cstring>

namespace hoard::catalog {

std::string_view PathArena::Add(std::initializer_list<std::string_view> parts) {
  std::size_t size = 0;
  for (std::string_view part : parts) size += part.size();
  if (size > left_) {
    // A new block (a path longer than a block gets one of its own size);
    // what was left of the current one, less than this path, stays unused.
    std::size_t block = std::max(size, kBlockSize);
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(block));
    free_ = blocks_.back().get();
    left_ = block;
  }
  char* start = free_;
  for (std::string_view part : parts) {
    std::memcpy(free_, part.data(), part.size());
    free_ += part.size();
  }
  left_ -= size;
  return {start, size};
}

}  // namespace hoard::catalog
