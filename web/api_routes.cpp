// The JSON objects below mirror, field for field, the ones tools/cmd_feed.cpp,
// cmd_artists.cpp and cmd_stats.cpp print (those live in the command files,
// which this library cannot link); tests/web/api_test.cpp compares the two
// outputs byte for byte so they cannot drift apart unnoticed. Albums use
// catalog::AlbumToJson, which `hoard albums` uses too.
#include "web/api_routes.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "catalog/catalog_reader.h"
#include "catalog/query.h"
#include "catalog/query_parser.h"
#include "catalog/track_format.h"
#include "feed/feed_document.h"
#include "web/params.h"
#include "web/release_view.h"

namespace hoard::web {
namespace {

using nlohmann::json;

Reply JsonReply(const json& value) {
  Reply reply;
  reply.content_type = kJsonType;
  reply.body = value.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  return reply;
}

json ReleaseJson(const feed::StoredRelease& r) {
  auto or_null = [](const std::string& s) { return s.empty() ? json() : json(s); };
  return {{"artist", r.artist},
          {"artist_mbid", or_null(r.artist_mbid)},
          {"title", r.title},
          {"type", or_null(r.primary_type)},
          {"secondary_types", r.secondary_types},
          {"date", or_null(r.date)},
          {"year", r.year != 0 ? json(r.year) : json()},
          {"undated", r.undated()},
          {"mbid", r.mbid},
          {"url", feed::ReleaseGroupUrl(r.mbid)},
          {"discovered", feed::Rfc3339(r.discovered)},
          {"description", or_null(r.summary)},
          {"listeners", r.listeners ? json(*r.listeners) : json()},
          {"image", or_null(r.image)},
          {"lastfm_url", or_null(r.lastfm_url)}};
}

}  // namespace

Reply JsonError(int status, const std::string& message) {
  Reply reply = JsonReply(json{{"error", message}});
  reply.status = status;
  return reply;
}

Reply ApiReleases(WebState& state, const Params& params) {
  auto filter = ParseReleaseFilter(params);
  if (!filter.ok()) return JsonError(400, filter.status().message());
  auto releases = state.LoadReleases();
  if (!releases.ok()) return JsonError(500, releases.status().message());
  ReleaseSelection selection =
      SelectReleases(std::move(releases->all), *filter, filter->paged);
  json out = json::array();
  for (const auto& r : selection.rows) out.push_back(ReleaseJson(r));
  return JsonReply(out);
}

Reply ApiArtists(WebState& state, const Params& params) {
  if (Status s = CheckParamNames(params, {}); !s.ok()) return JsonError(400, s.message());
  auto db = state.OpenCatalog();
  if (!db.ok()) return JsonError(503, db.status().message());
  auto artists = catalog::ListArtists(**db);
  if (!artists.ok()) return JsonError(500, artists.status().message());
  json out = json::array();
  for (const catalog::ArtistSummary& a : *artists) {
    out.push_back({{"name", a.name},
                   {"mb_artistid", a.mb_artistid.empty() ? json(nullptr) : json(a.mb_artistid)},
                   {"albums", a.albums},
                   {"tracks", a.tracks}});
  }
  return JsonReply(out);
}

Reply ApiAlbums(WebState& state, const Params& params) {
  if (Status s = CheckParamNames(params, {"artist", "q"}); !s.ok()) return JsonError(400, s.message());
  std::vector<std::string> words;
  if (const std::string artist = ParamValue(params, "artist"); !artist.empty()) words.push_back("albumartist:=" + artist);
  std::istringstream q(ParamValue(params, "q"));
  for (std::string w; q >> w;) words.push_back(w);
  auto query = catalog::ParseQuery(words);
  if (!query.ok()) return JsonError(400, query.status().message());
  auto db = state.OpenCatalog();
  if (!db.ok()) return JsonError(503, db.status().message());
  auto albums = catalog::FindAlbums(**db, *query);
  if (!albums.ok()) return JsonError(500, albums.status().message());
  json out = json::array();
  for (const catalog::Album& album : *albums) out.push_back(catalog::AlbumToJson(album));
  return JsonReply(out);
}

Reply ApiStats(WebState& state, const Params& params) {
  if (Status s = CheckParamNames(params, {}); !s.ok()) return JsonError(400, s.message());
  auto db = state.OpenCatalog();
  if (!db.ok()) return JsonError(503, db.status().message());
  auto stats = catalog::ReadStats(**db);
  if (!stats.ok()) return JsonError(500, stats.status().message());
  const catalog::CatalogStats& s = *stats;
  return JsonReply(json{{"tracks", s.tracks},   {"albums", s.albums},           {"artists", s.artists},
                        {"duration_ms", s.duration_ms}, {"size", s.size}, {"formats", s.formats},
                        {"unreadable", s.unreadable}});
}

}  // namespace hoard::web
