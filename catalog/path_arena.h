// Paths packed into large blocks, for an index run's tens of thousands of
// them: one heap allocation per path, each in fresh memory, was a visible
// share of a no-change re-index (on a VM a first-touched page costs ~15 us).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <string_view>
#include <vector>

namespace hoard::catalog {

class PathArena {
 public:
  // The concatenation of `parts`, stored in the arena. The view stays valid
  // as long as the arena, moves of the arena included: blocks never move.
  std::string_view Add(std::initializer_list<std::string_view> parts);

 private:
  static constexpr std::size_t kBlockSize = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* free_ = nullptr;
  std::size_t left_ = 0;
};

}  // namespace hoard::catalog
