// The cache index: schema, recovery from damage, and every SQL statement of
// the cache (bound parameters only).
//
// Workload: reads of the warm path never come here (open files keep their
// block bitmap in memory); the index is written once per fetched range (one
// transaction after the data file's fdatasync), read once per file open, and
// read for attributes/listings on metadata operations. WAL with
// synchronous=NORMAL fits: a crash or power loss may roll back the last
// transactions (i.e. forget the last downloads) but never corrupts the
// database, and commits cost no fsync of their own.
#include "fs/cache/cache_index.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "base/private_files.h"
#include "base/sqlite_status.h"
#include "fs/cache/cache_block_store.h"
#include "fs/cache/cache_entry.h"

namespace hoard::fs {
namespace {

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
CREATE TABLE IF NOT EXISTS entries (
  dir TEXT NOT NULL, name TEXT NOT NULL,
  mode INTEGER NOT NULL, size INTEGER NOT NULL, mtime INTEGER NOT NULL,
  atime INTEGER NOT NULL, uid INTEGER NOT NULL, gid INTEGER NOT NULL,
  PRIMARY KEY (dir, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS links (path TEXT PRIMARY KEY, target TEXT NOT NULL, fetched INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
)sql";

// Runs `fn`, turning SQLite exceptions into a Status (base/sqlite_status.h:
// a full disk is ENOSPC, so that callers can degrade to uncached reads).
template <typename Fn>
auto Guarded(const char* what, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return SqliteError(std::string("cache index: ") + what, e);
  }
}

std::int64_t I64(std::uint64_t v) { return static_cast<std::int64_t>(v); }
std::uint64_t U64(const SQLite::Column& c) { return static_cast<std::uint64_t>(c.getInt64()); }

RemoteAttr ReadAttr(SQLite::Statement& q, int first) {
  RemoteAttr a;
  a.mode = static_cast<mode_t>(q.getColumn(first).getInt64());
  a.size = U64(q.getColumn(first + 1));
  a.mtime = q.getColumn(first + 2).getInt64();
  a.atime = q.getColumn(first + 3).getInt64();
  a.uid = static_cast<std::uint32_t>(q.getColumn(first + 4).getInt64());
  a.gid = static_cast<std::uint32_t>(q.getColumn(first + 5).getInt64());
  return a;
}

void BindAttr(SQLite::Statement& q, int first, const RemoteAttr& a) {
  q.bind(first, static_cast<std::int64_t>(a.mode));
  q.bind(first + 1, I64(a.size));
  q.bind(first + 2, a.mtime);
  q.bind(first + 3, a.atime);
  q.bind(first + 4, static_cast<std::int64_t>(a.uid));
  q.bind(first + 5, static_cast<std::int64_t>(a.gid));
}

// Pinned when a pin names the path or one of its parents ("" pins all).
constexpr const char* kPinnedExpr =
    "EXISTS (SELECT 1 FROM pins p WHERE f.path = p.path OR "
    "substr(f.path, 1, length(p.path) + 1) = p.path || '/')";

CachedFileRecord ReadFile(SQLite::Statement& q) {
  CachedFileRecord r;
  r.id = q.getColumn(0).getInt64();
  r.path = q.getColumn(1).getString();
  r.size = U64(q.getColumn(2));
  r.mtime = q.getColumn(3).getInt64();
  r.cached_bytes = U64(q.getColumn(4));
  r.last_access_ms = q.getColumn(5).getInt64();
  r.pinned = q.getColumn(6).getInt() != 0;
  return r;
}

const std::string kFileColumns =
    std::string("f.id, f.path, f.size, f.mtime, f.cached_bytes, f.last_access, ") + kPinnedExpr;

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

std::string JoinRemotePath(const std::string& dir, const std::string& name) {
  if (dir.empty() || dir == "/") return "/" + name;
  return dir + "/" + name;
}

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

Result<std::optional<CachedFileRecord>> CacheIndex::FindFile(const std::string& path) {
  std::lock_guard lock(mu_);
  return Guarded("find file", [&]() -> Result<std::optional<CachedFileRecord>> {
    SQLite::Statement q(*db_, "SELECT " + kFileColumns + " FROM files f WHERE f.path = ?");
    q.bind(1, path);
    if (!q.executeStep()) return std::optional<CachedFileRecord>();
    return std::optional<CachedFileRecord>(ReadFile(q));
  });
}

Result<CachedFileRecord> CacheIndex::CreateFile(const std::string& path, std::uint64_t size,
                                                std::int64_t mtime, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  return Guarded("create file", [&]() -> Result<CachedFileRecord> {
    SQLite::Transaction tx(*db_);
    SQLite::Statement del(*db_, "DELETE FROM files WHERE path = ?");
    del.bind(1, path);
    del.exec();
    SQLite::Statement ins(*db_,
                          "INSERT INTO files(path, size, mtime, last_access) VALUES (?, ?, ?, ?)");
    ins.bind(1, path);
    ins.bind(2, I64(size));
    ins.bind(3, mtime);
    ins.bind(4, now_ms);
    ins.exec();
    CachedFileRecord r;
    r.id = db_->getLastInsertRowid();
    r.path = path;
    r.size = size;
    r.mtime = mtime;
    r.last_access_ms = now_ms;
    tx.commit();
    SQLite::Statement pinned(*db_, std::string("SELECT ") + kPinnedExpr + " FROM files f WHERE id = ?");
    pinned.bind(1, r.id);
    r.pinned = pinned.executeStep() && pinned.getColumn(0).getInt() != 0;
    return r;
  });
}

Status CacheIndex::DropFile(std::int64_t id) {
  std::lock_guard lock(mu_);
  return Guarded("drop file", [&]() -> Status {
    SQLite::Statement q(*db_, "DELETE FROM files WHERE id = ?");
    q.bind(1, id);
    q.exec();
    return Status::Ok();
  });
}

Result<std::vector<BlockRecord>> CacheIndex::LoadBlocks(std::int64_t id) {
  std::lock_guard lock(mu_);
  return Guarded("load blocks", [&]() -> Result<std::vector<BlockRecord>> {
    SQLite::Statement q(*db_, "SELECT idx, length FROM blocks WHERE file_id = ? ORDER BY idx");
    q.bind(1, id);
    std::vector<BlockRecord> out;
    while (q.executeStep()) {
      out.push_back({static_cast<std::uint32_t>(q.getColumn(0).getInt64()),
                     static_cast<std::uint32_t>(q.getColumn(1).getInt64())});
    }
    return out;
  });
}

Status CacheIndex::AddBlocks(std::int64_t id, const std::vector<BlockRecord>& blocks) {
  std::lock_guard lock(mu_);
  return Guarded("record blocks", [&]() -> Status {
    SQLite::Transaction tx(*db_);
    SQLite::Statement ins(*db_,
                          "INSERT OR IGNORE INTO blocks(file_id, idx, length) VALUES (?, ?, ?)");
    std::int64_t added = 0;
    for (const BlockRecord& b : blocks) {
      ins.bind(1, id);
      ins.bind(2, static_cast<std::int64_t>(b.index));
      ins.bind(3, static_cast<std::int64_t>(b.length));
      if (ins.exec() > 0) added += b.length;
      ins.reset();
    }
    SQLite::Statement upd(*db_, "UPDATE files SET cached_bytes = cached_bytes + ? WHERE id = ?");
    upd.bind(1, added);
    upd.bind(2, id);
    upd.exec();
    tx.commit();
    return Status::Ok();
  });
}

Result<std::uint64_t> CacheIndex::RemoveBlocks(std::int64_t id,
                                               const std::vector<BlockRecord>& blocks) {
  std::lock_guard lock(mu_);
  return Guarded("remove blocks", [&]() -> Result<std::uint64_t> {
    // Durable before it returns: the caller punches the blocks next, and a
    // commit lost to power loss would bring back rows over holes.
    // (synchronous=FULL syncs the WAL at this commit; NORMAL, the default
    // here, only at checkpoints.)
    db_->exec("PRAGMA synchronous=FULL");
    struct Restore {
      SQLite::Database& db;
      ~Restore() {
        try {
          db.exec("PRAGMA synchronous=NORMAL");
        } catch (const std::exception& e) {
          spdlog::warn("cache index: {}", e.what());
        }
      }
    } restore{*db_};
    SQLite::Transaction tx(*db_);
    SQLite::Statement del(*db_, "DELETE FROM blocks WHERE file_id = ? AND idx = ?");
    std::int64_t removed = 0;
    for (const BlockRecord& b : blocks) {
      del.bind(1, id);
      del.bind(2, static_cast<std::int64_t>(b.index));
      if (del.exec() > 0) removed += b.length;
      del.reset();
    }
    SQLite::Statement upd(*db_, "UPDATE files SET cached_bytes = cached_bytes - ? WHERE id = ?");
    upd.bind(1, removed);
    upd.bind(2, id);
    upd.exec();
    tx.commit();
    return static_cast<std::uint64_t>(removed);
  });
}

Status CacheIndex::TouchFiles(const std::vector<std::pair<std::int64_t, std::int64_t>>& id_and_ms) {
  std::lock_guard lock(mu_);
  return Guarded("touch files", [&]() -> Status {
    SQLite::Transaction tx(*db_);
    SQLite::Statement upd(*db_,
                          "UPDATE files SET last_access = max(last_access, ?) WHERE id = ?");
    for (const auto& [id, ms] : id_and_ms) {
      upd.bind(1, ms);
      upd.bind(2, id);
      upd.exec();
      upd.reset();
    }
    tx.commit();
    return Status::Ok();
  });
}

Result<std::vector<CachedFileRecord>> CacheIndex::EvictionCandidates(std::size_t limit) {
  std::lock_guard lock(mu_);
  return Guarded("eviction candidates", [&]() -> Result<std::vector<CachedFileRecord>> {
    SQLite::Statement q(*db_, "SELECT " + kFileColumns +
                                  " FROM files f WHERE f.cached_bytes > 0 AND NOT " + kPinnedExpr +
                                  " ORDER BY f.last_access, f.id LIMIT ?");
    q.bind(1, static_cast<std::int64_t>(limit));
    std::vector<CachedFileRecord> out;
    while (q.executeStep()) out.push_back(ReadFile(q));
    return out;
  });
}

Result<std::vector<CachedFileRecord>> CacheIndex::ListFiles() {
  std::lock_guard lock(mu_);
  return Guarded("list files", [&]() -> Result<std::vector<CachedFileRecord>> {
    SQLite::Statement q(*db_, "SELECT " + kFileColumns + " FROM files f ORDER BY f.path");
    std::vector<CachedFileRecord> out;
    while (q.executeStep()) out.push_back(ReadFile(q));
    return out;
  });
}

Result<std::vector<std::int64_t>> CacheIndex::ListFileIds() {
  std::lock_guard lock(mu_);
  return Guarded("list file ids", [&]() -> Result<std::vector<std::int64_t>> {
    SQLite::Statement q(*db_, "SELECT id FROM files");
    std::vector<std::int64_t> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
    return out;
  });
}

Result<std::uint64_t> CacheIndex::TotalCachedBytes() {
  std::lock_guard lock(mu_);
  return Guarded("total", [&]() -> Result<std::uint64_t> {
    return static_cast<std::uint64_t>(
        db_->execAndGet("SELECT coalesce(sum(cached_bytes), 0) FROM files").getInt64());
  });
}

Status CacheIndex::SetPinned(const std::string& path, bool pinned) {
  std::string key = path;
  while (!key.empty() && key.back() == '/') key.pop_back();  // "/" pins everything: ""
  std::lock_guard lock(mu_);
  return Guarded("pin", [&]() -> Status {
    SQLite::Statement q(*db_, pinned ? "INSERT OR IGNORE INTO pins(path) VALUES (?)"
                                     : "DELETE FROM pins WHERE path = ?");
    q.bind(1, key);
    q.exec();
    return Status::Ok();
  });
}

Result<std::vector<std::string>> CacheIndex::ListPins() {
  std::lock_guard lock(mu_);
  return Guarded("list pins", [&]() -> Result<std::vector<std::string>> {
    SQLite::Statement q(*db_, "SELECT path FROM pins ORDER BY path");
    std::vector<std::string> out;
    while (q.executeStep()) {
      std::string p = q.getColumn(0).getString();
      out.push_back(p.empty() ? "/" : p);
    }
    return out;
  });
}

Status CacheIndex::PutAttr(const std::string& path, const RemoteAttr& attr, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  return Guarded("store attributes", [&]() -> Status {
    SQLite::Statement q(*db_, "INSERT OR REPLACE INTO attrs VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, path);
    BindAttr(q, 2, attr);
    q.bind(8, now_ms);
    q.exec();
    return Status::Ok();
  });
}

Result<std::optional<CachedAttr>> CacheIndex::GetAttr(const std::string& path) {
  std::lock_guard lock(mu_);
  return Guarded("read attributes", [&]() -> Result<std::optional<CachedAttr>> {
    SQLite::Statement q(*db_,
                        "SELECT mode, size, mtime, atime, uid, gid, fetched FROM attrs WHERE path = ?");
    q.bind(1, path);
    if (!q.executeStep()) return std::optional<CachedAttr>();
    return std::optional<CachedAttr>(CachedAttr{ReadAttr(q, 0), q.getColumn(6).getInt64()});
  });
}

Status CacheIndex::ForgetPath(const std::string& path) {
  std::lock_guard lock(mu_);
  return Guarded("forget path", [&]() -> Status {
    SQLite::Transaction tx(*db_);
    for (const char* sql : {"DELETE FROM attrs WHERE path = ?", "DELETE FROM links WHERE path = ?",
                            "DELETE FROM listings WHERE path = ?", "DELETE FROM entries WHERE dir = ?"}) {
      SQLite::Statement q(*db_, sql);
      q.bind(1, path);
      q.exec();
    }
    tx.commit();
    return Status::Ok();
  });
}

Status CacheIndex::PutListing(const std::string& dir, const std::vector<DirEntry>& entries,
                              std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  return Guarded("store listing", [&]() -> Status {
    SQLite::Transaction tx(*db_);
    // Names gone from the directory lose their attributes too.
    SQLite::Statement forget(*db_,
                             "DELETE FROM attrs WHERE path IN (SELECT CASE WHEN ?1 = '/' THEN '/' || name "
                             "ELSE ?1 || '/' || name END FROM entries WHERE dir = ?1)");
    forget.bind(1, dir);
    forget.exec();
    SQLite::Statement del(*db_, "DELETE FROM entries WHERE dir = ?");
    del.bind(1, dir);
    del.exec();
    SQLite::Statement ins(*db_, "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement attr(*db_, "INSERT OR REPLACE INTO attrs VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const DirEntry& e : entries) {
      ins.bind(1, dir);
      ins.bind(2, e.name);
      BindAttr(ins, 3, e.attr);
      ins.exec();
      ins.reset();
      attr.bind(1, JoinRemotePath(dir, e.name));
      BindAttr(attr, 2, e.attr);
      attr.bind(8, now_ms);
      attr.exec();
      attr.reset();
    }
    SQLite::Statement listing(*db_, "INSERT OR REPLACE INTO listings VALUES (?, ?)");
    listing.bind(1, dir);
    listing.bind(2, now_ms);
    listing.exec();
    tx.commit();
    return Status::Ok();
  });
}

Result<std::optional<CachedListing>> CacheIndex::GetListing(const std::string& dir) {
  std::lock_guard lock(mu_);
  return Guarded("read listing", [&]() -> Result<std::optional<CachedListing>> {
    SQLite::Statement when(*db_, "SELECT fetched FROM listings WHERE path = ?");
    when.bind(1, dir);
    if (!when.executeStep()) return std::optional<CachedListing>();
    CachedListing listing;
    listing.fetched_ms = when.getColumn(0).getInt64();
    SQLite::Statement q(*db_,
                        "SELECT name, mode, size, mtime, atime, uid, gid FROM entries "
                        "WHERE dir = ? ORDER BY name");
    q.bind(1, dir);
    while (q.executeStep()) listing.entries.push_back({q.getColumn(0).getString(), ReadAttr(q, 1)});
    return std::optional<CachedListing>(std::move(listing));
  });
}

Status CacheIndex::PutLink(const std::string& path, const std::string& target, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  return Guarded("store link", [&]() -> Status {
    SQLite::Statement q(*db_, "INSERT OR REPLACE INTO links VALUES (?, ?, ?)");
    q.bind(1, path);
    q.bind(2, target);
    q.bind(3, now_ms);
    q.exec();
    return Status::Ok();
  });
}

Result<std::optional<CachedLink>> CacheIndex::GetLink(const std::string& path) {
  std::lock_guard lock(mu_);
  return Guarded("read link", [&]() -> Result<std::optional<CachedLink>> {
    SQLite::Statement q(*db_, "SELECT target, fetched FROM links WHERE path = ?");
    q.bind(1, path);
    if (!q.executeStep()) return std::optional<CachedLink>();
    return std::optional<CachedLink>(CachedLink{q.getColumn(0).getString(), q.getColumn(1).getInt64()});
  });
}

namespace {
constexpr const char* kStatFsKeys[] = {"statfs.block_size", "statfs.blocks", "statfs.blocks_free",
                                       "statfs.blocks_available", "statfs.files", "statfs.files_free",
                                       "statfs.name_max"};
std::uint64_t RemoteStatFs::*const kStatFsFields[] = {
    &RemoteStatFs::block_size, &RemoteStatFs::blocks, &RemoteStatFs::blocks_free,
    &RemoteStatFs::blocks_available, &RemoteStatFs::files, &RemoteStatFs::files_free,
    &RemoteStatFs::name_max};
constexpr const char* kCounterKeys[] = {"hits", "misses", "bytes_fetched", "bytes_from_cache"};
std::uint64_t CacheCounters::*const kCounterFields[] = {
    &CacheCounters::hits, &CacheCounters::misses, &CacheCounters::bytes_fetched,
    &CacheCounters::bytes_from_cache};
}  // namespace

Status CacheIndex::PutStatFs(const RemoteStatFs& statfs) {
  std::lock_guard lock(mu_);
  return Guarded("store statfs", [&]() -> Status {
    SQLite::Transaction tx(*db_);
    SQLite::Statement q(*db_, "INSERT OR REPLACE INTO kv VALUES (?, ?)");
    for (std::size_t i = 0; i < std::size(kStatFsKeys); ++i) {
      q.bind(1, kStatFsKeys[i]);
      q.bind(2, I64(statfs.*kStatFsFields[i]));
      q.exec();
      q.reset();
    }
    tx.commit();
    return Status::Ok();
  });
}

Result<std::optional<RemoteStatFs>> CacheIndex::GetStatFs() {
  std::lock_guard lock(mu_);
  return Guarded("read statfs", [&]() -> Result<std::optional<RemoteStatFs>> {
    RemoteStatFs out;
    SQLite::Statement q(*db_, "SELECT value FROM kv WHERE key = ?");
    for (std::size_t i = 0; i < std::size(kStatFsKeys); ++i) {
      q.bind(1, kStatFsKeys[i]);
      if (!q.executeStep()) return std::optional<RemoteStatFs>();
      out.*kStatFsFields[i] = U64(q.getColumn(0));
      q.reset();
    }
    return std::optional<RemoteStatFs>(out);
  });
}

Status CacheIndex::SetSetting(const std::string& key, std::int64_t value) {
  std::lock_guard lock(mu_);
  return Guarded("store setting", [&]() -> Status {
    SQLite::Statement q(*db_, "INSERT OR REPLACE INTO kv VALUES (?, ?)");
    q.bind(1, "setting." + key);
    q.bind(2, value);
    q.exec();
    return Status::Ok();
  });
}

Result<std::optional<std::int64_t>> CacheIndex::GetSetting(const std::string& key) {
  std::lock_guard lock(mu_);
  return Guarded("read setting", [&]() -> Result<std::optional<std::int64_t>> {
    SQLite::Statement q(*db_, "SELECT value FROM kv WHERE key = ?");
    q.bind(1, "setting." + key);
    if (!q.executeStep()) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(q.getColumn(0).getInt64());
  });
}

Status CacheIndex::AddCounters(const CacheCounters& delta) {
  std::lock_guard lock(mu_);
  return Guarded("store counters", [&]() -> Status {
    SQLite::Transaction tx(*db_);
    SQLite::Statement q(*db_,
                        "INSERT INTO kv VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = value + excluded.value");
    for (std::size_t i = 0; i < std::size(kCounterKeys); ++i) {
      q.bind(1, kCounterKeys[i]);
      q.bind(2, I64(delta.*kCounterFields[i]));
      q.exec();
      q.reset();
    }
    tx.commit();
    return Status::Ok();
  });
}

Result<CacheCounters> CacheIndex::LoadCounters() {
  std::lock_guard lock(mu_);
  return Guarded("read counters", [&]() -> Result<CacheCounters> {
    CacheCounters out;
    SQLite::Statement q(*db_, "SELECT value FROM kv WHERE key = ?");
    for (std::size_t i = 0; i < std::size(kCounterKeys); ++i) {
      q.bind(1, kCounterKeys[i]);
      if (q.executeStep()) out.*kCounterFields[i] = U64(q.getColumn(0));
      q.reset();
    }
    return out;
  });
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
