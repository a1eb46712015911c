#include "fs/cache/cache_entry.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

namespace hoard::fs {
namespace {

// The holes [start, end) of the first `size` bytes of `fd`, from SEEK_HOLE /
// SEEK_DATA. A recorded block over a hole was punched after a crash undid
// its unrecording (or by someone else): it reads as zeros and must not be
// served. File systems without hole support report none.
std::vector<std::pair<std::uint64_t, std::uint64_t>> Holes(int fd, std::uint64_t size) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> holes;
  off_t pos = 0;
  while (static_cast<std::uint64_t>(pos) < size) {
    off_t hole = ::lseek(fd, pos, SEEK_HOLE);
    if (hole < 0 || static_cast<std::uint64_t>(hole) >= size) break;
    off_t data = ::lseek(fd, hole, SEEK_DATA);
    std::uint64_t end = data < 0 ? size : std::min<std::uint64_t>(size, static_cast<std::uint64_t>(data));
    holes.emplace_back(static_cast<std::uint64_t>(hole), end);
    if (data < 0) break;
    pos = data;
  }
  return holes;
}

bool Overlaps(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& holes, std::uint64_t start,
              std::uint64_t end) {
  auto it = std::upper_bound(holes.begin(), holes.end(), start,
                             [](std::uint64_t v, const auto& hole) { return v < hole.second; });
  return it != holes.end() && it->first < end;
}

}  // namespace

CacheEntry::CacheEntry(CachedFileRecord record, int fd, const std::vector<BlockRecord>& present,
                       std::vector<BlockRecord>* damaged)
    : record_(std::move(record)),
      fd_(fd),
      state_((record_.size + kCacheBlockSize - 1) / kCacheBlockSize, BlockState::kAbsent),
      last_access_ms_(record_.last_access_ms) {
  struct stat st {};
  std::uint64_t file_end = ::fstat(fd_, &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
  const std::vector<std::pair<std::uint64_t, std::uint64_t>> holes = Holes(fd_, file_end);
  for (const BlockRecord& b : present) {
    bool valid = b.index < state_.size() && b.length == BlockLength(b.index) &&
                 BlockOffset(b.index) + b.length <= file_end &&
                 !Overlaps(holes, BlockOffset(b.index), BlockOffset(b.index) + b.length);
    if (valid) {
      state_[b.index] = BlockState::kPresent;
    } else if (damaged != nullptr) {
      damaged->push_back(b);
    }
  }
}

CacheEntry::~CacheEntry() {
  if (fd_ >= 0) ::close(fd_);
}

std::uint32_t CacheEntry::BlockLength(std::uint32_t index) const {
  std::uint64_t start = BlockOffset(index);
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(kCacheBlockSize, record_.size - start));
}

void DataGate::lock_shared() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !writer_ && writers_waiting_ == 0; });
  ++readers_;
}

void DataGate::unlock_shared() {
  std::lock_guard lock(mu_);
  if (--readers_ == 0) cv_.notify_all();
}

void DataGate::lock() {
  std::unique_lock lock(mu_);
  ++writers_waiting_;
  cv_.wait(lock, [&] { return !writer_ && readers_ == 0; });
  --writers_waiting_;
  writer_ = true;
}

void DataGate::unlock() {
  std::lock_guard lock(mu_);
  writer_ = false;
  cv_.notify_all();
}

std::uint64_t CacheEntry::PresentRunEnd(std::uint64_t offset, std::uint64_t end) {
  std::lock_guard lock(mu_);
  std::uint64_t pos = offset;
  while (pos < end) {
    auto index = static_cast<std::uint32_t>(pos / kCacheBlockSize);
    if (state_[index] != BlockState::kPresent) break;
    pos = std::min(end, BlockOffset(index) + BlockLength(index));
  }
  return pos;
}

std::uint32_t CacheEntry::Claim(std::uint32_t first, std::uint32_t want_last,
                                std::uint32_t ahead_last) {
  std::lock_guard lock(mu_);
  std::uint32_t last = std::min<std::uint32_t>(std::max(want_last, ahead_last), block_count() - 1);
  std::uint32_t i = first;
  while (i <= last && state_[i] == BlockState::kAbsent) state_[i++] = BlockState::kFetching;
  return i;
}

