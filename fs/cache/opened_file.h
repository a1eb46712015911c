// OpenedFile: one open of one remote file through the cache, shared by its
// handle (CachingFile) and a prefetch job; what caching_remote.cpp,
// cache_read_through.cpp and cache_prefetch_policy.cpp share.
#pragma once

#include <cstdint>
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

  // How the handle reads, for read-ahead and prefetch (pattern_mu): the
  // furthest end of the current forward run of reads, their count and bytes.
  std::mutex pattern_mu;
  std::uint64_t next_offset = 0;
  std::uint32_t sequential_reads = 0;
  std::uint64_t sequential_bytes = 0;
  // Where the handle read, for the tag-read profile (cache_tags_ahead.cpp):
  // the end of its reads in the first half, the start of those in the
  // second (UINT64_MAX: none), and how much in all.
  std::uint64_t head_end = 0;
  std::uint64_t tail_from = UINT64_MAX;
  std::uint64_t bytes_read = 0;
};

}  // namespace hoard::fs
