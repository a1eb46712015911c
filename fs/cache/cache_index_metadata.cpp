// CacheIndex: the metadata rows: attributes, listings and link targets with
// the time they were fetched (dir_ttl is the caller's), and the last statfs.
#include "fs/cache/cache_index.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "fs/cache/cache_index_sql.h"

namespace hoard::fs {
namespace {

using index_sql::Guarded;
using index_sql::I64;
using index_sql::U64;

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


constexpr const char* kStatFsKeys[] = {"statfs.block_size", "statfs.blocks", "statfs.blocks_free",
                                       "statfs.blocks_available", "statfs.files", "statfs.files_free",
                                       "statfs.name_max"};
std::uint64_t RemoteStatFs::*const kStatFsFields[] = {
    &RemoteStatFs::block_size, &RemoteStatFs::blocks, &RemoteStatFs::blocks_free,
    &RemoteStatFs::blocks_available, &RemoteStatFs::files, &RemoteStatFs::files_free,
    &RemoteStatFs::name_max};

}  // namespace

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
                            "DELETE FROM listings WHERE path = ?", "DELETE FROM listing_mtimes WHERE path = ?",
                            "DELETE FROM entries WHERE dir = ?"}) {
      SQLite::Statement q(*db_, sql);
      q.bind(1, path);
      q.exec();
    }
    tx.commit();
    return Status::Ok();
  });
}

Status CacheIndex::PutListing(const std::string& dir, const std::vector<DirEntry>& entries, std::int64_t now_ms,
                              std::optional<std::int64_t> dir_mtime) {
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
    SQLite::Statement drop_mtime(*db_, "DELETE FROM listing_mtimes WHERE path = ?");
    drop_mtime.bind(1, dir);
    drop_mtime.exec();
    if (dir_mtime) {
      SQLite::Statement mtime(*db_, "INSERT INTO listing_mtimes VALUES (?, ?)");
      mtime.bind(1, dir);
      mtime.bind(2, *dir_mtime);
      mtime.exec();
    }
    tx.commit();
    return Status::Ok();
  });
}

Status CacheIndex::TouchListing(const std::string& dir, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  return Guarded("revalidate listing", [&]() -> Status {
    SQLite::Statement touch(*db_, "UPDATE listings SET fetched = ? WHERE path = ?");
    touch.bind(1, now_ms);
    touch.bind(2, dir);
    touch.exec();
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
    SQLite::Statement mtime(*db_, "SELECT mtime FROM listing_mtimes WHERE path = ?");
    mtime.bind(1, dir);
    if (mtime.executeStep()) listing.dir_mtime = mtime.getColumn(0).getInt64();
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

}  // namespace hoard::fs