void CacheEntry::Finish(std::uint32_t first, std::uint32_t end, bool present) {
  {
    std::lock_guard lock(mu_);
    for (std::uint32_t i = first; i < end; ++i) {
      state_[i] = present ? BlockState::kPresent : BlockState::kAbsent;
    }
  }
  changed_.notify_all();
}

CacheEntry::BlockState CacheEntry::WaitWhileFetching(std::uint32_t index) {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return state_[index] != BlockState::kFetching; });
  return state_[index];
}

std::uint32_t CacheEntry::NextAbsent(std::uint32_t from) {
  std::lock_guard lock(mu_);
  while (from < state_.size() && state_[from] != BlockState::kAbsent) ++from;
  return from;
}

bool CacheEntry::Complete() {
  std::lock_guard lock(mu_);
  return std::all_of(state_.begin(), state_.end(),
                     [](BlockState s) { return s == BlockState::kPresent; });
}

std::vector<BlockRecord> CacheEntry::TakePresentForEviction(std::uint64_t max_bytes) {
  std::lock_guard lock(mu_);
  std::vector<BlockRecord> taken;
  std::uint64_t bytes = 0;
  for (std::uint32_t i = 0; i < state_.size() && bytes < max_bytes; ++i) {
    if (state_[i] != BlockState::kPresent) continue;
    state_[i] = BlockState::kAbsent;
    taken.push_back({i, BlockLength(i)});
    bytes += BlockLength(i);
  }
  ForgetPendingLocked(taken);
  return taken;
}

std::uint64_t CacheEntry::ForgetPendingLocked(const std::vector<BlockRecord>& blocks) {
  std::uint64_t forgotten = 0;
  for (const BlockRecord& b : blocks) {
    auto it = std::find(pending_.begin(), pending_.end(), b.index);
    if (it == pending_.end()) continue;
    pending_.erase(it);
    pending_bytes_ -= b.length;
    forgotten += b.length;
  }
  return forgotten;
}

std::uint64_t CacheEntry::sync_failures() {
  std::lock_guard lock(mu_);
  return sync_failures_;
}

bool CacheEntry::FinishStored(std::uint32_t first, std::uint32_t end, std::int64_t now_ms,
                              std::uint64_t sync_failures) {
  bool kept;
  {
    std::lock_guard lock(mu_);
    kept = sync_failures == sync_failures_;
    if (kept && pending_.empty()) pending_since_ms_ = now_ms;
    for (std::uint32_t i = first; i < end; ++i) {
      state_[i] = kept ? BlockState::kPresent : BlockState::kAbsent;
      if (!kept) continue;
      pending_.push_back(i);
      pending_bytes_ += BlockLength(i);
    }
  }
  changed_.notify_all();
  return kept;
}

std::vector<BlockRecord> CacheEntry::SyncFailed(std::vector<BlockRecord> taken) {
  std::lock_guard lock(mu_);
  ++sync_failures_;
  for (std::uint32_t i : pending_) taken.push_back({i, BlockLength(i)});
  pending_.clear();
  pending_bytes_ = 0;
  for (const BlockRecord& b : taken) {
    if (b.index < state_.size() && state_[b.index] == BlockState::kPresent) state_[b.index] = BlockState::kAbsent;
  }
  return taken;
}

std::vector<BlockRecord> CacheEntry::TakePending() {
  std::lock_guard lock(mu_);
  std::vector<BlockRecord> out;
  for (std::uint32_t i : pending_) out.push_back({i, BlockLength(i)});
  pending_.clear();
  pending_bytes_ = 0;
  return out;
}

std::uint64_t CacheEntry::pending_bytes() {
  std::lock_guard lock(mu_);
  return pending_bytes_;
}

std::int64_t CacheEntry::pending_since_ms() {
  std::lock_guard lock(mu_);
  return pending_since_ms_;
}

std::uint64_t CacheEntry::MarkAbsent(const std::vector<BlockRecord>& blocks) {
  std::lock_guard lock(mu_);
  const std::uint64_t pending = ForgetPendingLocked(blocks);
  for (const BlockRecord& b : blocks) {
    if (b.index < state_.size() && state_[b.index] == BlockState::kPresent) {
      state_[b.index] = BlockState::kAbsent;
    }
  }
  return pending;
}

void CacheEntry::Touch(std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  last_access_ms_ = std::max(last_access_ms_, now_ms);
}

std::int64_t CacheEntry::last_access_ms() {
  std::lock_guard lock(mu_);
  return last_access_ms_;
}

}  // namespace hoard::fs
