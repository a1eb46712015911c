// CacheEntry: the in-memory state of one cached remote file version, shared
// by every open handle of it, the prefetcher and the evictor.
//
// Each block is absent, being fetched, or present. Present blocks are the
// ones recorded in the index plus the "pending" ones: written to the data
// file (readable) but not yet synced and recorded. Pending blocks are synced
// and recorded in groups (CacheStore::Commit), so a cold read pays one
// fdatasync per several MiB instead of one per fetch; a crash loses them,
// which only means fetching them again. The bitmap is loaded once per open
// so the warm path never asks SQLite. "Being fetched" (a BlockClaim) lets a
// reader wait for a fetch that is already on its way (the prefetcher's, or another reader's) instead of
// fetching the same bytes twice.
//
// Locking: the data gate (DataGate) is a readers/writer gate around the bytes
// of present blocks. Readers (and writers of new blocks, and commits) hold it
// shared; the evictor, and the store when it drops a version, hold it
// exclusively while they mark blocks absent and punch or unlink them, so no
// reader can find a block present and then read a hole. `mu` guards the
// bitmap only and is never held across I/O.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fs/cache/cache_index.h"

namespace hoard::fs {

// Changing it needs a cache index migration (cache_index.cpp).
inline constexpr std::uint32_t kCacheBlockSize = 16 * 1024;

// DataGate: who may touch an entry's data file. Many at once under the
// shared side (reads of cached bytes, writes of fetched ones, the sync and
// record of a commit), or one under the exclusive side (eviction, which
// punches blocks out); a waiting exclusive user goes before new shared ones,
// so eviction is never starved by a stream of reads. Lockable and
// SharedLockable: take it with std::shared_lock / std::unique_lock.
class DataGate {
 public:
  void lock_shared();
  void unlock_shared();
  void lock();
  void unlock();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int readers_ = 0;
  bool writer_ = false;
  int writers_waiting_ = 0;
};

class CacheEntry {
 public:
  enum class BlockState : std::uint8_t { kAbsent, kFetching, kPresent };

  // Takes ownership of `fd` (the data file). Blocks listed in `present` whose
  // bytes lie beyond the data file's end (a truncated file) or over a hole
  // (punched, SEEK_HOLE) are left out and returned in `damaged` so the
  // caller can drop them from the index.
  CacheEntry(CachedFileRecord record, int fd, const std::vector<BlockRecord>& present,
             std::vector<BlockRecord>* damaged);
  ~CacheEntry();
  CacheEntry(const CacheEntry&) = delete;
  CacheEntry& operator=(const CacheEntry&) = delete;

  std::int64_t id() const { return record_.id; }
  const std::string& path() const { return record_.path; }
  std::uint64_t size() const { return record_.size; }
  std::int64_t mtime() const { return record_.mtime; }
  int fd() const { return fd_; }
  std::uint32_t block_count() const { return static_cast<std::uint32_t>(state_.size()); }
  std::uint32_t BlockLength(std::uint32_t index) const;
  std::uint64_t BlockOffset(std::uint32_t index) const {
    return static_cast<std::uint64_t>(index) * kCacheBlockSize;
  }

  // --- who may touch the data file (see DataGate)
  DataGate& gate() { return gate_; }

  // --- bitmap (each takes `mu` itself)
  // End of the run of present blocks covering [offset, end), starting at
  // offset; == offset when the block at offset is not present.
  std::uint64_t PresentRunEnd(std::uint64_t offset, std::uint64_t end);
  // Claims (see BlockClaim) and finishes them. Claim marks absent blocks
  // from `first` on as being fetched: at least up to `want_last` (stopping
  // at the first block that is not absent) and then, as read-ahead, up to
  // `ahead_last`. Returns one past the last claimed block; == first when
  // the first block was not absent.
  std::uint32_t Claim(std::uint32_t first, std::uint32_t want_last, std::uint32_t ahead_last);
  void Finish(std::uint32_t first, std::uint32_t end, bool present);
  // Waits while block `index` is being fetched; returns its state after.
  BlockState WaitWhileFetching(std::uint32_t index);
  // First absent block at or after `from`, or block_count().
  std::uint32_t NextAbsent(std::uint32_t from);
  bool Complete();
  // Under the gate's exclusive side: marks up to `max_bytes` of present blocks
  // absent (lowest first), pending ones included, and returns them; the
  // caller unrecords and punches.
  std::vector<BlockRecord> TakePresentForEviction(std::uint64_t max_bytes);
  // Marks blocks absent after a failed read of the data file; returns the
  // bytes of those that were pending (not recorded yet).
  std::uint64_t MarkAbsent(const std::vector<BlockRecord>& blocks);

