// The catalog as the feed's source of owned music: album artists and their
// albums read from the catalog tables (catalog/catalog_reader.h) of the same
// SQLite file the feed keeps its state in.
#pragma once

#include <string>

#include "feed/owned_music.h"

namespace hoard::feed {

class CatalogOwnedMusicSource : public OwnedMusicSource {
 public:
  explicit CatalogOwnedMusicSource(std::string db_path) : db_path_(std::move(db_path)) {}
  // ENOENT with "run `hoard index` first" when there is no catalog yet.
  Result<std::vector<OwnedArtist>> ListAlbumArtists() override;

 private:
  std::string db_path_;
};

}  // namespace hoard::feed
