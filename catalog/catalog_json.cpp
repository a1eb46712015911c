// Null for what is missing, so `"year": null` differs from a year 0 and an
// absent genre from an empty one.
#include "catalog/catalog_json.h"

#include <optional>

#include "catalog/track_fields.h"

namespace hoard::catalog {
namespace {

template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json OrNull(const std::string& value) {
  return value.empty() ? nlohmann::json(nullptr) : nlohmann::json(value);
}

// A track field's value (track_fields.h): null when the field is unknown.
nlohmann::json Value(const std::string& value, bool nullable) {
  return nullable ? OrNull(value) : nlohmann::json(value);
}

template <typename T>
nlohmann::json Value(const std::optional<T>& value, bool /*nullable*/) {
  return OrNull(value);
}

nlohmann::json Value(std::int64_t value, bool /*nullable*/) { return value; }

nlohmann::json Value(const std::vector<std::string>& items, bool /*nullable*/) { return items; }

}  // namespace

nlohmann::json TrackToJson(const Track& t) {
  nlohmann::json out = nlohmann::json::object();
  for (const FieldSpec& field : Fields()) {
    out[field.column] =
        VisitField(field, t, [&](const auto& value) { return Value(value, field.nullable); });
  }
  return out;
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
