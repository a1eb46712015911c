// FaultInjectionEnv: the real disk, with one fault planted at the Nth of the
// cache's disk operations (CacheEnv), for the fault suite (cache_fault_test).
//
// Faults, as a disk and a kernel really produce them:
// - an error (ENOSPC, EIO, ...) instead of the operation; a failed Write
//   first writes half of its bytes (a short write);
// - a failed Sync first loses the bytes written since the last good sync
//   (they are punched: the kernel drops dirty pages whose writeback failed);
// - a disk of `capacity` bytes: a Write that would take the data files past
//   it writes what fits and fails with ENOSPC (punches give space back);
// - a crash right after the operation: the bytes not yet synced are lost
//   (punched) and the process ends at once with kCrashExit, as after a power
//   cut. (SQLite's own writes are not under this seam: after the crash the
//   index holds what it committed, as after kill -9.)
// Operations are counted in the order they are made; `only` restricts the
// count to one kind. Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fs/cache/cache_env.h"

namespace hoard::fs::testing {

enum class DiskOp { kOpen, kWrite, kSync, kPunch, kRemove };

struct DiskFault {
  int at = 0;                   // 1-based among the counted operations; 0: no fault
  std::optional<DiskOp> only;   // count only this kind
  int error = 0;                // fail the operation with this errno
  bool crash_after = false;     // or run it, then crash
  std::uint64_t capacity = 0;   // bytes the data files may take; 0: the real disk's
  // Runs as a planted error fires, before anything of it: a test's other
  // reader, say, writing while a sync is under way.
  std::function<void()> before = nullptr;
};

class FaultInjectionEnv final : public CacheEnv {
 public:
  static constexpr int kCrashExit = 77;

  explicit FaultInjectionEnv(DiskFault fault = {}) : fault_(fault) {}

  // Counted operations so far.
  int operations() const;
  // Whether the planted error was returned.
  bool fired() const;

  Result<int> OpenFile(const std::filesystem::path& path) override;
  Status Write(int fd, std::uint64_t offset, std::span<const char> bytes) override;
  Status Sync(int fd) override;
  Status Punch(int fd, std::uint64_t offset, std::uint64_t length) override;
  Status Remove(const std::filesystem::path& path) override;

 private:
  // Counts `op`; true when the fault is planted on it.
  bool Count(DiskOp op);
  void AfterOp(bool planted);
  void LoseUnsynced(const std::string& path);

  const DiskFault fault_;
  mutable std::mutex mu_;
  int count_ = 0;
  bool fired_ = false;
  std::uint64_t used_ = 0;  // bytes written minus bytes punched, for `capacity`
  std::map<int, std::string> paths_;  // fd -> data file, as opened here
  std::map<std::string, std::vector<std::pair<std::uint64_t, std::uint64_t>>> unsynced_;
};

}  // namespace hoard::fs::testing