  // --- group commit (under the gate's shared side)
  // Failed syncs of the data file so far (see SyncFailed).
  std::uint64_t sync_failures();
  // Blocks [first, end), claimed, were written: present and pending from
  // now on, unless a sync of the data file failed since `sync_failures`
  // was read before the write: the kernel may have dropped those pages,
  // so they go back to absent (false).
  bool FinishStored(std::uint32_t first, std::uint32_t end, std::int64_t now_ms, std::uint64_t sync_failures);
  std::vector<BlockRecord> TakePending();
  // A sync of the data file failed: every block written before it may be
  // lost, the ones `taken` for it and the ones other readers wrote
  // meanwhile (pending since). Marks all of them absent at once, counts
  // the failure (see FinishStored) and returns them.
  std::vector<BlockRecord> SyncFailed(std::vector<BlockRecord> taken);
  std::uint64_t pending_bytes();
  std::int64_t pending_since_ms();

  // --- a version that changed on the server while it was open
  // Set when the store drops this version (Forget*): its fetches are not
  // stored and its pending blocks not recorded; readers get ESTALE for what
  // the cache does not hold yet.
  void MarkForgotten() { forgotten_ = true; }
  bool forgotten() const { return forgotten_.load(); }

  // Last access in CacheClock milliseconds, for LRU.
  void Touch(std::int64_t now_ms);
  std::int64_t last_access_ms();

 private:
  // Returns the bytes of the blocks that were pending.
  std::uint64_t ForgetPendingLocked(const std::vector<BlockRecord>& blocks);

  const CachedFileRecord record_;
  const int fd_;
  std::atomic<bool> forgotten_{false};

  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<BlockState> state_;
  std::vector<std::uint32_t> pending_;
  std::uint64_t pending_bytes_ = 0;
  std::int64_t pending_since_ms_ = 0;
  std::uint64_t sync_failures_ = 0;
  std::int64_t last_access_ms_;

  DataGate gate_;
};

// BlockClaim: blocks [first, end) of an entry that one reader has claimed
// (marked as being fetched, so others wait for them rather than fetch them
// twice). A claim always finishes: Finish() says whether the blocks are now
// present, and a claim dropped unfinished (an error, an early return) puts
// them back to absent, so no waiter is left waiting.
class BlockClaim {
 public:
  // Claims as CacheEntry::Claim does; empty() when `first` was not absent.
  BlockClaim(std::shared_ptr<CacheEntry> entry, std::uint32_t first, std::uint32_t want_last,
             std::uint32_t ahead_last)
      : entry_(std::move(entry)), first_(first), end_(entry_->Claim(first, want_last, ahead_last)) {}
  ~BlockClaim() {
    if (!finished_) entry_->Finish(first_, end_, false);
  }
  BlockClaim(const BlockClaim&) = delete;
  BlockClaim& operator=(const BlockClaim&) = delete;

  bool empty() const { return end_ == first_; }
  std::uint32_t first() const { return first_; }
  std::uint32_t end() const { return end_; }
  CacheEntry& entry() const { return *entry_; }
  void Finish(bool present) {
    entry_->Finish(first_, end_, present);
    finished_ = true;
  }
  // CacheEntry::FinishStored for the claimed blocks.
  bool FinishStored(std::int64_t now_ms, std::uint64_t sync_failures) {
    finished_ = true;
    return entry_->FinishStored(first_, end_, now_ms, sync_failures);
  }

 private:
  const std::shared_ptr<CacheEntry> entry_;
  const std::uint32_t first_;
  const std::uint32_t end_;
  bool finished_ = false;
};

}  // namespace hoard::fs
