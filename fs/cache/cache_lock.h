// CacheLock: a cache directory has one owner at a time.
//
// The owner is the process that may change the cache's blocks behind the
// index's back: a mount (it sweeps orphaned data files at start, punches
// evicted blocks, keeps block bitmaps in memory) or an administration
// command that evicts, or rebuilds a damaged index. Two owners at once would
// each trust their own picture of the data files, so a second mount on a
// cache dir in use is refused. Others (`hoard cache stats`, `pin`, `unpin`,
// `verify`, `hoard link status`) only go through SQLite, which is safe beside
// the owner, and take no lock.
//
// Mechanism: flock(LOCK_EX) on cache_dir/lock, held for the owner's life.
// The kernel drops it when the process dies, so a lock of a dead process
// (kill -9, power loss) never blocks. The lock file holds one line naming
// the owner ("hoardfs (pid 123) on /home/me/music"), read by the process that
// is refused so it can name what it waits for. The lock file is not a SQLite
// file: opening and closing it cannot touch SQLite's own locks.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "base/status.h"

namespace hoard::fs {

class CacheLock {
 public:
  static constexpr const char* kFileName = "lock";

  // Takes the lock of `dir` (created 0700 if missing), waiting up to `wait`
  // for an owner to leave. `owner` describes this process without its pid
  // ("hoardfs on /mnt"); the pid is added. EBUSY names the owner otherwise:
  // "cache dir D is in use by hoardfs (pid 123) on /mnt".
  static Result<CacheLock> Acquire(const std::filesystem::path& dir, const std::string& owner,
                                   std::chrono::milliseconds wait);
  // The owner line of `dir`'s lock file, or "" when it has none.
  static std::string Owner(const std::filesystem::path& dir);

  CacheLock(CacheLock&& other) noexcept;
  CacheLock& operator=(CacheLock&& other) noexcept;
  CacheLock(const CacheLock&) = delete;
  CacheLock& operator=(const CacheLock&) = delete;
  ~CacheLock();

  // Rewrites the owner line with the current pid (a daemon's pid differs
  // from the one that took the lock before forking; the fork keeps the lock).
  // A failure (a full disk) leaves the lock held; only the line is stale.
  Status Refresh();

 private:
  CacheLock(int fd, std::string owner) : fd_(fd), owner_(std::move(owner)) {}
  int fd_ = -1;
  std::string owner_;
};

}  // namespace hoard::fs
