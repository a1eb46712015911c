// The MusicBrainz parsers (feed/musicbrainz_client.h): ParseArtistSearch and
// ParseReleaseGroupBrowse over one body, as the web service (or anything
// pretending to be it) sends it. Seeded from the project's scenario in
// tests/data/api/musicbrainz.
//
// Invariants beyond "never throws, never crashes":
//   - what is kept has what the updater relies on: an artist has an id and a
//     name and a score within 0..100; a release group has an id;
//   - what is kept can be written as JSON again (no invalid UTF-8 slips
//     through to `feed list --json` and /api/releases);
//   - the result written back in MusicBrainz's own shape parses to the same
//     result.
#include <nlohmann/json.hpp>

#include "feed/musicbrainz_client.h"
#include "tests/fuzz/fuzz_check.h"

namespace hoard::feed {
namespace {

using nlohmann::json;

void CheckArtistSearch(std::string_view body) {
  auto result = ParseArtistSearch(body);
  if (!result.ok()) {
    FUZZ_CHECK(!result.status().message().empty());
    return;
  }
  json artists = json::array();
  for (const ArtistCandidate& a : result->artists) {
    FUZZ_CHECK(!a.id.empty() && !a.name.empty());
    FUZZ_CHECK(a.score >= 0 && a.score <= 100);
    json aliases = json::array();
    for (const std::string& alias : a.aliases) aliases.push_back({{"name", alias}});
    artists.push_back({{"id", a.id}, {"name", a.name}, {"disambiguation", a.disambiguation},
                       {"score", a.score}, {"aliases", aliases}});
  }
  const std::string written = json{{"count", result->count}, {"artists", artists}}.dump();
  auto again = ParseArtistSearch(written);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->count == result->count);
  FUZZ_CHECK(again->artists.size() == result->artists.size());
  for (std::size_t i = 0; i < again->artists.size(); ++i) {
    const ArtistCandidate &x = result->artists[i], &y = again->artists[i];
    FUZZ_CHECK(x.id == y.id && x.name == y.name && x.disambiguation == y.disambiguation);
    FUZZ_CHECK(x.score == y.score && x.aliases == y.aliases);
  }
}

void CheckReleaseGroupBrowse(std::string_view body) {
  auto page = ParseReleaseGroupBrowse(body);
  if (!page.ok()) {
    FUZZ_CHECK(!page.status().message().empty());
    return;
  }
  json groups = json::array();
  for (const ReleaseGroup& g : page->groups) {
    FUZZ_CHECK(!g.id.empty());
    groups.push_back({{"id", g.id}, {"title", g.title}, {"primary-type", g.primary_type},
                      {"secondary-types", g.secondary_types}, {"first-release-date", g.first_release_date}});
  }
  const std::string written =
      json{{"release-group-count", page->total}, {"release-group-offset", page->offset}, {"release-groups", groups}}
          .dump();
  auto again = ParseReleaseGroupBrowse(written);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->total == page->total && again->offset == page->offset);
  FUZZ_CHECK(again->groups.size() == page->groups.size());
  for (std::size_t i = 0; i < again->groups.size(); ++i) {
    const ReleaseGroup &x = page->groups[i], &y = again->groups[i];
    FUZZ_CHECK(x.id == y.id && x.title == y.title && x.primary_type == y.primary_type);
    FUZZ_CHECK(x.secondary_types == y.secondary_types && x.first_release_date == y.first_release_date);
  }
}

}  // namespace
}  // namespace hoard::feed

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body = hoard::fuzz::AsText(data, size);
  hoard::feed::CheckArtistSearch(body);
  hoard::feed::CheckReleaseGroupBrowse(body);
  return 0;
}
