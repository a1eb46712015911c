// The web view's query parameters (`hoard serve`): one input is a query
// string, "name=value&..." percent-encoded, cut and decoded as the server
// hands it to the routes (web/reply.h's Params). Each input goes through the
// release filter on its own (ParseReleaseFilter, SelectReleases) and through
// the routes that read parameters, over a small database of the project's
// own (four tracks, four releases).
//
// Invariants beyond not crashing:
//   - percent-encoding round-trips any text;
//   - an accepted filter is within its ranges, and the link that reproduces
//     it (ReleaseFilterParams -> QueryString, the pager's and the redirect's
//     links) parses back to the same filter; a page holds at most per_page
//     releases and exactly the ones left on it;
//   - no parameter makes a route answer 500 or 503 (an error of hoard's,
//     not of the request); JSON answers parse; every '<' in a page opens one
//     of the page's own tags (user text is escaped);
//   - the mark form's redirect goes to this site's "/" only.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "catalog/catalog_db.h"
#include "catalog/catalog_store.h"
#include "feed/feed_store.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/support/sample_records.h"
#include "web/api_routes.h"
#include "web/pages_catalog.h"
#include "web/pages_releases.h"
#include "web/params.h"
#include "web/release_view.h"
#include "web/url.h"
#include "web/web_state.h"

namespace hoard::web {
namespace {

constexpr const char* kDismissedId = "5f1d2a3b-0000-4000-8000-00000000000d";

// "a=1&b=x%20y" -> Params, as the server parses a query string.
Params ParseQueryString(std::string_view text) {
  Params params;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view pair = text.substr(start, end - start);
    const std::size_t eq = pair.find('=');
    if (!pair.empty()) {
      params.emplace(PercentDecode(pair.substr(0, eq)),
                     eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1)));
    }
    start = end + 1;
  }
  return params;
}


const std::vector<feed::StoredRelease>& SampleReleases() {
  static const std::vector<feed::StoredRelease> releases = {
      test::SampleRelease("5f1d2a3b-0000-4000-8000-00000000000a", "Björk", "Fossora", "Album", "2022-09-30", 2022, 200,
              "Mushrooms <a href=\"https://www.last.fm/x\">Read more</a>"),
      test::SampleRelease("5f1d2a3b-0000-4000-8000-00000000000b", "Rock & Roll Band", "Power <Up>", "EP", "2020-11", 2020, 300, ""),
      test::SampleRelease("5f1d2a3b-0000-4000-8000-00000000000c", "Åsa Öberg", "Sånger", "Album", "2021", 2021, 400, "Live"),
      test::SampleRelease(kDismissedId, "Björk", "Undated Thing", "Single", "", 0, 500, "")};
  return releases;
}

