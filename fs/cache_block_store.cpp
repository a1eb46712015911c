#include "fs/cache_block_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "base/private_files.h"

namespace hoard::fs {
namespace {

Status Errno(int code, const std::string& what) {
  return Status::Error(code, what + ": " + std::strerror(code));
}

}  // namespace

Result<CacheBlockStore> CacheBlockStore::Open(const std::filesystem::path& cache_dir) {
  std::filesystem::path dir = cache_dir / kDataDir;
  HOARD_RETURN_IF_ERROR(MakePrivateDir(dir));
  return CacheBlockStore(dir);
}

std::filesystem::path CacheBlockStore::PathOf(std::int64_t id) const {
  return dir_ / std::to_string(id);
}

Result<int> CacheBlockStore::OpenDataFile(std::int64_t id) const {
  Result<int> fd = OpenPrivateFile(PathOf(id));
  if (!fd.ok()) return fd.status().WithContext("cache file");
  return fd;
}

Status CacheBlockStore::Write(int fd, std::uint64_t offset, std::span<const char> bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done,
                         static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno(errno, "write cache file");
    }
    done += static_cast<std::size_t>(n);
  }
  return Status::Ok();
}

Status CacheBlockStore::Sync(int fd) {
  if (::fdatasync(fd) != 0) return Errno(errno, "sync cache file");
  return Status::Ok();
}

Status CacheBlockStore::Punch(int fd, std::uint64_t offset, std::uint64_t length) {
  if (::fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, static_cast<off_t>(offset),
                  static_cast<off_t>(length)) != 0) {
    return Errno(errno, "free cache blocks");
  }
  return Status::Ok();
}

Status CacheBlockStore::Remove(std::int64_t id) const {
  std::filesystem::path path = PathOf(id);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return Errno(errno, "remove cache file " + path.string());
  }
  return Status::Ok();
}

Status CacheBlockStore::RemoveOrphans(const std::vector<std::int64_t>& known_ids) const {
  std::vector<std::int64_t> known = known_ids;
  std::sort(known.begin(), known.end());
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    const std::string name = entry.path().filename().string();
    char* end = nullptr;
    long long id = std::strtoll(name.c_str(), &end, 10);
    bool ours = end != name.c_str() && *end == '\0';
    if (!ours || !std::binary_search(known.begin(), known.end(), id)) {
      std::filesystem::remove(entry.path(), ec);
    }
  }
  if (ec) return Status::Error(EIO, "scan " + dir_.string() + ": " + ec.message());
  return Status::Ok();
}

std::uint64_t CacheBlockStore::AllocatedBytes() const {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    struct stat st {};
    if (::stat(entry.path().c_str(), &st) == 0) total += static_cast<std::uint64_t>(st.st_blocks) * 512;
  }
  return total;
}

}  // namespace hoard::fs
