// CacheIndex: the rows of cached file versions, their blocks and the pins.
#include "fs/cache/cache_index.h"

#include <spdlog/spdlog.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "fs/cache/cache_index_sql.h"

namespace hoard::fs {
namespace {

using index_sql::Guarded;
using index_sql::I64;
using index_sql::U64;

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

}  // namespace

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

}  // namespace hoard::fs
