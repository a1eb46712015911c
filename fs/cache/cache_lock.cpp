#include "fs/cache/cache_lock.h"

#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <thread>

#include "base/private_files.h"

namespace hoard::fs {
namespace {

// Written in place, then cut to length: truncating first would free the
// file's block and, on a full disk, leave no room to write the line again.
Status WriteOwner(int fd, const std::string& owner) {
  const std::string line = owner + "\n";
  const ssize_t n = ::pwrite(fd, line.data(), line.size(), 0);
  if (n != static_cast<ssize_t>(line.size())) {
    const int err = n < 0 ? errno : ENOSPC;
    return Status::Error(err, std::string("write the cache lock's owner: ") + std::strerror(err));
  }
  if (::ftruncate(fd, static_cast<off_t>(line.size())) != 0) {
    return Status::Error(errno, std::string("write the cache lock's owner: ") + std::strerror(errno));
  }
  return Status::Ok();
}

std::string WithPid(const std::string& owner) {
  const std::string pid = "(pid " + std::to_string(::getpid()) + ")";
  const auto space = owner.find(' ');
  return space == std::string::npos ? owner + " " + pid : owner.substr(0, space) + " " + pid + owner.substr(space);
}

}  // namespace

Result<CacheLock> CacheLock::Acquire(const std::filesystem::path& dir, const std::string& owner,
                                     std::chrono::milliseconds wait) {
  HOARD_RETURN_IF_ERROR(MakePrivateDir(dir));
  Result<int> fd = OpenPrivateFile(dir / kFileName);
  if (!fd.ok()) return fd.status();
  const auto give_up = std::chrono::steady_clock::now() + wait;
  while (::flock(*fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    if (err == EINTR) continue;
    if (err != EWOULDBLOCK || std::chrono::steady_clock::now() >= give_up) {
      ::close(*fd);
      if (err != EWOULDBLOCK) return Status::Error(err, "lock cache dir " + dir.string() + ": " + std::strerror(err));
      const std::string holder = Owner(dir);
      return Status::Error(EBUSY, "cache dir " + dir.string() + " is in use by " +
                                      (holder.empty() ? "another hoard process" : holder));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CacheLock lock(*fd, owner);
  // The lock is held either way; the line only names the owner to others.
  if (Status s = lock.Refresh(); !s.ok()) spdlog::warn("{}", s.message());
  return lock;
}

std::string CacheLock::Owner(const std::filesystem::path& dir) {
  std::ifstream in(dir / kFileName);
  std::string line;
  std::getline(in, line);
  return line;
}

CacheLock::CacheLock(CacheLock&& other) noexcept : fd_(other.fd_), owner_(std::move(other.owner_)) { other.fd_ = -1; }

CacheLock& CacheLock::operator=(CacheLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    owner_ = std::move(other.owner_);
    other.fd_ = -1;
  }
  return *this;
}

CacheLock::~CacheLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

Status CacheLock::Refresh() { return WriteOwner(fd_, WithPid(owner_)); }

}  // namespace hoard::fs
