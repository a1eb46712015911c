// CacheBlockStore: the bytes of the persistent cache, one sparse data file per
// cached remote file version (cache_dir/data/<id>), block i at offset
// i * block_size.
//
// Why sparse files per remote file rather than a packed block store: the
// kernel does the space bookkeeping (holes cost nothing, punching a hole
// frees a block), a cached read is one pread (or a splice) at the remote
// file's own offset, and a damaged data file damages one remote file only.
// Ids are never reused, so a new version of a remote file gets a new data
// file and its bytes can never be mixed with the old version's.
//
// Durability: bytes are recorded in the index only after Sync() of their
// data file has returned (see CacheIndex); Write() alone leaves them in the
// page cache, which is enough to read them back (and survives kill -9), not
// to record them. Files and directories are created 0600 / 0700.
//
// Every change to a data file goes through a CacheEnv (cache_env.h), so
// tests can fail or crash at each step.
//
// Thread-safety: all methods may be called concurrently; callers make sure
// one block is not written and punched at the same time (CacheEntry's lock).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "fs/cache/cache_env.h"

namespace hoard::fs {

class CacheBlockStore {
 public:
  static constexpr const char* kDataDir = "data";

  // Creates cache_dir/data (0700) if needed. `env` must outlive the store.
  static Result<CacheBlockStore> Open(const std::filesystem::path& cache_dir, CacheEnv& env);

  // Opens (creating if needed) the data file of `id`; the caller owns the fd.
  Result<int> OpenDataFile(std::int64_t id) const;
  // Writes all of `bytes` at `offset`. ENOSPC is returned as such so the
  // caller can fall back to uncached reads.
  Status Write(int fd, std::uint64_t offset, std::span<const char> bytes) const;
  // fdatasync: what was written is durable.
  Status Sync(int fd) const;
  // Frees [offset, offset+length) (a hole reads as zeros; the index no longer
  // lists those blocks).
  Status Punch(int fd, std::uint64_t offset, std::uint64_t length) const;
  Status Remove(std::int64_t id) const;
  // Removes data files whose id is not in `known_ids` (left by a crash
  // between creating a file and recording it, or dropping it).
  Status RemoveOrphans(const std::vector<std::int64_t>& known_ids) const;
  // Bytes actually allocated on disk by the data files.
  std::uint64_t AllocatedBytes() const;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  CacheBlockStore(std::filesystem::path dir, CacheEnv& env) : dir_(std::move(dir)), env_(&env) {}
  std::filesystem::path PathOf(std::int64_t id) const;

  std::filesystem::path dir_;
  CacheEnv* env_;
};

}  // namespace hoard::fs
