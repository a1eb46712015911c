#include "feed/catalog_owned_music.h"

#include "catalog/catalog_reader.h"

namespace hoard::feed {

Result<std::vector<OwnedArtist>> CatalogOwnedMusicSource::ListAlbumArtists() {
  auto read = catalog::ReadOwnedArtists(db_path_);
  if (!read.ok()) return read.status();
  std::vector<OwnedArtist> artists;
  artists.reserve(read->size());
  for (const catalog::OwnedArtist& a : *read) {
    OwnedArtist artist{a.name, a.mb_artistid, static_cast<int>(a.tracks), {}};
    for (const catalog::OwnedAlbum& album : a.albums) {
      artist.albums.push_back({album.title, album.year.value_or(0), album.mb_releasegroupid});
    }
    artists.push_back(std::move(artist));
  }
  return artists;
}

}  // namespace hoard::feed
