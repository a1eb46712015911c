#include "fs/cache/cache_block_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "base/private_files.h"

namespace hoard::fs {
Result<CacheBlockStore> CacheBlockStore::Open(const std::filesystem::path& cache_dir, CacheEnv& env) {
  std::filesystem::path dir = cache_dir / kDataDir;
  HOARD_RETURN_IF_ERROR(MakePrivateDir(dir));
  return CacheBlockStore(dir, env);
}

std::filesystem::path CacheBlockStore::PathOf(std::int64_t id) const {
  return dir_ / std::to_string(id);
}

Result<int> CacheBlockStore::OpenDataFile(std::int64_t id) const {
  Result<int> fd = env_->OpenFile(PathOf(id));
  if (!fd.ok()) return fd.status().WithContext("cache file");
  return fd;
}

Status CacheBlockStore::Write(int fd, std::uint64_t offset, std::span<const char> bytes) const {
  return env_->Write(fd, offset, bytes);
}

Status CacheBlockStore::Sync(int fd) const { return env_->Sync(fd); }

Status CacheBlockStore::Punch(int fd, std::uint64_t offset, std::uint64_t length) const {
  return env_->Punch(fd, offset, length);
}

Status CacheBlockStore::Remove(std::int64_t id) const { return env_->Remove(PathOf(id)); }

Status CacheBlockStore::RemoveOrphans(const std::vector<std::int64_t>& known_ids) const {
  std::vector<std::int64_t> known = known_ids;
  std::sort(known.begin(), known.end());
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    const std::string name = entry.path().filename().string();
    char* end = nullptr;
    long long id = std::strtoll(name.c_str(), &end, 10);
    bool ours = end != name.c_str() && *end == '\0';
    if (!ours || !std::binary_search(known.begin(), known.end(), id)) (void)env_->Remove(entry.path());
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