catalog::Track FuzzTrack(const std::string& artist, const std::string& album, int year, int number) {
  return test::SampleTrack(artist, album, year, number, "Track " + std::to_string(number), 61'000);
}

// The served database, made once per run in a temporary folder removed at exit.
WebState& State() {
  static std::filesystem::path dir;
  static std::unique_ptr<WebState> state = [] {
    std::string pattern = (std::filesystem::temp_directory_path() / "hoard-fuzz-web-XXXXXX").string();
    FUZZ_CHECK(mkdtemp(pattern.data()) != nullptr);
    dir = pattern;
    std::atexit([] { std::filesystem::remove_all(dir); });
    const std::string db_path = (dir / "catalog.db").string();
    {
      auto db = catalog::OpenCatalogForWrite(db_path);
      FUZZ_CHECK(db.ok());
      auto store = catalog::CatalogStore::Create(**db);
      FUZZ_CHECK(store.ok() && (*db)->Begin().ok());
      for (catalog::Track t : {FuzzTrack("Björk", "Homogenic", 1997, 1), FuzzTrack("Björk", "Homogenic", 1997, 2),
                               FuzzTrack("Rock & Roll Band", "<b>Rock</b> & Roll", 2001, 1)}) {
        FUZZ_CHECK((*store)->PutTrack(t).ok());
      }
      FUZZ_CHECK((*db)->Commit().ok());
    }
    {
      auto feed = feed::FeedStore::Open(db_path);
      FUZZ_CHECK(feed.ok());
      for (const feed::StoredRelease& r : SampleReleases()) {
        feed::ArtistOutcome outcome{{"key-" + r.mbid, r.artist, r.artist_mbid, "resolved", ""},
                                    {{r.mbid, feed::Verdict::kNew}},
                                    {r}};
        FUZZ_CHECK((*feed)->CommitArtist(outcome).ok());
      }
    }
    auto opened = WebState::Open(db_path, feed::FeedConfig{});
    FUZZ_CHECK(opened.ok());
    // Marked once here, so that marking it again from the form changes nothing.
    FUZZ_CHECK((*opened)->Dismiss(kDismissedId, feed::DismissReason::kGotIt).ok());
    return std::move(*opened);
  }();
  return *state;
}

bool SameFilter(const ReleaseFilter& a, const ReleaseFilter& b) {
  return a.artist == b.artist && a.type == b.type && a.year_from == b.year_from && a.year_to == b.year_to &&
         a.q == b.q && a.sort == b.sort && a.descending == b.descending && a.page == b.page &&
         a.per_page == b.per_page;
}

void CheckFilter(const Params& params) {
  auto filter = ParseReleaseFilter(params);
  if (!filter.ok()) {
    FUZZ_CHECK(!filter.status().message().empty());
    return;
  }
  const ReleaseFilter& f = *filter;
  FUZZ_CHECK(f.page >= 1 && f.page <= 1000000 && f.per_page >= 1 && f.per_page <= 500);
  FUZZ_CHECK(f.year_from >= 0 && f.year_from <= 9999 && f.year_to >= 0 && f.year_to <= 9999);
  FUZZ_CHECK(f.year_to == 0 || f.year_from <= f.year_to);
  const auto& columns = ReleaseSortColumns();
  FUZZ_CHECK(std::find(columns.begin(), columns.end(), f.sort) != columns.end());

  const std::string link = QueryString(ReleaseFilterParams(f));
  auto again = ParseReleaseFilter(ParseQueryString(link));
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(SameFilter(f, *again));

  const ReleaseSelection all = SelectReleases(SampleReleases(), f, false);
  FUZZ_CHECK(all.rows.size() == all.total && all.total <= SampleReleases().size());
  const ReleaseSelection page = SelectReleases(SampleReleases(), f, true);
  FUZZ_CHECK(page.total == all.total && page.pages >= 1);
  const std::size_t first = static_cast<std::size_t>(f.page - 1) * static_cast<std::size_t>(f.per_page);
  const std::size_t left = first < page.total ? page.total - first : 0;
  FUZZ_CHECK(page.rows.size() == std::min<std::size_t>(left, static_cast<std::size_t>(f.per_page)));
  for (std::size_t i = 0; i < page.rows.size(); ++i) FUZZ_CHECK(page.rows[i].mbid == all.rows[first + i].mbid);
}

// Every '<' opens (or closes) one of the tags pages are built from.
void CheckMarkup(const std::string& html) {
  static const std::set<std::string> kTags = {
      "!DOCTYPE", "html", "head", "meta", "link", "script", "title", "body", "main", "nav",  "h1",
      "p",        "a",    "span", "form", "label", "input", "button", "table", "thead", "tbody", "tr",
      "th",       "td"};
  for (std::size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
    std::size_t start = at + 1;
    if (start < html.size() && html[start] == '/') ++start;
    std::size_t end = start;
    while (end < html.size() && (std::isalnum(static_cast<unsigned char>(html[end])) || html[end] == '!')) ++end;
    const std::string tag = html.substr(start, end - start);
    if (kTags.count(tag) == 0) std::fprintf(stderr, "markup: unexpected <%s in the page\n", tag.c_str());
    FUZZ_CHECK(kTags.count(tag) == 1);
  }
}

void CheckReply(const Reply& reply, std::initializer_list<int> allowed) {
  bool known = false;
  for (int status : allowed) known = known || reply.status == status;
  if (!known) std::fprintf(stderr, "status %d: %s\n", reply.status, reply.body.c_str());
  FUZZ_CHECK(known);
  if (reply.content_type == kJsonType) {
    FUZZ_CHECK(nlohmann::json::accept(reply.body));
  } else if (reply.content_type.starts_with("text/html")) {
    CheckMarkup(reply.body);
  }
}

void CheckRoutes(std::string_view query, const Params& params) {
  WebState& state = State();
  CheckReply(ReleasesPage(state, params), {200, 400});
  CheckReply(ApiReleases(state, params), {200, 400});
  CheckReply(CatalogPage(state, params), {200, 400});
  CheckReply(ApiAlbums(state, params), {200, 400});
  CheckReply(CatalogArtistPage(state, params), {200, 400, 404});
  CheckReply(CatalogAlbumPage(state, params), {200, 400, 404});

  const Params form = {{"csrf", state.csrf_token()},
                       {"mbid", kDismissedId},
                       {"reason", "got-it"},
                       {"back", std::string(query)}};
  const Reply marked = MarkRelease(state, form);
  CheckReply(marked, {303});
  FUZZ_CHECK(marked.headers.size() == 1 && marked.headers[0].first == "Location");
  const std::string& location = marked.headers[0].second;
  FUZZ_CHECK(location == "/" || (location.starts_with("/?") && location.size() > 2));
}

}  // namespace
}  // namespace hoard::web

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hoard::web;
  const std::string_view query = hoard::fuzz::AsText(data, size);
  FUZZ_CHECK(PercentDecode(PercentEncode(query)) == query);
  const Params params = ParseQueryString(query);
  FUZZ_CHECK(CheckParamNames(params, {"q"}).ok() == (params.empty() || (params.size() == 1 && params.count("q") == 1)));
  CheckFilter(params);
  CheckRoutes(query, params);
  return 0;
}
