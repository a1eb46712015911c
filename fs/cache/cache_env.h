// CacheEnv: the cache's seam for the disk (LevelDB's Env is the model).
//
// The few disk operations through which the cache changes its data files go
// through here, so that tests can fail any one of them (ENOSPC, EIO on
// fdatasync) or crash right after it (fault_injection_env.h in tests/fs),
// without root and without a special disk. Time has its own seam,
// CacheClock; the index goes through SQLite, whose own faults are SQLite's.
//
// Contract of each operation, as the cache relies on it:
// - OpenFile: open read-write, created 0600 if missing; the caller owns the fd.
// - Write: all of `bytes` at `offset`, or a failed Status (a short write is
//   an error; what part reached the file is unknown).
// - Sync: fdatasync; only bytes written before a successful Sync are durable.
// - Punch: frees [offset, offset+length), which reads as zeros afterwards.
// - Remove: unlink; a missing file is success.
// All may be called from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>

#include "base/status.h"

namespace hoard::fs {

class CacheEnv {
 public:
  virtual ~CacheEnv() = default;
  virtual Result<int> OpenFile(const std::filesystem::path& path) = 0;
  virtual Status Write(int fd, std::uint64_t offset, std::span<const char> bytes) = 0;
  virtual Status Sync(int fd) = 0;
  virtual Status Punch(int fd, std::uint64_t offset, std::uint64_t length) = 0;
  virtual Status Remove(const std::filesystem::path& path) = 0;

  // The real disk (POSIX calls), shared by every cache of the process.
  static CacheEnv& Default();
};

}  // namespace hoard::fs
