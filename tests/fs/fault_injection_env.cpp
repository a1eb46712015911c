#include "tests/fs/fault_injection_env.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace hoard::fs::testing {
namespace {

CacheEnv& Real() { return CacheEnv::Default(); }

Status Injected(int error, const char* what) {
  return Status::Error(error, std::string("injected: ") + what + ": " + std::strerror(error));
}

}  // namespace

int FaultInjectionEnv::operations() const {
  std::lock_guard lock(mu_);
  return count_;
}

bool FaultInjectionEnv::fired() const {
  std::lock_guard lock(mu_);
  return fired_;
}

bool FaultInjectionEnv::Count(DiskOp op) {
  std::lock_guard lock(mu_);
  if (fault_.only && *fault_.only != op) return false;
  ++count_;
  const bool planted = fault_.at != 0 && count_ == fault_.at;
  if (planted && fault_.error != 0) fired_ = true;
  return planted;
}

void FaultInjectionEnv::LoseUnsynced(const std::string& path) {
  auto it = unsynced_.find(path);
  if (it == unsynced_.end()) return;
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd >= 0) {
    for (const auto& [offset, length] : it->second) (void)Real().Punch(fd, offset, length);
    ::close(fd);
  }
  unsynced_.erase(it);
}

void FaultInjectionEnv::AfterOp(bool planted) {
  if (!planted || !fault_.crash_after) return;
  std::lock_guard lock(mu_);
  std::vector<std::string> paths;
  for (const auto& [path, ranges] : unsynced_) paths.push_back(path);
  for (const std::string& path : paths) LoseUnsynced(path);
  ::_exit(kCrashExit);
}

Result<int> FaultInjectionEnv::OpenFile(const std::filesystem::path& path) {
  const bool planted = Count(DiskOp::kOpen);
  if (planted && fault_.error != 0) return Injected(fault_.error, "open");
  Result<int> fd = Real().OpenFile(path);
  if (fd.ok()) {
    std::lock_guard lock(mu_);
    paths_[*fd] = path.string();
  }
  AfterOp(planted);
  return fd;
}

Status FaultInjectionEnv::Write(int fd, std::uint64_t offset, std::span<const char> bytes) {
  const bool planted = Count(DiskOp::kWrite);
  std::span<const char> written = planted && fault_.error != 0 ? bytes.first(bytes.size() / 2) : bytes;
  bool full = false;
  {
    std::lock_guard lock(mu_);
    if (fault_.capacity != 0 && used_ + written.size() > fault_.capacity) {
      written = written.first(fault_.capacity - std::min(used_, fault_.capacity));
      full = true;
    }
    used_ += written.size();
  }
  Status status = Real().Write(fd, offset, written);
  {
    std::lock_guard lock(mu_);
    if (auto it = paths_.find(fd); it != paths_.end()) unsynced_[it->second].emplace_back(offset, written.size());
  }
  if (planted && fault_.error != 0) return Injected(fault_.error, "write");
  if (full) return Injected(ENOSPC, "write");
  AfterOp(planted);
  return status;
}

Status FaultInjectionEnv::Sync(int fd) {
  const bool planted = Count(DiskOp::kSync);
  if (planted && fault_.error != 0) {
    if (fault_.before) fault_.before();
    std::lock_guard lock(mu_);
    if (auto it = paths_.find(fd); it != paths_.end()) LoseUnsynced(it->second);
    return Injected(fault_.error, "fdatasync");
  }
  Status status = Real().Sync(fd);
  if (status.ok()) {
    std::lock_guard lock(mu_);
    if (auto it = paths_.find(fd); it != paths_.end()) unsynced_.erase(it->second);
  }
  AfterOp(planted);
  return status;
}

Status FaultInjectionEnv::Punch(int fd, std::uint64_t offset, std::uint64_t length) {
  const bool planted = Count(DiskOp::kPunch);
  if (planted && fault_.error != 0) return Injected(fault_.error, "punch");
  Status status = Real().Punch(fd, offset, length);
  if (status.ok()) {
    std::lock_guard lock(mu_);
    used_ -= std::min(used_, length);
  }
  AfterOp(planted);
  return status;
}

Status FaultInjectionEnv::Remove(const std::filesystem::path& path) {
  const bool planted = Count(DiskOp::kRemove);
  if (planted && fault_.error != 0) return Injected(fault_.error, "remove");
  Status status = Real().Remove(path);
  {
    std::lock_guard lock(mu_);
    unsynced_.erase(path.string());
  }
  AfterOp(planted);
  return status;
}

}  // namespace hoard::fs::testing
