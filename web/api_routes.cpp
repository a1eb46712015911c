// The API answers what the matching `hoard ... --json` commands print: both
// build it with the owning library's builder (feed/release_json.h,
// catalog/catalog_json.h) and print it with JsonText; tests/web/web_cli_test.cpp
// compares the two outputs byte for byte.
#include "web/api_routes.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "base/json_text.h"
#include "catalog/catalog_json.h"
#include "catalog/catalog_reader.h"
#include "catalog/query.h"
#include "catalog/query_parser.h"
#include "feed/release_json.h"
#include "web/params.h"
#include "web/release_view.h"

namespace hoard::web {
namespace {

using nlohmann::json;

Reply JsonReply(const json& value) {
  Reply reply;
  reply.content_type = kJsonType;
  reply.body = JsonText(value);
  return reply;
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
  const ReleaseSelection selection = SelectReleases(std::move(releases->all), *filter, filter->paged);
  return JsonReply(feed::ReleasesToJson(selection.rows));
}

Reply ApiArtists(WebState& state, const Params& params) {
  if (Status s = CheckParamNames(params, {}); !s.ok()) return JsonError(400, s.message());
  auto db = state.OpenCatalog();
  if (!db.ok()) return JsonError(503, db.status().message());
  auto artists = catalog::ListArtists(**db);
  if (!artists.ok()) return JsonError(500, artists.status().message());
  return JsonReply(catalog::ArtistsToJson(*artists));
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
  return JsonReply(catalog::StatsToJson(*stats));
}

}  // namespace hoard::web
