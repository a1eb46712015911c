#include "web/pages_catalog.h"

#include <charconv>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "catalog/catalog_reader.h"
#include "catalog/query.h"
#include "catalog/query_parser.h"
#include "catalog/track_fields.h"
#include "web/html.h"
#include "web/params.h"
#include "web/url.h"

namespace hoard::web {
namespace {

std::string AlbumLink(const catalog::Album& a) {
  return "/catalog/album?" + QueryString({{"artist", a.albumartist},
                                          {"album", a.album},
                                          {"year", a.year ? std::to_string(*a.year) : ""}});
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

Html AlbumTable(const std::vector<catalog::Album>& albums, bool with_artist) {
  Element head("tr");
  if (with_artist) head.Add(Element("th").Text("Artist"));
  head.Add(Element("th").Text("Year")).Add(Element("th").Text("Album")).Add(Element("th").Text("Tracks"));
  head.Add(Element("th").Text("Time")).Add(Element("th").Text("Formats"));
  Element body("tbody");
  for (const catalog::Album& a : albums) {
    Element row("tr");
    if (with_artist) {
      row.Add(Element("td").Add(Element("a")
                                    .Attr("href", "/catalog/artist?" + QueryString({{"name", a.albumartist}}))
                                    .Text(a.albumartist)));
    }
    row.Add(Element("td").Text(a.year ? std::to_string(*a.year) : ""))
        .Add(Element("td").Add(Element("a").Attr("href", AlbumLink(a)).Text(a.album)))
        .Add(Element("td").Attr("class", "num").Text(std::to_string(a.tracks)))
        .Add(Element("td").Attr("class", "num").Text(catalog::FormatDuration(a.duration_ms)))
        .Add(Element("td").Text(Join(a.formats)));
    body.Add(row);
  }
  return Element("table").Attr("id", "albums").Add(Element("thead").Add(head)).Add(body);
}

Html SearchForm(const std::string& q) {
  return Element("form")
      .Attr("method", "get")
      .Attr("action", "/catalog")
      .Attr("class", "filters")
      .Add(Element("label").Text("Search ").Add(Element("input")
                                                    .Attr("type", "search")
                                                    .Attr("name", "q")
                                                    .Attr("value", q)
                                                    .Attr("placeholder", "beat year:1960..1970 -live")))
      .Add(Element("button").Attr("type", "submit").Text("Search"));
}

Result<std::vector<catalog::Album>> FindAlbumsByWords(catalog::Catalog& catalog, const std::vector<std::string>& words) {
  auto query = catalog::ParseQuery(words);
  if (!query.ok()) return query.status();
  return catalog::FindAlbums(catalog, *query);
}

}  // namespace

Reply CatalogPage(WebState& state, const Params& params) {
  if (Status s = CheckParamNames(params, {"q"}); !s.ok()) return ErrorPageReply(400, s.message());
  const std::string q = ParamValue(params, "q");
  auto db = state.OpenCatalog();
  if (!db.ok()) return ErrorPageReply(503, db.status().message());
  auto stats = catalog::ReadStats(**db);
  if (!stats.ok()) return ErrorPageReply(500, stats.status().message());

  Html body;
  body += Element("h1").Text("Catalog");
  body += Element("p").Attr("class", "count").Text(
      std::to_string(stats->artists) + " artists, " + std::to_string(stats->albums) + " albums, " +
      std::to_string(stats->tracks) + " tracks, " + catalog::FormatDuration(stats->duration_ms));
  body += SearchForm(q);
  if (!q.empty()) {
    std::vector<std::string> words;
    std::istringstream in(q);
    for (std::string w; in >> w;) words.push_back(w);
    auto albums = FindAlbumsByWords(**db, words);
    if (!albums.ok()) {
      return albums.status().code() == EINVAL ? ErrorPageReply(400, albums.status().message())
                                              : ErrorPageReply(500, albums.status().message());
    }
    body += Element("p").Text(std::to_string(albums->size()) + " matching albums");
    body += AlbumTable(*albums, true);
    return HtmlPageReply(200, "hoard: catalog", body);
  }
  auto artists = catalog::ListArtists(**db);
  if (!artists.ok()) return ErrorPageReply(500, artists.status().message());
  Element rows("tbody");
  for (const catalog::ArtistSummary& a : *artists) {
    rows.Add(Element("tr")
                 .Add(Element("td").Add(Element("a")
                                            .Attr("href", "/catalog/artist?" + QueryString({{"name", a.name}}))
                                            .Text(a.name)))
                 .Add(Element("td").Attr("class", "num").Text(std::to_string(a.albums)))
                 .Add(Element("td").Attr("class", "num").Text(std::to_string(a.tracks))));
  }
  body += Element("table")
              .Attr("id", "artists")
              .Add(Element("thead").Add(Element("tr")
                                            .Add(Element("th").Text("Artist"))
                                            .Add(Element("th").Text("Albums"))
                                            .Add(Element("th").Text("Tracks"))))
              .Add(rows);
  return HtmlPageReply(200, "hoard: catalog", body);
}

Reply CatalogArtistPage(WebState& state, const Params& params) {
  if (Status s = CheckParamNames(params, {"name"}); !s.ok()) return ErrorPageReply(400, s.message());
  const std::string name = ParamValue(params, "name");
  if (name.empty()) return ErrorPageReply(400, "name: missing");
  auto db = state.OpenCatalog();
  if (!db.ok()) return ErrorPageReply(503, db.status().message());
  auto albums = FindAlbumsByWords(**db, {"albumartist:=" + name});
  if (!albums.ok()) return ErrorPageReply(500, albums.status().message());
  if (albums->empty()) return ErrorPageReply(404, "no albums by \"" + name + "\" in the catalog");
  std::int64_t tracks = 0, ms = 0;
  for (const auto& a : *albums) {
    tracks += a.tracks;
    ms += a.duration_ms;
  }
  Html body;
  body += Element("h1").Text(name);
  body += Element("p").Attr("class", "count").Text(std::to_string(albums->size()) + " albums, " +
                                                   std::to_string(tracks) + " tracks, " +
                                                   catalog::FormatDuration(ms));
  body += AlbumTable(*albums, false);
  return HtmlPageReply(200, "hoard: " + name, body);
}

Reply CatalogAlbumPage(WebState& state, const Params& params) {
  if (Status s = CheckParamNames(params, {"artist", "album", "year"}); !s.ok()) return ErrorPageReply(400, s.message());
  const std::string artist = ParamValue(params, "artist"), album = ParamValue(params, "album"), year = ParamValue(params, "year");
  if (artist.empty() || album.empty()) return ErrorPageReply(400, "artist and album are both needed");
  std::vector<std::string> words = {"albumartist:=" + artist, "album:=" + album};
  if (!year.empty()) {
    int y = 0;
    auto [ptr, ec] = std::from_chars(year.data(), year.data() + year.size(), y);
    if (ec != std::errc() || ptr != year.data() + year.size()) {
      return ErrorPageReply(400, "year: expected a number, got \"" + year + "\"");
    }
    words.push_back("year:" + std::to_string(y));
  }
  auto query = catalog::ParseQuery(words);
  if (!query.ok()) return ErrorPageReply(400, query.status().message());
  auto db = state.OpenCatalog();
  if (!db.ok()) return ErrorPageReply(503, db.status().message());
  auto tracks = catalog::FindTracks(**db, *query);
  if (!tracks.ok()) return ErrorPageReply(500, tracks.status().message());
  if (tracks->empty()) return ErrorPageReply(404, "no such album in the catalog");
  std::int64_t ms = 0;
  Element rows("tbody");
  for (const catalog::Track& t : *tracks) {
    ms += t.audio.duration_ms.value_or(0);
    const auto& f = t.fields;
    rows.Add(Element("tr")
                 .Add(Element("td").Attr("class", "num").Text(f.disc ? std::to_string(*f.disc) : ""))
                 .Add(Element("td").Attr("class", "num").Text(f.track ? std::to_string(*f.track) : ""))
                 .Add(Element("td").Text(f.title))
                 .Add(Element("td").Text(f.artist))
                 .Add(Element("td").Attr("class", "num").Text(
                     t.audio.duration_ms ? catalog::FormatDuration(*t.audio.duration_ms) : ""))
                 .Add(Element("td").Text(t.audio.format)));
  }
  Html body;
  body += Element("h1").Text(album);
  body += Element("p").Add(Element("a")
                               .Attr("href", "/catalog/artist?" + QueryString({{"name", artist}}))
                               .Text(artist))
              .Text(year.empty() ? "" : " (" + year + ")");
  body += Element("p").Attr("class", "count").Text(std::to_string(tracks->size()) + " tracks, " +
                                                   catalog::FormatDuration(ms));
  body += Element("table")
              .Attr("id", "tracks")
              .Add(Element("thead").Add(Element("tr")
                                            .Add(Element("th").Text("Disc"))
                                            .Add(Element("th").Text("#"))
                                            .Add(Element("th").Text("Title"))
                                            .Add(Element("th").Text("Artist"))
                                            .Add(Element("th").Text("Time"))
                                            .Add(Element("th").Text("Format"))))
              .Add(rows);
  return HtmlPageReply(200, "hoard: " + album, body);
}

Reply CatalogStatsPage(WebState& state, const Params& params) {
  if (Status s = CheckParamNames(params, {}); !s.ok()) return ErrorPageReply(400, s.message());
  auto db = state.OpenCatalog();
  if (!db.ok()) return ErrorPageReply(503, db.status().message());
  auto stats = catalog::ReadStats(**db);
  if (!stats.ok()) return ErrorPageReply(500, stats.status().message());
  const catalog::CatalogStats& s = *stats;
  Element rows("tbody");
  auto row = [&rows](std::string_view name, const std::string& value) {
    rows.Add(Element("tr").Add(Element("th").Text(name)).Add(Element("td").Text(value)));
  };
  row("Tracks", std::to_string(s.tracks));
  row("Albums", std::to_string(s.albums));
  row("Artists", std::to_string(s.artists));
  row("Total time", catalog::FormatDuration(s.duration_ms));
  row("Total size", std::to_string(s.size / (1024 * 1024)) + " MiB");
  for (const auto& [format, count] : s.formats) row("Format " + format, std::to_string(count));
  row("Unreadable files", std::to_string(s.unreadable));
  Html body;
  body += Element("h1").Text("Catalog statistics");
  body += Element("table").Attr("id", "stats").Add(rows);
  return HtmlPageReply(200, "hoard: catalog statistics", body);
}

}  // namespace hoard::web
