// Upserts keyed by path keep a track's row id (its identity for the feed and
// for moves) across re-reads; the FTS index follows through the schema's
// triggers, and the case-folded search columns are computed here, on write,
// so queries never fold 100k rows.
#include "base/sqlite_status.h"
#include "catalog/catalog_store.h"

#include <SQLiteCpp/Exception.h>
#include <fmt/format.h>

#include <cerrno>
#include <ctime>

#include "catalog/catalog_connection.h"
#include "catalog/track_columns.h"

namespace hoard::catalog {
namespace {

// Insert and move bind the track's columns (track_columns.h) from ?2 on;
// ?1 is added_at for an insert and the row id for a move.
constexpr int kFirstTrackParameter = 2;

std::string TrackParameters() {
  std::string out;
  int index = kFirstTrackParameter;
  for (std::size_t i = 0; i < TrackWriteColumns().size(); ++i) {
    out.append(out.empty() ? "?" : ", ?").append(std::to_string(index++));
  }
  return out;
}

std::string UpsertTrackSql() {
  std::string columns;
  std::string updates;
  for (const std::string& column : TrackWriteColumns()) {
    columns.append(", ").append(column);
    // Every column but path (the key) and added_at takes the new value.
    if (column == "path") continue;
    if (!updates.empty()) updates.append(", ");
    updates.append(column).append(" = excluded.").append(column);
  }
  return fmt::format(
      "INSERT INTO tracks (added_at{}) VALUES (?1, {}) ON CONFLICT(path) DO UPDATE SET {}"
      " RETURNING id",
      columns, TrackParameters(), updates);
}

std::string MoveTrackSql() {
  std::string columns;
  for (const std::string& column : TrackWriteColumns()) {
    columns.append(columns.empty() ? "" : ", ").append(column);
  }
  return fmt::format("UPDATE tracks SET ({}) = ({}) WHERE id = ?1", columns, TrackParameters());
}

}  // namespace

CatalogStore::CatalogStore(Catalog& catalog)
    : db_(Connection(catalog)),
      upsert_track_(db_, UpsertTrackSql()),
      move_track_(db_, MoveTrackSql()),
      delete_track_(db_, "DELETE FROM tracks WHERE path = ?"),
      upsert_unreadable_(db_,
                         "INSERT INTO unreadable (path, size, mtime_ns, reason) VALUES (?, ?, ?, ?)"
                         " ON CONFLICT(path) DO UPDATE SET size = excluded.size,"
                         " mtime_ns = excluded.mtime_ns, reason = excluded.reason"),
      delete_unreadable_(db_, "DELETE FROM unreadable WHERE path = ?") {}

Result<std::unique_ptr<CatalogStore>> CatalogStore::Create(Catalog& catalog) {
  try {
    return std::unique_ptr<CatalogStore>(new CatalogStore(catalog));
  } catch (const SQLite::Exception& e) {
    return SqliteError("prepare catalog writes", e);
  }
}

Result<std::size_t> CatalogStore::FileCountBound() {
  try {
    // The largest row ids bound the row counts from above and cost two
    // index lookups, where a count would read every row.
    return static_cast<std::size_t>(
        db_.execAndGet("SELECT coalesce((SELECT max(id) FROM tracks), 0) +"
                       " coalesce((SELECT max(rowid) FROM unreadable), 0)")
            .getInt64());
  } catch (const SQLite::Exception& e) {
    return SqliteError("read the catalog", e);
  }
}

Status CatalogStore::LoadUnder(const std::string& root, KnownFiles& known) {
  // Paths below root sort between "root/" and "root0" ('0' follows '/').
  // The root itself is asked for apart: an OR of the two would make SQLite
  // collect row ids and then visit the table for each, instead of reading
  // the covering index tracks_known alone.
  std::string low = root == "/" ? "/" : root + "/";
  std::string high = root == "/" ? "0" : root + "0";
  try {
    // A file is in one of the two tables.
    for (const char* columns : {"path, id, size, mtime_ns FROM tracks",
                                "path, 0, size, mtime_ns FROM unreadable"}) {
      SQLite::Statement exact(db_, std::string("SELECT ") + columns + " WHERE path = ?");
      SQLite::Statement below(db_, std::string("SELECT ") + columns + " WHERE path >= ? AND path < ?");
      exact.bind(1, root);
      below.bind(1, low);
      below.bind(2, high);
      for (SQLite::Statement* s : {&exact, &below}) {
        while (s->executeStep()) {
          SQLite::Column path = s->getColumn(0);
          known.Put(std::string_view(path.getText(), static_cast<std::size_t>(path.getBytes())),
                    KnownFile{s->getColumn(1).getInt64(), s->getColumn(2).getInt64(),
                              s->getColumn(3).getInt64()});
        }
      }
    }
  } catch (const SQLite::Exception& e) {
    return SqliteError("read the catalog", e);
  }
  return Status::Ok();
}

Result<Track> CatalogStore::LoadTrack(std::int64_t id) {
  try {
    SQLite::Statement s(db_, fmt::format("SELECT {} FROM tracks WHERE id = ?", TrackReadColumns()));
    s.bind(1, id);
    if (!s.executeStep()) return Status::Error(ENOENT, "no track " + std::to_string(id));
    return ReadTrack(s);
  } catch (const SQLite::Exception& e) {
    return SqliteError("read a track", e);
  }
}

Status CatalogStore::PutTrack(Track& track) {
  try {
    upsert_track_.reset();
    upsert_track_.clearBindings();
    upsert_track_.bind(1, static_cast<std::int64_t>(std::time(nullptr)));
    BindTrack(upsert_track_, kFirstTrackParameter, track);
    // RETURNING gives the id on update too, where last_insert_rowid() is stale.
    if (upsert_track_.executeStep()) track.id = upsert_track_.getColumn(0).getInt64();
    upsert_track_.reset();
    delete_unreadable_.reset();
    delete_unreadable_.bind(1, track.path);
    delete_unreadable_.exec();
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return SqliteError("write a track", e);
  }
}

Status CatalogStore::MoveTrack(std::int64_t id, Track& track) {
  try {
    move_track_.reset();
    move_track_.clearBindings();
    move_track_.bind(1, static_cast<std::int64_t>(id));
    BindTrack(move_track_, kFirstTrackParameter, track);
    move_track_.exec();
    track.id = id;
    delete_unreadable_.reset();
    delete_unreadable_.bind(1, track.path);
    delete_unreadable_.exec();
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return SqliteError("move a track", e);
  }
}

Status CatalogStore::PutUnreadable(const std::string& path, std::int64_t size,
                                   std::int64_t mtime_ns, const std::string& reason) {
  try {
    upsert_unreadable_.reset();
    upsert_unreadable_.bind(1, path);
    upsert_unreadable_.bind(2, static_cast<std::int64_t>(size));
    upsert_unreadable_.bind(3, static_cast<std::int64_t>(mtime_ns));
    upsert_unreadable_.bind(4, reason);
    upsert_unreadable_.exec();
    delete_track_.reset();
    delete_track_.bind(1, path);
    delete_track_.exec();
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return SqliteError("record an unreadable file", e);
  }
}

Result<std::optional<std::int64_t>> CatalogStore::RootFsType(const std::string& root) {
  try {
    SQLite::Statement q(db_, "SELECT fstype FROM roots WHERE path = ?");
    q.bind(1, root);
    if (!q.executeStep()) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(q.getColumn(0).getInt64());
  } catch (const SQLite::Exception& e) {
    return SqliteError("read the catalog's roots", e);
  }
}

Status CatalogStore::PutRoot(const std::string& root, std::int64_t fstype,
                             const std::map<std::string, std::int64_t>& other_files) {
  try {
    SQLite::Statement put(db_, "INSERT INTO roots (path, fstype) VALUES (?, ?)"
                               " ON CONFLICT(path) DO UPDATE SET fstype = excluded.fstype");
    put.bind(1, root);
    put.bind(2, fstype);
    put.exec();
    SQLite::Statement clear(db_, "DELETE FROM other_files WHERE root = ?");
    clear.bind(1, root);
    clear.exec();
    SQLite::Statement add(db_, "INSERT INTO other_files (root, extension, count) VALUES (?, ?, ?)");
    for (const auto& [extension, count] : other_files) {
      add.reset();
      add.bind(1, root);
      add.bind(2, extension);
      add.bind(3, count);
      add.exec();
    }
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return SqliteError("record a root in the catalog", e);
  }
}

Status CatalogStore::Remove(const std::string& path) {
  try {
    for (SQLite::Statement* s : {&delete_track_, &delete_unreadable_}) {
      s->reset();
      s->bind(1, path);
      s->exec();
    }
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return SqliteError("remove a file from the catalog", e);
  }
}

}  // namespace hoard::catalog
