// Grouping is by the stored album artist (the indexer fills it from tags,
// the folder, or the track artist), so every track lands under one artist.
// Sorting uses the case-folded copies: bytewise, as SQLite has no locale
// collation without ICU.
#include "base/sqlite_status.h"
#include "catalog/catalog_reader.h"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <cerrno>

#include "catalog/catalog_connection.h"
#include "catalog/catalog_db.h"

namespace hoard::catalog {
namespace {

std::string Text(SQLite::Statement& s, int i) {
  return s.getColumn(i).isNull() ? std::string() : s.getColumn(i).getString();
}

// An album artist's MusicBrainz id: tagged as such, or the track artist's
// where the track artist is the album artist.
constexpr const char* kArtistIdExpr =
    "COALESCE(MAX(mb_albumartistid), MAX(CASE WHEN artist = albumartist THEN mb_artistid END))";

}  // namespace

Result<std::vector<OwnedArtist>> ReadOwnedArtists(Catalog& catalog) {
  SQLite::Database& db = Connection(catalog);
  std::vector<OwnedArtist> artists;
  try {
    SQLite::Statement s(db, std::string("SELECT albumartist, ") + kArtistIdExpr +
                                ", COUNT(*) FROM tracks WHERE albumartist IS NOT NULL"
                                " GROUP BY albumartist ORDER BY MIN(albumartist_f), albumartist");
    std::map<std::string, std::size_t> index;
    while (s.executeStep()) {
      OwnedArtist a;
      a.name = Text(s, 0);
      a.mb_artistid = Text(s, 1);
      a.tracks = s.getColumn(2).getInt64();
      index[a.name] = artists.size();
      artists.push_back(std::move(a));
    }
    SQLite::Statement albums(db,
                             "SELECT albumartist, album, year, MAX(mb_releasegroupid),"
                             " MAX(mb_albumid), COUNT(*) FROM tracks"
                             " WHERE albumartist IS NOT NULL AND album IS NOT NULL"
                             " GROUP BY albumartist, album, year"
                             " ORDER BY year IS NULL, year, MIN(album_f)");
    while (albums.executeStep()) {
      auto it = index.find(Text(albums, 0));
      if (it == index.end()) continue;
      OwnedAlbum album;
      album.title = Text(albums, 1);
      if (!albums.getColumn(2).isNull()) album.year = albums.getColumn(2).getInt();
      album.mb_releasegroupid = Text(albums, 3);
      album.mb_albumid = Text(albums, 4);
      album.tracks = albums.getColumn(5).getInt64();
      artists[it->second].albums.push_back(std::move(album));
    }
  } catch (const SQLite::Exception& e) {
    return SqliteError("read the catalog", e);
  }
  return artists;
}

Result<std::vector<OwnedArtist>> ReadOwnedArtists(const std::string& db_path) {
  auto db = OpenCatalogForRead(db_path);
  if (!db.ok()) return db.status();
  return ReadOwnedArtists(**db);
}

Result<std::vector<ArtistSummary>> ListArtists(Catalog& catalog) {
  SQLite::Database& db = Connection(catalog);
  std::vector<ArtistSummary> out;
  try {
    SQLite::Statement s(db, std::string("SELECT albumartist, ") + kArtistIdExpr +
                                ", COUNT(DISTINCT COALESCE(album, '') || '\x1f' || COALESCE(year, '')),"
                                " COUNT(*) FROM tracks WHERE albumartist IS NOT NULL"
                                " GROUP BY albumartist ORDER BY MIN(albumartist_f), albumartist");
    while (s.executeStep()) {
      out.push_back(ArtistSummary{Text(s, 0), Text(s, 1), s.getColumn(2).getInt64(),
                                  s.getColumn(3).getInt64()});
    }
  } catch (const SQLite::Exception& e) {
    return SqliteError("read the catalog", e);
  }
  return out;
}

Result<CatalogStats> ReadStats(Catalog& catalog) {
  SQLite::Database& db = Connection(catalog);
  CatalogStats stats;
  try {
    SQLite::Statement totals(
        db,
        "SELECT COUNT(*), COALESCE(SUM(duration_ms), 0), COALESCE(SUM(size), 0),"
        " COUNT(DISTINCT albumartist),"
        " (SELECT COUNT(*) FROM (SELECT 1 FROM tracks GROUP BY albumartist, album, year)),"
        " (SELECT COUNT(*) FROM unreadable) FROM tracks");
    if (totals.executeStep()) {
      stats.tracks = totals.getColumn(0).getInt64();
      stats.duration_ms = totals.getColumn(1).getInt64();
      stats.size = totals.getColumn(2).getInt64();
      stats.artists = totals.getColumn(3).getInt64();
      stats.albums = totals.getColumn(4).getInt64();
      stats.unreadable = totals.getColumn(5).getInt64();
    }
    SQLite::Statement formats(db,
                              "SELECT COALESCE(format, '?'), COUNT(*) FROM tracks GROUP BY 1");
    while (formats.executeStep()) {
      stats.formats[formats.getColumn(0).getString()] = formats.getColumn(1).getInt64();
    }
    if (db.tableExists("other_files")) {
      // A root inside another recorded root is counted by the outer one.
      SQLite::Statement other(db,
                              "SELECT o.extension, SUM(o.count) FROM other_files o WHERE NOT EXISTS ("
                              " SELECT 1 FROM roots r WHERE r.path <> o.root AND"
                              " (r.path = '/' OR substr(o.root, 1, length(r.path) + 1) = r.path || '/'))"
                              " GROUP BY 1");
      while (other.executeStep()) stats.other_files[other.getColumn(0).getString()] = other.getColumn(1).getInt64();
    }
  } catch (const SQLite::Exception& e) {
    return SqliteError("read the catalog", e);
  }
  return stats;
}

Result<std::vector<UnreadableFile>> ListUnreadable(Catalog& catalog) {
  SQLite::Database& db = Connection(catalog);
  std::vector<UnreadableFile> out;
  try {
    SQLite::Statement s(db, "SELECT path, reason FROM unreadable ORDER BY path");
    while (s.executeStep()) out.push_back(UnreadableFile{Text(s, 0), Text(s, 1)});
  } catch (const SQLite::Exception& e) {
    return SqliteError("read the catalog", e);
  }
  return out;
}

}  // namespace hoard::catalog
