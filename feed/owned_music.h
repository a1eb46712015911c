// What the user owns, as the feed needs it: album artists with their albums.
//
// The catalog (catalog/) is the normal source; the feed depends only on this
// small seam so that its logic is tested from plain data and so that a user
// without a catalog can still feed it a JSON file (`hoard feed update --owned`).
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace hoard::feed {

struct OwnedAlbum {
  std::string title;              // as tagged
  int year = 0;                   // 0 when unknown
  std::string mb_releasegroupid;  // empty when untagged
};

struct OwnedArtist {
  std::string name;         // album artist as tagged
  std::string mb_artistid;  // empty when untagged
  int track_count = 0;
  std::vector<OwnedAlbum> albums;
};

class OwnedMusicSource {
 public:
  virtual ~OwnedMusicSource() = default;
  // Every album artist once, with all their albums.
  virtual Result<std::vector<OwnedArtist>> ListAlbumArtists() = 0;
};

// Reads a JSON array of
//   {"name": "...", "mb_artistid": "...", "track_count": N,
//    "albums": [{"title": "...", "year": N, "mb_releasegroupid": "..."}]}
// Only "name" is required.
class JsonOwnedMusicSource : public OwnedMusicSource {
 public:
  explicit JsonOwnedMusicSource(std::string path) : path_(std::move(path)) {}
  Result<std::vector<OwnedArtist>> ListAlbumArtists() override;

 private:
  std::string path_;
};

}  // namespace hoard::feed
