#include "fs/cache/cache_paths.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstdio>

#include "base/fnv1a.h"
#include "base/xdg_dirs.h"
#include "fs/cache/cache_index.h"

namespace hoard::fs {

Result<std::filesystem::path> DefaultCacheDir(const std::string& user, const std::string& host,
                                              int port, const std::string& path) {
  Result<std::filesystem::path> base = HoardCacheDir();
  if (!base.ok()) return base.status();
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx",
                static_cast<unsigned long long>(
                    Fnv1a64(user + "@" + host + ":" + std::to_string(port) + ":" + path)));
  std::string safe_host;
  for (char c : host) safe_host += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') ? c : '_';
  return *base / (safe_host + "-" + hash);
}

std::filesystem::path LinkHistoryPath(const std::filesystem::path& cache_dir) { return cache_dir / "link.db"; }

bool CacheExists(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::is_regular_file(dir / CacheIndex::kFileName, ec);
}

std::uint64_t DefaultCacheSize(const std::filesystem::path& dir) {
  constexpr std::uint64_t kMax = 10ULL << 30;
  std::filesystem::path probe = dir;
  struct statvfs vfs {};
  while (::statvfs(probe.c_str(), &vfs) != 0) {
    if (!probe.has_parent_path() || probe.parent_path() == probe) return kMax;
    probe = probe.parent_path();
  }
  std::uint64_t tenth = static_cast<std::uint64_t>(vfs.f_blocks) * vfs.f_frsize / 10;
  return std::min(kMax, tenth);
}

}  // namespace hoard::fs
