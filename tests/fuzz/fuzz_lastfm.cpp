// The Last.fm parsers (feed/lastfm_client.h): ParseAlbumInfo,
// ParseTopArtists and ParseLastfmError over one body (album.getInfo or
// user.getTopArtists). Seeded from the project's scenario in
// tests/data/api/lastfm.
//
// Invariants beyond "never throws, never crashes":
//   - an answer is either info (or a page) or an error, never both nor
//     neither, and ParseLastfmError (what decides caching) sees the same
//     error: a Last.fm error body gives `error` set for both parsers;
//   - an error's kind follows its code as lastfm_client.h lists them;
//   - a summary has no trailing blank; a tag year is 0 or 1900..2100;
//   - the web view's StripMarkup (what shows a summary as text) only drops
//     and decodes: never longer, and text without '<' or '&' is kept as is;
//   - a top-artists page has page >= 1 and total_pages >= 0, and every
//     artist kept has a name and plays within 0..1e12;
//   - what is kept can be written as JSON again, and written back in
//     Last.fm's shape (with a "Read more" link after the summary, as
//     Last.fm writes it; counts and pages as strings, as Last.fm writes
//     them) parses to the same info or page.
#include <nlohmann/json.hpp>

#include "feed/lastfm_client.h"
#include "tests/fuzz/fuzz_check.h"
#include "web/html.h"

namespace hoard::feed {
namespace {

using nlohmann::json;

LastfmError::Kind ExpectedKind(int code) {
  switch (code) {
    case 6: return LastfmError::Kind::kNotFound;
    case 2: case 3: case 4: case 9: case 10: case 13: case 26: return LastfmError::Kind::kConfiguration;
    default: return LastfmError::Kind::kTransient;
  }
}

void CheckInfo(const AlbumInfo& info) {
  FUZZ_CHECK(info.tag_year == 0 || (info.tag_year >= 1900 && info.tag_year <= 2100));
  FUZZ_CHECK(info.summary.empty() || (info.summary.back() != ' ' && info.summary.back() != '\n'));
  const std::string text = web::StripMarkup(info.summary);
  FUZZ_CHECK(text.size() <= info.summary.size());
  if (info.summary.find_first_of("<&") == std::string::npos) FUZZ_CHECK(text == info.summary);

  json album = {{"url", info.url}, {"image", json::array({{{"#text", info.image}, {"size", "large"}}})},
                {"wiki", {{"summary", info.summary + " <a href=\"https://www.last.fm/x\">Read more on Last.fm</a>."}}}};
  if (info.listeners) album["listeners"] = std::to_string(*info.listeners);
  if (info.tag_year != 0) album["tags"] = {{"tag", {{"name", std::to_string(info.tag_year)}}}};
  const std::string written = json{{"album", album}}.dump();
  auto again = ParseAlbumInfo(written);
  FUZZ_CHECK(again.ok() && again->info && !again->error);
  const AlbumInfo& y = *again->info;
  FUZZ_CHECK(y.url == info.url && y.summary == info.summary && y.listeners == info.listeners);
  FUZZ_CHECK(y.image == info.image && y.tag_year == info.tag_year);
}

void CheckTopArtists(std::string_view body, const std::optional<LastfmError>& error) {
  auto answer = ParseTopArtists(body);
  if (!answer.ok()) {
    FUZZ_CHECK(!answer.status().message().empty());
    FUZZ_CHECK(!error);
    return;
  }
  FUZZ_CHECK(answer->page.has_value() != answer->error.has_value());
  FUZZ_CHECK(error.has_value() == answer->error.has_value());
  if (answer->error) {
    FUZZ_CHECK(error->code == answer->error->code && error->message == answer->error->message);
    FUZZ_CHECK(answer->error->kind == ExpectedKind(answer->error->code));
    return;
  }
  const TopArtistsPage& page = *answer->page;
  FUZZ_CHECK(page.page >= 1 && page.total_pages >= 0);
  json artists = json::array();
  for (const ListenedArtist& a : page.artists) {
    FUZZ_CHECK(!a.name.empty());
    FUZZ_CHECK(a.plays >= 0 && a.plays <= 1'000'000'000'000);
    artists.push_back({{"name", a.name}, {"mbid", a.mbid}, {"playcount", std::to_string(a.plays)}});
  }
  const json attr = {{"page", std::to_string(page.page)}, {"totalPages", std::to_string(page.total_pages)}};
  const std::string written = json{{"topartists", {{"artist", artists}, {"@attr", attr}}}}.dump();
  auto again = ParseTopArtists(written);
  FUZZ_CHECK(again.ok() && again->page && !again->error);
  const TopArtistsPage& y = *again->page;
  FUZZ_CHECK(y.page == page.page && y.total_pages == page.total_pages);
  FUZZ_CHECK(y.artists.size() == page.artists.size());
  for (std::size_t i = 0; i < y.artists.size(); ++i) {
    const ListenedArtist &p = page.artists[i], &q = y.artists[i];
    FUZZ_CHECK(p.name == q.name && p.mbid == q.mbid && p.plays == q.plays);
  }
}

}  // namespace
}  // namespace hoard::feed

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hoard::feed;
  const std::string_view body = hoard::fuzz::AsText(data, size);
  auto answer = ParseAlbumInfo(body);
  const std::optional<LastfmError> error = ParseLastfmError(body);
  CheckTopArtists(body, error);
  if (!answer.ok()) {
    FUZZ_CHECK(!answer.status().message().empty());
    FUZZ_CHECK(!error);
    return 0;
  }
  FUZZ_CHECK(answer->info.has_value() != answer->error.has_value());
  FUZZ_CHECK(error.has_value() == answer->error.has_value());
  if (answer->error) {
    FUZZ_CHECK(error->code == answer->error->code && error->message == answer->error->message);
    FUZZ_CHECK(answer->error->kind == ExpectedKind(answer->error->code));
    (void)json(answer->error->message).dump();
    return 0;
  }
  CheckInfo(*answer->info);
  return 0;
}
