// OpenedFile: one open of one remote file through the cache, shared by its
// handle (CachingFile) and a prefetch job; what caching_remote.cpp,
// cache_read_through.cpp and cache_prefetch_policy.cpp share.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "fs/cache/cache_entry.h"
#include "fs/remote/remote_source.h"

namespace hoard::fs {

struct OpenedFile {
  std::string path;
  RemoteAttr attr;
  std::shared_ptr<CacheEntry> entry;  // null: not cacheable now, pass-through
  std::mutex mu;                      // upstream and prefetching
  std::shared_ptr<RemoteFile> upstream;
  bool prefetching = false;
};

}  // namespace hoard::fs
