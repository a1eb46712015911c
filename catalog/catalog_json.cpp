// Null for what is missing, so `"year": null` differs from a year 0 and an
// absent genre from an empty one.
#include "catalog/catalog_json.h"

#include <optional>

namespace hoard::catalog {
namespace {

template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json OrNull(const std::string& value) {
  return value.empty() ? nlohmann::json(nullptr) : nlohmann::json(value);
}

}  // namespace

nlohmann::json TrackToJson(const Track& t) {
  const TrackFields& f = t.fields;
  return nlohmann::json{
      {"path", t.path},
      {"artist", OrNull(f.artist)},
      {"albumartist", OrNull(f.albumartist)},
      {"album", OrNull(f.album)},
      {"title", OrNull(f.title)},
      {"year", OrNull(f.year)},
      {"track", OrNull(f.track)},
      {"tracktotal", OrNull(f.tracktotal)},
      {"disc", OrNull(f.disc)},
      {"disctotal", OrNull(f.disctotal)},
      {"date", OrNull(f.date)},
      {"genre", OrNull(f.genre)},
      {"duration_ms", OrNull(t.audio.duration_ms)},
      {"bitrate", OrNull(t.audio.bitrate)},
      {"samplerate", OrNull(t.audio.samplerate)},
      {"channels", OrNull(t.audio.channels)},
      {"format", OrNull(t.audio.format)},
      {"size", t.size},
      {"mb_artistid", OrNull(f.mb_artistid)},
      {"mb_albumartistid", OrNull(f.mb_albumartistid)},
      {"mb_albumid", OrNull(f.mb_albumid)},
      {"mb_releasegroupid", OrNull(f.mb_releasegroupid)},
      {"mb_trackid", OrNull(f.mb_trackid)},
      {"tags_from", t.tags_from},
  };
}

nlohmann::json AlbumToJson(const Album& a) {
  return nlohmann::json{
      {"albumartist", OrNull(a.albumartist)},
      {"album", OrNull(a.album)},
      {"year", OrNull(a.year)},
      {"tracks", a.tracks},
      {"duration_ms", a.duration_ms},
      {"formats", a.formats},
      {"genre", OrNull(a.genre)},
      {"mb_albumartistid", OrNull(a.mb_albumartistid)},
      {"mb_albumid", OrNull(a.mb_albumid)},
      {"mb_releasegroupid", OrNull(a.mb_releasegroupid)},
      {"path", a.path},
  };
}

nlohmann::json ArtistsToJson(const std::vector<ArtistSummary>& artists) {
  nlohmann::json out = nlohmann::json::array();
  for (const ArtistSummary& a : artists) {
    out.push_back({{"name", a.name}, {"mb_artistid", OrNull(a.mb_artistid)}, {"albums", a.albums}, {"tracks", a.tracks}});
  }
  return out;
}

nlohmann::json StatsToJson(const CatalogStats& s) {
  return {{"tracks", s.tracks},           {"albums", s.albums}, {"artists", s.artists},
          {"duration_ms", s.duration_ms}, {"size", s.size},     {"formats", s.formats},
          {"unreadable", s.unreadable}, {"other_files", s.other_files}};
}

}  // namespace hoard::catalog
