// Read-only summaries of the catalog: artists, statistics, and what the feed
// (new-release discovery) needs to know about the owned music.
//
// All functions take a catalog opened with OpenCatalogForRead (or for write)
// and never modify it. They may run while `hoard index`
// writes (WAL): they see the last committed state.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "catalog/catalog.h"

namespace hoard::catalog {

// -- For the feed ---------------------------------------------------------

struct OwnedAlbum {
  std::string title;               // album tag (or folder name)
  std::optional<int> year;
  std::string mb_releasegroupid;   // "" when no track of it is tagged with one
  std::string mb_albumid;          // MusicBrainz release id, "" when untagged
  std::int64_t tracks = 0;
};

struct OwnedArtist {
  std::string name;          // album artist (tagged, else folder, else track artist)
  std::string mb_artistid;   // MusicBrainz album-artist id, "" when untagged
  std::int64_t tracks = 0;
  std::vector<OwnedAlbum> albums;  // by year (unknown last), then title
};

// Every album artist with their albums, sorted by name (case-insensitive).
// Tracks without any artist are left out. The MusicBrainz artist id is the
// album-artist id when tagged, else the track-artist id of tracks whose
// artist is the album artist.
Result<std::vector<OwnedArtist>> ReadOwnedArtists(Catalog& catalog);
// The same, opening the catalog at `db_path` read-only.
Result<std::vector<OwnedArtist>> ReadOwnedArtists(const std::string& db_path);

// -- For `hoard artists` and `hoard stats` ----------------------------------

struct ArtistSummary {
  std::string name;
  std::string mb_artistid;
  std::int64_t albums = 0;
  std::int64_t tracks = 0;
};
Result<std::vector<ArtistSummary>> ListArtists(Catalog& catalog);

struct UnreadableFile {
  std::string path;
  std::string reason;
};

struct CatalogStats {
  std::int64_t tracks = 0;
  std::int64_t albums = 0;
  std::int64_t artists = 0;
  std::int64_t duration_ms = 0;
  std::int64_t size = 0;
  std::map<std::string, std::int64_t> formats;  // format -> tracks
  std::int64_t unreadable = 0;
  // Files under the indexed folders that are not music (covers, cue sheets,
  // playlists), by extension ("" for none); empty for catalogs indexed
  // before schema 4.
  std::map<std::string, std::int64_t> other_files;
};
Result<CatalogStats> ReadStats(Catalog& catalog);
Result<std::vector<UnreadableFile>> ListUnreadable(Catalog& catalog);

}  // namespace hoard::catalog
