// The cache index: its schema and migrations, opening with recovery from
// damage, and the size of its files. The SQL statements live beside it, by
// what they are about: cache_index_files.cpp (cached file versions, their
// blocks, pins), cache_index_metadata.cpp (attributes, listings, link
// targets, statfs), cache_index_counters.cpp (settings and counters). Bound
// parameters only.
//
// Workload: reads of the warm path never come here (open files keep their
// block bitmap in memory); the index is written once per fetched range (one
// transaction after the data file's fdatasync), read once per file open, and
// read for attributes/listings on metadata operations. WAL with
// synchronous=NORMAL fits: a crash or power loss may roll back the last
// transactions (i.e. forget the last downloads) but never corrupts the
// database, and commits cost no fsync of their own (unrecording blocks, which
// a punch follows, is synced: see RemoveBlocks).
#include "fs/cache/cache_index.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <cerrno>
#include <system_error>

#include "base/private_files.h"
#include "fs/cache/cache_block_store.h"
#include "fs/cache/cache_entry.h"
#include "fs/cache/cache_index_sql.h"

namespace hoard::fs {
namespace {

using index_sql::Guarded;


// Schema history:
//   1  blocks of 64 KiB.
//   2  blocks of 16 KiB (kCacheBlockSize), the size of the reads of a tag
//      scan (catalog/read_ahead_stream.cpp): with 64 KiB blocks a scan pulled
//      twice the bytes sshfs pulls. Version 1 blocks are split in four; their
//      bytes stay put, since a data file holds every byte at its offset in
//      the remote file.
constexpr int kSchemaVersion = 2;
static_assert(kCacheBlockSize == 16 * 1024, "a new block size needs a schema version and a migration");

constexpr const char* kSplitBlocksFromVersion1 = R"sql(
CREATE TABLE blocks_split (
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  length INTEGER NOT NULL,
  PRIMARY KEY (file_id, idx)
) WITHOUT ROWID;
INSERT INTO blocks_split SELECT file_id, idx * 4 + part, MIN(length - part * 16384, 16384)
  FROM blocks, (SELECT 0 AS part UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3)
  WHERE length > part * 16384;
DROP TABLE blocks;
ALTER TABLE blocks_split RENAME TO blocks;
)sql";

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS files (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  path TEXT NOT NULL UNIQUE,
  size INTEGER NOT NULL,
  mtime INTEGER NOT NULL,
  cached_bytes INTEGER NOT NULL DEFAULT 0,
  last_access INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS files_lru ON files(last_access);
CREATE TABLE IF NOT EXISTS blocks (
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  length INTEGER NOT NULL,
  PRIMARY KEY (file_id, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pins (path TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS attrs (
  path TEXT PRIMARY KEY,
  mode INTEGER NOT NULL, size INTEGER NOT NULL, mtime INTEGER NOT NULL,
  atime INTEGER NOT NULL, uid INTEGER NOT NULL, gid INTEGER NOT NULL,
  fetched INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS listings (path TEXT PRIMARY KEY, fetched INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS listing_mtimes (path TEXT PRIMARY KEY, mtime INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entries (
  dir TEXT NOT NULL, name TEXT NOT NULL,
  mode INTEGER NOT NULL, size INTEGER NOT NULL, mtime INTEGER NOT NULL,
  atime INTEGER NOT NULL, uid INTEGER NOT NULL, gid INTEGER NOT NULL,
  PRIMARY KEY (dir, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS links (path TEXT PRIMARY KEY, target TEXT NOT NULL, fetched INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
)sql";

Result<std::unique_ptr<SQLite::Database>> OpenChecked(const std::filesystem::path& path) {
  HOARD_RETURN_IF_ERROR(MakePrivateFile(path));
  return Guarded("open", [&]() -> Result<std::unique_ptr<SQLite::Database>> {
    auto db = std::make_unique<SQLite::Database>(path.string(),
                                                 SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 5000);
    db->exec("PRAGMA journal_mode=WAL");
    db->exec("PRAGMA synchronous=NORMAL");
    // Keep the WAL small: it counts against the cache size cap.
    db->exec("PRAGMA wal_autocheckpoint=64");
    db->exec("PRAGMA journal_size_limit=262144");
    db->exec("PRAGMA foreign_keys=ON");
    {  // finalized before any migration: a live statement would lock the tables
      SQLite::Statement check(*db, "PRAGMA quick_check");
      if (!check.executeStep() || check.getColumn(0).getString() != "ok") {
        return Status::Error(EUCLEAN, "quick_check failed");
      }
    }
    int version = db->execAndGet("PRAGMA user_version").getInt();
    if (version == 1) {
      // Decided again under the write lock: a mount and `hoard cache stats`
      // may both find version 1, and only the first may split the blocks.
      SQLite::Transaction transaction(*db, SQLite::TransactionBehavior::IMMEDIATE);
      if (db->execAndGet("PRAGMA user_version").getInt() == 1) {
        db->exec(kSplitBlocksFromVersion1);
        db->exec("PRAGMA user_version=" + std::to_string(kSchemaVersion));
      }
      transaction.commit();
      version = kSchemaVersion;
    }
    if (version != 0 && version != kSchemaVersion) {
      // Not damage: a newer hoard wrote it, and it must survive this one.
      return Status::Error(ENOTSUP, "schema version " + std::to_string(version) +
                                        " is newer than this hoard's (" + std::to_string(kSchemaVersion) + ")");
    }
    if (version == 0) {  // new: nothing is written to an existing cache (its disk may be full)
      db->exec(kSchema);
      db->exec("PRAGMA user_version=" + std::to_string(kSchemaVersion));
    }
    return db;
  });
}

void Discard(const std::filesystem::path& dir) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(dir / (std::string(CacheIndex::kFileName) + suffix), ec);
  }
  // Without its index nothing in the data files can be trusted.
  std::filesystem::remove_all(dir / CacheBlockStore::kDataDir, ec);
}


}  // namespace


CacheIndex::CacheIndex(std::filesystem::path dir, std::unique_ptr<SQLite::Database> db)
    : dir_(std::move(dir)), db_(std::move(db)) {}

CacheIndex::~CacheIndex() = default;

Result<std::unique_ptr<CacheIndex>> CacheIndex::Open(const std::filesystem::path& dir, CacheAccess access,
                                                     bool* rebuilt) {
  if (rebuilt) *rebuilt = false;
  HOARD_RETURN_IF_ERROR(MakePrivateDir(dir));
  auto db = OpenChecked(dir / kFileName);
  if (!db.ok() && IsDamage(db.status()) && access == CacheAccess::kOwner) {
    spdlog::warn("cache index in {} is damaged ({}); starting with an empty cache", dir.string(),
                 db.status().message());
    Discard(dir);
    if (rebuilt) *rebuilt = true;
    db = OpenChecked(dir / kFileName);
  }
  // Anything else (a full disk, a busy database, a newer schema, damage seen
  // from beside the owner) is reported and the cache left as it is.
  if (!db.ok()) return db.status().WithContext("open cache in " + dir.string());
  return std::unique_ptr<CacheIndex>(new CacheIndex(dir, std::move(db).value()));
}

std::uint64_t CacheIndex::DiskBytes() const {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    struct stat st {};
    if (::lstat(entry.path().c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      total += static_cast<std::uint64_t>(st.st_blocks) * 512;
    }
  }
  return total;
}


}  // namespace hoard::fs
