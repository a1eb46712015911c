// CacheStore: the disk side of the cache as one unit: the index, the data
// files, the entries that are live in memory, and the size cap.
//
// Why these belong together: an entry's bitmap is loaded from the index, its
// bytes live in a data file, and eviction must change all three at once
// without a reader ever seeing a block as present after its bytes are gone.
// The store hands out one CacheEntry per cached file version (shared by all
// its open handles, the prefetcher and the evictor) and is the only place
// that adds or removes blocks.
//
// Size cap: bytes are reserved before they are written (MakeRoom), so the
// cache directory exceeds the cap at most by the file-system rounding of
// partial blocks. Eviction (least-recently-used unpinned files, block by
// block) runs on the committer thread, never on a reader's: it starts when
// a reservation brings the cache near the cap and frees a little more than
// needed; a reservation that finds no room waits for that round (kRoomWait
// at most). Pinned files are never evicted (when only pinned bytes are
// left, new bytes are simply not cached). The committer thread also records
// pending blocks (group commit), so no reader ever waits for an fdatasync.
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <condition_variable>

#include "fs/cache/cache_block_store.h"
#include "fs/cache/cache_clock.h"
#include "fs/cache/cache_entry.h"
#include "fs/cache/cache_index.h"

namespace hoard::fs {

class CacheStore {
 public:
  // `rebuilt` is set when a damaged index was discarded (see CacheIndex).
  // The owner (kOwner: the holder of the CacheLock, see cache_lock.h) sweeps
  // data files no index row names (left by a crash) and may rebuild a
  // damaged index; a process beside it (kBeside) must do neither: the owner
  // may be between creating a row and its file.
  static Result<std::unique_ptr<CacheStore>> Open(const std::filesystem::path& dir,
                                                  std::uint64_t cap_bytes, const CacheClock& clock,
                                                  bool* rebuilt = nullptr,
                                                  CacheAccess access = CacheAccess::kOwner,
                                                  CacheEnv& env = CacheEnv::Default());

  // Stops the committer thread; pending blocks not committed before are lost
  // (callers CommitAll() first).
  ~CacheStore();

  CacheIndex& index() { return *index_; }
  std::uint64_t cap_bytes() const { return cap_; }
  // Bytes of cached blocks (what the cap limits, with the index's size).
  std::uint64_t used_bytes() const { return used_.load(); }

  // The entry of `path` at version (size, mtime). An older version's blocks
  // are dropped first. `unchanged` is set when this version was already
  // known to the cache (the kernel may keep its page cache).
  Result<std::shared_ptr<CacheEntry>> Acquire(const std::string& path, std::uint64_t size,
                                              std::int64_t mtime, bool* unchanged);
  // Drops every cached byte of `path` (it changed or vanished upstream);
  // ForgetVersion only when the cached version is (size, mtime): another
  // opener may already have cached the newer one; ForgetOtherVersions
  // unless it is (size, mtime), the version the server now shows. A live
  // entry of the dropped version is marked forgotten (CacheEntry).
  Status Forget(const std::string& path);
  Status ForgetVersion(const std::string& path, std::uint64_t size, std::int64_t mtime);
  Status ForgetOtherVersions(const std::string& path, std::uint64_t size, std::int64_t mtime);

  // Writes the claimed blocks of `entry` (bytes = their contents) and
  // finishes the claim with them present and pending; when they reach
  // kCommitBytes or kCommitMillis, wakes the committer thread (the reader
  // never waits for an fdatasync: the disk may be slower than the link). On
  // failure (ENOSPC, cap full of pinned files, I/O error) the claim is left
  // unfinished, so its blocks go back to absent.
  Status StoreBlocks(const std::shared_ptr<CacheEntry>& entry, BlockClaim& claim,
                     std::span<const char> bytes);
  // Syncs the entry's data file, then records its pending blocks. When the
  // sync fails they are not recorded and go back to absent: bytes a failed
  // fdatasync covered are not trusted.
  Status Commit(const std::shared_ptr<CacheEntry>& entry);
  // Commit() of every entry with pending blocks. The store holds those
  // entries until then, so closing a file never loses its new blocks.
  Status CommitAll();
  // Asks the committer thread for a CommitAll() soon.
  void WakeCommitter();

  static constexpr std::uint64_t kCommitBytes = 16 << 20;
  static constexpr std::chrono::seconds kRoomWait{2};
  static constexpr std::int64_t kCommitMillis = 2000;
  static constexpr std::size_t kCommitFiles = 64;  // each holds an open fd
  // Reads cached bytes; a short read (the data file was truncated behind our
  // back) drops the damaged blocks and returns EIO so the caller refetches.
  Status ReadCached(const std::shared_ptr<CacheEntry>& entry, std::uint64_t offset,
                    std::span<char> out);

  // Evicts LRU unpinned blocks until used + index size <= target.
  Status EvictDownTo(std::uint64_t target_bytes);
  // Persists in-memory access times of live entries (for LRU order).
  Status FlushAccessTimes();

 private:
  CacheStore(std::unique_ptr<CacheIndex> index, CacheBlockStore blocks, std::uint64_t cap,
             const CacheClock& clock);
  Result<std::shared_ptr<CacheEntry>> LoadLocked(const CachedFileRecord& record);
  Status MakeRoom(std::uint64_t bytes);
  // Below the cap by this much after an eviction: the next fetches then do
  // not each wait for an eviction of their own.
  std::uint64_t Hysteresis() const;
  Status ForgetIf(const std::string& path,
                  const std::function<bool(const CachedFileRecord&)>& matches);
  // Drops `record`'s version (index row, data file, its bytes from used_);
  // a live entry of it is marked forgotten first, under its data gate.
  // live_mu_ held.
  Status DropLocked(const CachedFileRecord& record);
  Status EvictDownToLocked(std::uint64_t target_bytes);
  Result<std::uint64_t> EvictFrom(const CachedFileRecord& victim, std::uint64_t bytes);
  void DropDamaged(const std::shared_ptr<CacheEntry>& entry, const std::vector<BlockRecord>& blocks);

  std::unique_ptr<CacheIndex> index_;
  CacheBlockStore blocks_;
  const std::uint64_t cap_;
  const CacheClock& clock_;
  std::atomic<std::uint64_t> used_{0};

  std::mutex live_mu_;  // guards live_; held while an entry is loaded or dropped
  std::map<std::int64_t, std::weak_ptr<CacheEntry>> live_;
  std::mutex evict_mu_;  // one eviction at a time

  // Room under the cap (MakeRoom waits here for the committer's eviction).
  std::mutex room_mu_;
  std::condition_variable room_cv_;
  bool evict_wanted_ = false;
  std::uint64_t room_wanted_ = 0;  // the largest reservation waiting
  std::uint64_t rounds_started_ = 0, rounds_done_ = 0;

  // The committer: started on first use (fork-safe), runs CommitAll().
  void RunCommitter();
  std::mutex dirty_mu_;
  std::vector<std::shared_ptr<CacheEntry>> dirty_;  // entries with pending blocks
  std::int64_t dirty_since_ms_ = 0;
  std::mutex commit_mu_;
  std::condition_variable commit_cv_;
  bool commit_wanted_ = false;
  bool commit_stop_ = false;
  std::thread committer_;
};

}  // namespace hoard::fs
