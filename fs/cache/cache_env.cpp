#include "fs/cache/cache_env.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "base/private_files.h"

namespace hoard::fs {
namespace {

Status Errno(int code, const std::string& what) { return Status::Error(code, what + ": " + std::strerror(code)); }

class PosixCacheEnv final : public CacheEnv {
 public:
  Result<int> OpenFile(const std::filesystem::path& path) override { return OpenPrivateFile(path); }

  Status Write(int fd, std::uint64_t offset, std::span<const char> bytes) override {
    std::size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        return Errno(errno, "write cache file");
      }
      done += static_cast<std::size_t>(n);
    }
    return Status::Ok();
  }

  Status Sync(int fd) override {
    if (::fdatasync(fd) != 0) return Errno(errno, "sync cache file");
    return Status::Ok();
  }

  Status Punch(int fd, std::uint64_t offset, std::uint64_t length) override {
    if (::fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, static_cast<off_t>(offset),
                    static_cast<off_t>(length)) != 0) {
      return Errno(errno, "free cache blocks");
    }
    return Status::Ok();
  }

  Status Remove(const std::filesystem::path& path) override {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return Errno(errno, "remove " + path.string());
    return Status::Ok();
  }
};

}  // namespace

CacheEnv& CacheEnv::Default() {
  static PosixCacheEnv env;
  return env;
}

}  // namespace hoard::fs
