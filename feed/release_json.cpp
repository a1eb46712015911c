#include "feed/release_json.h"

#include "feed/feed_document.h"

namespace hoard::feed {
namespace {

using nlohmann::json;

json OrNull(const std::string& text) { return text.empty() ? json() : json(text); }

json ReleaseToJson(const StoredRelease& r) {
  return {{"artist", r.artist},
          {"artist_mbid", OrNull(r.artist_mbid)},
          {"title", r.title},
          {"type", OrNull(r.primary_type)},
          {"secondary_types", r.secondary_types},
          {"date", OrNull(r.date)},
          {"year", r.year != 0 ? json(r.year) : json()},
          {"undated", r.undated()},
          {"mbid", r.mbid},
          {"url", ReleaseGroupUrl(r.mbid)},
          {"discovered", Rfc3339(r.discovered)},
          {"description", OrNull(r.summary)},
          {"listeners", r.listeners ? json(*r.listeners) : json()},
          {"image", OrNull(r.image)},
          {"lastfm_url", OrNull(r.lastfm_url)}};
}

}  // namespace

json ReleasesToJson(const std::vector<StoredRelease>& releases) {
  json out = json::array();
  for (const StoredRelease& r : releases) out.push_back(ReleaseToJson(r));
  return out;
}

}  // namespace hoard::feed
