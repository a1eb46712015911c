// CacheIndex: the one SQLite database (index.db, WAL) that says what the
// persistent cache holds.
//
// Everything the cache knows lives in this one file: which remote files have
// cached bytes and for which version (size, mtime), which blocks of them are
// present, the attributes, listings and symlink targets seen (with the time
// they were fetched, for dir_ttl), the pinned paths, the cumulative counters
// shown by `hoard cache stats`. (The mount's link history is a file of its
// own beside it: cache_paths.h.) One database rather than one metadata file per item keeps
// mount time flat with the number of cached files.
//
// Contract:
// - A block row is written only after its bytes are durably in the data file
//   (the caller fdatasyncs first). A row therefore never points at bytes that
//   a crash could lose; a crash can only lose rows, i.e. downloads.
// - Opened by the cache's owner (CacheLock, cache_lock.h), Open() does not
//   fail because the database is damaged: a database that SQLite reports
//   corrupt or that fails quick_check is discarded together with the data
//   files it described, with a warning, and a fresh one is created. Nothing
//   else counts as damage: a busy database, a full disk, a schema written by
//   a newer hoard fail the open and leave every file as it is. Opened beside
//   the owner (kBeside), damage fails the open too: only the owner may
//   discard.
// - All methods are thread-safe (one connection behind a mutex). Other
//   processes (`hoard cache ...`) may open the same database concurrently.
//   A connection must not cross fork() (a child would share its lock state
//   without holding its locks): open the index in the process that uses it.
//   Nothing else in the process may open index.db (base/private_files.h).
// - Methods return a failed Status on SQLite errors (base/sqlite_status.h:
//   SQLITE_FULL is ENOSPC); no exception leaves this class.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "fs/remote/remote_source.h"

namespace SQLite {
class Database;
}

namespace hoard::fs {

// One remote file version with cached bytes (or about to have them).
struct CachedFileRecord {
  std::int64_t id = 0;  // never reused: names the data file
  std::string path;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
  std::uint64_t cached_bytes = 0;
  std::int64_t last_access_ms = 0;
  bool pinned = false;
};

struct CachedAttr {
  RemoteAttr attr;
  std::int64_t fetched_ms = 0;
};

struct CachedListing {
  std::vector<DirEntry> entries;
  std::int64_t fetched_ms = 0;
  // The directory's own mtime as the listing saw it, when the server said.
  std::optional<std::int64_t> dir_mtime;
};

struct CachedLink {
  std::string target;
  std::int64_t fetched_ms = 0;
};

// Cumulative since the cache was created (also used for deltas to add).
struct CacheCounters {
  std::uint64_t hits = 0;          // reads served entirely from the cache
  std::uint64_t misses = 0;        // reads that needed the link
  std::uint64_t bytes_fetched = 0; // bytes read over the link
  std::uint64_t bytes_from_cache = 0;
};

struct BlockRecord {
  std::uint32_t index = 0;
  std::uint32_t length = 0;  // block_size except for a file's last block
};

// Who opens a cache: its owner (the holder of its CacheLock, e.g. the mount)
// or a process beside it (an administration command while a mount runs).
enum class CacheAccess { kOwner, kBeside };

class CacheIndex {
 public:
  static constexpr const char* kFileName = "index.db";

  // Opens or creates `dir`/index.db (0600), recovering from damage as above
  // when `access` is kOwner. `rebuilt` (optional) is set when a damaged
  // database was discarded.
  static Result<std::unique_ptr<CacheIndex>> Open(const std::filesystem::path& dir,
                                                  CacheAccess access = CacheAccess::kOwner,
                                                  bool* rebuilt = nullptr);
  ~CacheIndex();
  CacheIndex(const CacheIndex&) = delete;
  CacheIndex& operator=(const CacheIndex&) = delete;

  // --- cached file versions and their blocks
  Result<std::optional<CachedFileRecord>> FindFile(const std::string& path);
  // Replaces any record of `path` (and its blocks) by a fresh, empty one.
  Result<CachedFileRecord> CreateFile(const std::string& path, std::uint64_t size,
                                      std::int64_t mtime, std::int64_t now_ms);
  Status DropFile(std::int64_t id);
  Result<std::vector<BlockRecord>> LoadBlocks(std::int64_t id);
  // Records blocks as present (their bytes must already be durable).
  Status AddBlocks(std::int64_t id, const std::vector<BlockRecord>& blocks);
  // Unrecords blocks, durably (synced) when it returns, so that their bytes
  // may be punched next. Returns the bytes of the blocks that were recorded.
  Result<std::uint64_t> RemoveBlocks(std::int64_t id, const std::vector<BlockRecord>& blocks);
  Status TouchFiles(const std::vector<std::pair<std::int64_t, std::int64_t>>& id_and_ms);
  // Unpinned files with cached bytes, least recently used first.
  Result<std::vector<CachedFileRecord>> EvictionCandidates(std::size_t limit);
  Result<std::vector<CachedFileRecord>> ListFiles();
  Result<std::vector<std::int64_t>> ListFileIds();
  Result<std::uint64_t> TotalCachedBytes();

  // --- pins: a path pins itself and everything under it
  Status SetPinned(const std::string& path, bool pinned);
  Result<std::vector<std::string>> ListPins();

  // --- metadata with fetch times (dir_ttl is applied by the caller)
  Status PutAttr(const std::string& path, const RemoteAttr& attr, std::int64_t now_ms);
  Result<std::optional<CachedAttr>> GetAttr(const std::string& path);
  Status ForgetPath(const std::string& path);  // attr, listing and link target
  // Also records each entry's attributes under dir/name. `dir_mtime`: the
  // directory's own mtime as the listing saw it (listing_mtimes, a table
  // of its own so an index without it reads and writes as before).
  Status PutListing(const std::string& dir, const std::vector<DirEntry>& entries, std::int64_t now_ms,
                    std::optional<std::int64_t> dir_mtime = std::nullopt);
  // The listing of `dir` is current as of `now_ms` (it was revalidated).
  Status TouchListing(const std::string& dir, std::int64_t now_ms);
  Result<std::optional<CachedListing>> GetListing(const std::string& dir);
  Status PutLink(const std::string& path, const std::string& target, std::int64_t now_ms);
  Result<std::optional<CachedLink>> GetLink(const std::string& path);
  Status PutStatFs(const RemoteStatFs& statfs);
  Result<std::optional<RemoteStatFs>> GetStatFs();

  // --- settings the mount records for `hoard cache stats` (e.g. "cap_bytes")
  Status SetSetting(const std::string& key, std::int64_t value);
  Result<std::optional<std::int64_t>> GetSetting(const std::string& key);

  // --- counters
  Status AddCounters(const CacheCounters& delta);
  Result<CacheCounters> LoadCounters();

  // Size of the cache dir's own files beside data/ (index.db and its WAL,
  // the link history, the lock file): counted against the size cap.
  std::uint64_t DiskBytes() const;

 private:
  CacheIndex(std::filesystem::path dir, std::unique_ptr<SQLite::Database> db);

  const std::filesystem::path dir_;
  std::mutex mu_;
  std::unique_ptr<SQLite::Database> db_;
};


}  // namespace hoard::fs
