// Schema history:
//   1  tracks with the basic tag fields and stream properties; unreadable files.
//   2  MusicBrainz ids, track/disc totals, the tagged date, which fields came
//      from the layout (tags_from), when a track was first seen (added_at),
//      case-folded copies of the searched fields (SQLite's lower() is
//      ASCII-only), and an FTS5 index over artist/album/title/genre kept by
//      triggers; a covering index of the folded fields and the common numbers
//      so field queries scan it (a fifth of the table) instead of the table.
//      Old rows get mtime_ns = -1 so the next index re-reads them
//      and fills the new columns.
//   3  a covering index of what a re-index compares (path, size, mtime), so
//      loading it for a whole hoard reads that index alone, not the table.
//   4  the roots indexed, with the type of filesystem each was on (an
//      unmounted mountpoint is a folder of another one), and the files under
//      each that are not music, counted by extension.
#include "base/sqlite_status.h"
#include "catalog/catalog_schema.h"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>

#include <cerrno>

namespace hoard::catalog {
namespace {

constexpr const char* kMigrations[] = {
    // 0 -> 1
    R"sql(
CREATE TABLE tracks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  path TEXT NOT NULL UNIQUE,
  size INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL,
  artist TEXT, albumartist TEXT, album TEXT, title TEXT,
  track INTEGER, disc INTEGER, year INTEGER, genre TEXT,
  duration_ms INTEGER, bitrate INTEGER, samplerate INTEGER, channels INTEGER,
  format TEXT
);
CREATE TABLE unreadable (
  path TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL,
  reason TEXT NOT NULL
);
)sql",
    // 1 -> 2
    R"sql(
ALTER TABLE tracks ADD COLUMN tracktotal INTEGER;
ALTER TABLE tracks ADD COLUMN disctotal INTEGER;
ALTER TABLE tracks ADD COLUMN date TEXT;
ALTER TABLE tracks ADD COLUMN mb_artistid TEXT;
ALTER TABLE tracks ADD COLUMN mb_albumartistid TEXT;
ALTER TABLE tracks ADD COLUMN mb_albumid TEXT;
ALTER TABLE tracks ADD COLUMN mb_releasegroupid TEXT;
ALTER TABLE tracks ADD COLUMN mb_trackid TEXT;
ALTER TABLE tracks ADD COLUMN tags_from TEXT NOT NULL DEFAULT '';
ALTER TABLE tracks ADD COLUMN added_at INTEGER;
ALTER TABLE tracks ADD COLUMN artist_f TEXT;
ALTER TABLE tracks ADD COLUMN albumartist_f TEXT;
ALTER TABLE tracks ADD COLUMN album_f TEXT;
ALTER TABLE tracks ADD COLUMN title_f TEXT;
ALTER TABLE tracks ADD COLUMN genre_f TEXT;
UPDATE tracks SET mtime_ns = -1, added_at = strftime('%s', 'now');
CREATE VIRTUAL TABLE tracks_fts USING fts5(
  artist, albumartist, album, title, genre,
  content = 'tracks', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO tracks_fts(tracks_fts) VALUES ('rebuild');
CREATE TRIGGER tracks_fts_insert AFTER INSERT ON tracks BEGIN
  INSERT INTO tracks_fts(rowid, artist, albumartist, album, title, genre)
  VALUES (new.id, new.artist, new.albumartist, new.album, new.title, new.genre);
END;
CREATE TRIGGER tracks_fts_delete AFTER DELETE ON tracks BEGIN
  INSERT INTO tracks_fts(tracks_fts, rowid, artist, albumartist, album, title, genre)
  VALUES ('delete', old.id, old.artist, old.albumartist, old.album, old.title, old.genre);
END;
CREATE TRIGGER tracks_fts_update AFTER UPDATE OF artist, albumartist, album, title, genre ON tracks
BEGIN
  INSERT INTO tracks_fts(tracks_fts, rowid, artist, albumartist, album, title, genre)
  VALUES ('delete', old.id, old.artist, old.albumartist, old.album, old.title, old.genre);
  INSERT INTO tracks_fts(rowid, artist, albumartist, album, title, genre)
  VALUES (new.id, new.artist, new.albumartist, new.album, new.title, new.genre);
END;
CREATE INDEX tracks_album ON tracks(albumartist, album, year);
CREATE INDEX tracks_search ON tracks(artist_f, albumartist_f, album_f, title_f, genre_f, year, track, disc);
)sql",
    // 2 -> 3
    R"sql(
CREATE INDEX tracks_known ON tracks(path, size, mtime_ns);
)sql",
    // 3 -> 4
    R"sql(
CREATE TABLE roots (
  path TEXT PRIMARY KEY,
  fstype INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE other_files (
  root TEXT NOT NULL,
  extension TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (root, extension)
) WITHOUT ROWID;
)sql",
};
static_assert(std::size(kMigrations) == kCatalogSchemaVersion);

}  // namespace

Result<int> CatalogSchemaVersion(SQLite::Database& db) {
  try {
    return db.execAndGet("PRAGMA user_version").getInt();
  } catch (const SQLite::Exception& e) {
    return SqliteError("read catalog schema version", e);
  }
}

Status MigrateCatalog(SQLite::Database& db) {
  try {
    for (;;) {
      // The version is re-read inside the write transaction: another hoard
      // may have migrated between our check and our lock.
      SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
      int version = db.execAndGet("PRAGMA user_version").getInt();
      if (version > kCatalogSchemaVersion) {
        return Status::Error(EPROTO, "the catalog has schema version " + std::to_string(version) +
                                         ", newer than this hoard knows (" +
                                         std::to_string(kCatalogSchemaVersion) +
                                         "); use a newer hoard");
      }
      if (version == kCatalogSchemaVersion) return Status::Ok();
      db.exec(kMigrations[version]);
      db.exec("PRAGMA user_version = " + std::to_string(version + 1));
      transaction.commit();
    }
  } catch (const SQLite::Exception& e) {
    return SqliteError("migrate catalog schema", e);
  }
}

}  // namespace hoard::catalog
