#include "feed/owned_music.h"

#include <cerrno>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace hoard::feed {

Result<std::vector<OwnedArtist>> JsonOwnedMusicSource::ListAlbumArtists() {
  std::ifstream in(path_);
  if (!in) return Status::Error(ENOENT, "cannot read owned-music file " + path_);
  std::stringstream text;
  text << in.rdbuf();
  try {
    const auto doc = nlohmann::json::parse(text.str());
    if (!doc.is_array()) return Status::Error(EINVAL, path_ + ": expected a JSON array of artists");
    std::vector<OwnedArtist> artists;
    for (const auto& a : doc) {
      OwnedArtist artist;
      artist.name = a.at("name").get<std::string>();
      artist.mb_artistid = a.value("mb_artistid", "");
      artist.track_count = a.value("track_count", 0);
      for (const auto& al : a.value("albums", nlohmann::json::array())) {
        artist.albums.push_back({al.at("title").get<std::string>(), al.value("year", 0),
                                 al.value("mb_releasegroupid", "")});
      }
      artists.push_back(std::move(artist));
    }
    return artists;
  } catch (const nlohmann::json::exception& e) {
    return Status::Error(EINVAL, path_ + ": " + e.what());
  }
}

}  // namespace hoard::feed
