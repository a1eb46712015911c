// Upserts keyed by path keep a track's row id (its identity for the feed and
// for moves) across re-reads; the FTS index follows through the schema's
// triggers, and the case-folded search columns are computed here, on write,
// so queries never fold 100k rows.
#include "base/sqlite_status.h"
#include "catalog/catalog_store.h"

#include <SQLiteCpp/Exception.h>

#include <cerrno>
#include <ctime>

#include "catalog/text_fold.h"
#include "catalog/track_fields.h"

namespace hoard::catalog {
namespace {

// The column list shared by insert and move; BindTrack binds them as ?1..?30
// in this order.
constexpr const char* kTrackColumns =
    "path, size, mtime_ns, artist, albumartist, album, title, track, tracktotal, disc, "
    "disctotal, year, date, genre, mb_artistid, mb_albumartistid, mb_albumid, "
    "mb_releasegroupid, mb_trackid, duration_ms, bitrate, samplerate, channels, format, "
    "tags_from, artist_f, albumartist_f, album_f, title_f, genre_f";
constexpr const char* kTrackValues =
    "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
    "?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30";

std::string UpsertTrackSql() {
  std::string columns = kTrackColumns;
  std::string sql = "INSERT INTO tracks (" + columns + ", added_at) VALUES (" + kTrackValues +
                    ", ?31) ON CONFLICT(path) DO UPDATE SET ";
  // Every column but path and added_at takes the new value.
  std::size_t start = 0;
  bool first = true;
  while (start < columns.size()) {
    std::size_t comma = columns.find(',', start);
    if (comma == std::string::npos) comma = columns.size();
    std::string name = columns.substr(start, comma - start);
    name.erase(0, name.find_first_not_of(' '));
    if (name != "path") {
      if (!first) sql += ", ";
      sql += name + " = excluded." + name;
      first = false;
    }
    start = comma + 1;
  }
  return sql + " RETURNING id";
}

std::string MoveTrackSql() {
  return std::string("UPDATE tracks SET (") + kTrackColumns + ") = (" + kTrackValues +
         ") WHERE id = ?31";
}

void BindText(SQLite::Statement& s, int index, const std::string& value) {
  if (value.empty()) {
    s.bind(index);
  } else {
    s.bind(index, value);
  }
}

template <typename T>
void BindNumber(SQLite::Statement& s, int index, const std::optional<T>& value) {
  if (value) {
    s.bind(index, static_cast<std::int64_t>(*value));
  } else {
    s.bind(index);
  }
}

}  // namespace

CatalogStore::CatalogStore(SQLite::Database& db)
    : db_(db),
      upsert_track_(db, UpsertTrackSql()),
      move_track_(db, MoveTrackSql()),
      delete_track_(db, "DELETE FROM tracks WHERE path = ?"),
      upsert_unreadable_(db,
                         "INSERT INTO unreadable (path, size, mtime_ns, reason) VALUES (?, ?, ?, ?)"
                         " ON CONFLICT(path) DO UPDATE SET size = excluded.size,"
                         " mtime_ns = excluded.mtime_ns, reason = excluded.reason"),
      delete_unreadable_(db, "DELETE FROM unreadable WHERE path = ?") {}

Result<std::unique_ptr<CatalogStore>> CatalogStore::Create(SQLite::Database& db) {
  try {
    return std::unique_ptr<CatalogStore>(new CatalogStore(db));
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
    SQLite::Statement s(db_,
                        "SELECT path, size, mtime_ns, artist, album, title, tags_from, format"
                        " FROM tracks WHERE id = ?");
    s.bind(1, id);
    if (!s.executeStep()) return Status::Error(ENOENT, "no track " + std::to_string(id));
    Track t;
    t.id = id;
    t.path = s.getColumn(0).getString();
    t.size = s.getColumn(1).getInt64();
    t.mtime_ns = s.getColumn(2).getInt64();
    t.fields.artist = s.getColumn(3).getString();
    t.fields.album = s.getColumn(4).getString();
    t.fields.title = s.getColumn(5).getString();
    t.tags_from = SplitList(s.getColumn(6).getString());
    t.audio.format = s.getColumn(7).getString();
    return t;
  } catch (const SQLite::Exception& e) {
    return SqliteError("read a track", e);
  }
}

Status CatalogStore::Begin() {
  if (in_transaction_) return Status::Ok();
  try {
    db_.exec("BEGIN IMMEDIATE");
    in_transaction_ = true;
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return SqliteError("begin a catalog transaction", e);
  }
}

Status CatalogStore::Commit() {
  if (!in_transaction_) return Status::Ok();
  try {
    db_.exec("COMMIT");
    in_transaction_ = false;
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return SqliteError("commit to the catalog", e);
  }
}

void CatalogStore::BindTrack(SQLite::Statement& s, const Track& t) {
  const TrackFields& f = t.fields;
  s.bind(1, t.path);
  s.bind(2, static_cast<std::int64_t>(t.size));
  s.bind(3, static_cast<std::int64_t>(t.mtime_ns));
  BindText(s, 4, f.artist);
  BindText(s, 5, f.albumartist);
  BindText(s, 6, f.album);
  BindText(s, 7, f.title);
  BindNumber(s, 8, f.track);
  BindNumber(s, 9, f.tracktotal);
  BindNumber(s, 10, f.disc);
  BindNumber(s, 11, f.disctotal);
  BindNumber(s, 12, f.year);
  BindText(s, 13, f.date);
  BindText(s, 14, f.genre);
  BindText(s, 15, f.mb_artistid);
  BindText(s, 16, f.mb_albumartistid);
  BindText(s, 17, f.mb_albumid);
  BindText(s, 18, f.mb_releasegroupid);
  BindText(s, 19, f.mb_trackid);
  BindNumber(s, 20, t.audio.duration_ms);
  BindNumber(s, 21, t.audio.bitrate);
  BindNumber(s, 22, t.audio.samplerate);
  BindNumber(s, 23, t.audio.channels);
  BindText(s, 24, t.audio.format);
  s.bind(25, JoinList(t.tags_from));
  BindText(s, 26, FoldCase(f.artist));
  BindText(s, 27, FoldCase(f.albumartist));
  BindText(s, 28, FoldCase(f.album));
  BindText(s, 29, FoldCase(f.title));
  BindText(s, 30, FoldCase(f.genre));
}

Status CatalogStore::PutTrack(Track& track) {
  try {
    upsert_track_.reset();
    upsert_track_.clearBindings();
    BindTrack(upsert_track_, track);
    upsert_track_.bind(31, static_cast<std::int64_t>(std::time(nullptr)));
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
    BindTrack(move_track_, track);
    move_track_.bind(31, static_cast<std::int64_t>(id));
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
