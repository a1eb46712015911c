// Where a source's cache lives and how big it may grow by default; what
// hoardfs main needs before it builds a CachingRemote.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "base/status.h"

namespace hoard::fs {

// $XDG_CACHE_HOME/hoard/<host>-<hash> (or ~/.cache/hoard/...), the hash of
// "user@host:port:path" so that two sources never share a cache and the same
// source always finds its own again.
Result<std::filesystem::path> DefaultCacheDir(const std::string& user, const std::string& host,
                                              int port, const std::string& path);

// The mount's link history (link_history.h) in its cache dir: a file of its
// own, so that the cache index has one SQLite connection per process.
std::filesystem::path LinkHistoryPath(const std::filesystem::path& cache_dir);

// True when `dir` holds a cache index: an offline mount has something to serve.
bool CacheExists(const std::filesystem::path& dir);

// min(10 GiB, 10% of the filesystem holding `dir` (or its nearest existing
// parent)).
std::uint64_t DefaultCacheSize(const std::filesystem::path& dir);

}  // namespace hoard::fs
