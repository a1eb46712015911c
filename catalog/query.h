// Running a parsed query against the catalog: tracks, or albums.
//
// The SQL is assembled from fixed column names (from track_fields) and
// placeholders only; every user-supplied value is a bound parameter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/status.h"
#include "catalog/catalog.h"
#include "catalog/query_parser.h"
#include "catalog/track.h"

namespace hoard::catalog {

// An album: the tracks sharing album artist, album and year.
struct Album {
  std::string albumartist;
  std::string album;
  std::optional<int> year;
  std::int64_t tracks = 0;
  std::int64_t duration_ms = 0;
  std::vector<std::string> formats;  // sorted, distinct
  std::string genre;                 // of one of its tracks
  std::string mb_albumartistid;
  std::string mb_albumid;
  std::string mb_releasegroupid;
  std::string path;  // folder of its first track
};

// A WHERE clause ("1" for no terms) and its parameters in order.
struct SqlCondition {
  std::string sql;
  std::vector<std::variant<std::string, double>> params;
};
SqlCondition BuildCondition(const Query& query);

// Tracks matching `query` in its sort order (default: album artist, year,
// album, disc, track, path). `catalog` may be read-only.
Result<std::vector<Track>> FindTracks(Catalog& catalog, const Query& query);
// Albums having at least one track matching `query`, sorted by the query's
// keys applied to the album (default: album artist, year, album).
Result<std::vector<Album>> FindAlbums(Catalog& catalog, const Query& query);

}  // namespace hoard::catalog
