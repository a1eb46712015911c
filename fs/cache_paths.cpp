#include "fs/cache_paths.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "fs/cache_index.h"

namespace hoard::fs {
namespace {

// FNV-1a: stable across builds and platforms, which std::hash is not.
std::uint64_t Fnv1a64(const std::string& text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

Result<std::filesystem::path> DefaultCacheDir(const std::string& user, const std::string& host,
                                              int port, const std::string& path) {
  std::filesystem::path base;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && xdg[0] == '/') {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') {
    base = std::filesystem::path(home) / ".cache";
  } else {
    return Status::Error(ENOENT, "no cache directory: neither XDG_CACHE_HOME nor HOME is set");
  }
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx",
                static_cast<unsigned long long>(
                    Fnv1a64(user + "@" + host + ":" + std::to_string(port) + ":" + path)));
  std::string safe_host;
  for (char c : host) safe_host += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') ? c : '_';
  return base / "hoard" / (safe_host + "-" + hash);
}

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
