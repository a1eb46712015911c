// The MusicBrainz parsers on the project's scenario (tests/data/api) and on
// bodies no service should send.
#include <gtest/gtest.h>

#include <map>

#include "feed/musicbrainz_client.h"
#include "hoard/version.h"
#include "tests/support/fake_api_server.h"

namespace hoard::feed {
namespace {

using test::ReadFixture;

TEST(ParseArtistSearch, NumericScoreAliasesDisambiguation) {
  auto r = ParseArtistSearch(ReadFixture("musicbrainz/artist-search-rock-and-roll-band.json"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->count, 3);
  ASSERT_EQ(r->artists.size(), 3u);
  EXPECT_EQ(r->artists[0].name, "Rock & Roll Band");
  EXPECT_EQ(r->artists[0].id, test::kRockAndRollBandId);
  EXPECT_EQ(r->artists[0].score, 100);
  EXPECT_EQ(r->artists[0].aliases, std::vector<std::string>{"RRB"});
  EXPECT_EQ(r->artists[1].score, 68);
  EXPECT_EQ(r->artists[2].disambiguation, "skiffle group");
}

TEST(ParseArtistSearch, ScoreAsString) {
  auto r = ParseArtistSearch(ReadFixture("musicbrainz/artist-search-harbour-lights-2015-score-as-string.json"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->artists.size(), 3u);
  EXPECT_EQ(r->artists[0].score, 100);
  EXPECT_EQ(r->artists[1].score, 62);
  EXPECT_EQ(r->artists[2].score, 31);
  EXPECT_EQ(r->artists[1].disambiguation, "1950s dance band");
}

TEST(ParseArtistSearch, EmptyResult) {
  auto r = ParseArtistSearch(ReadFixture("musicbrainz/artist-search-empty-result.json"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->count, 0);
  EXPECT_TRUE(r->artists.empty());
}

TEST(ParseArtistSearch, RejectsMalformedAndUnexpectedShapes) {
  EXPECT_FALSE(ParseArtistSearch("{\"artists\": [").ok());
  EXPECT_FALSE(ParseArtistSearch("[]").ok());
  EXPECT_FALSE(ParseArtistSearch(ReadFixture("musicbrainz/error-404-not-found.json")).ok());
  EXPECT_FALSE(ParseArtistSearch("{\"artists\": {}}").ok());
  auto odd = ParseArtistSearch(R"({"artists": [1, {"id": "x"}, {"id": "y", "name": "Y", "score": null},
      {"id": "z", "name": "Z", "score": 1e300}, {"id": "w", "name": "W", "score": "lots"},
      {"id": "v", "name": "V", "score": "9999999"}, {"id": "u", "name": "U", "score": -5}]})");
  ASSERT_TRUE(odd.ok());
  ASSERT_EQ(odd->artists.size(), 5u);
  for (const auto& a : odd->artists) EXPECT_EQ(a.score, 0) << a.name;
}

TEST(ParseReleaseGroupBrowse, NonAsciiTitlesDatesNullAndSecondaryTypes) {
  auto r = ParseReleaseGroupBrowse(ReadFixture("musicbrainz/release-groups-asa-oberg.json"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->total, 12);
  ASSERT_EQ(r->groups.size(), 12u);
  EXPECT_EQ(r->groups[0].title, "Första albumet");
  EXPECT_EQ(r->groups[0].first_release_date, "2001-04-02");
  std::map<std::string, const ReleaseGroup*> by_title;
  for (const auto& g : r->groups) by_title[g.title] = &g;
  ASSERT_EQ(by_title.size(), 12u);
  EXPECT_EQ(by_title["Sång"]->first_release_date, "2001-03");
  EXPECT_EQ(by_title["Sång"]->primary_type, "Single");
  EXPECT_EQ(by_title["Andra"]->first_release_date, "2003");
  EXPECT_EQ(by_title["Vinterljus"]->first_release_date, "");
  EXPECT_EQ(by_title["Demos 1999"]->primary_type, "");
  EXPECT_TRUE(by_title["Demos 1999"]->secondary_types.empty());
  EXPECT_EQ(by_title["Live i Göteborg"]->secondary_types, std::vector<std::string>{"Live"});
  EXPECT_EQ(by_title["Det bästa 2001–2011"]->secondary_types, std::vector<std::string>{"Compilation"});
  EXPECT_EQ(by_title["Fjällfilmen"]->secondary_types, std::vector<std::string>{"Soundtrack"});
}

TEST(ParseReleaseGroupBrowse, PagedCountAndOffset) {
  auto first = ParseReleaseGroupBrowse(ReadFixture("musicbrainz/release-groups-fixtures-page1-of-2.json"));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->total, 27);
  EXPECT_EQ(first->offset, 0);
  EXPECT_EQ(first->groups.size(), 25u);
  auto second = ParseReleaseGroupBrowse(ReadFixture("musicbrainz/release-groups-fixtures-page2-of-2.json"));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->total, 27);
  EXPECT_EQ(second->offset, 25);
  ASSERT_EQ(second->groups.size(), 2u);
  EXPECT_EQ(second->groups[0].title, "Tag Cloud");
}

TEST(ParseReleaseGroupBrowse, MissingSecondaryTypesAndCount) {
  auto r = ParseReleaseGroupBrowse(R"({"release-groups": [{"id": "a", "title": "T", "primary-type": "Album"}]})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 1);
  EXPECT_TRUE(r->groups[0].secondary_types.empty());
  EXPECT_EQ(r->groups[0].first_release_date, "");
}

TEST(ParseReleaseGroupBrowse, RejectsBadBodies) {
  EXPECT_FALSE(ParseReleaseGroupBrowse("<html>502 Bad Gateway</html>").ok());
  EXPECT_FALSE(ParseReleaseGroupBrowse("{}").ok());
  EXPECT_FALSE(ParseReleaseGroupBrowse(ReadFixture("musicbrainz/error-404-not-found.json")).ok());
  EXPECT_FALSE(ParseReleaseGroupBrowse(R"({"release-groups": [{"title": "no id"}]})").ok());
}

TEST(LuceneEscape, EscapesEverySpecialCharacter) {
  EXPECT_EQ(LuceneEscape("AC/DC"), "AC\\/DC");
  EXPECT_EQ(LuceneEscape("\"Weird Al\" Yankovic"), "\\\"Weird Al\\\" Yankovic");
  EXPECT_EQ(LuceneEscape("Sunn O)))"), "Sunn O\\)\\)\\)");
  EXPECT_EQ(LuceneEscape("a+b-c&&d||e!f(g)h{i}j[k]l^m~n*o?p:q\\r"),
            "a\\+b\\-c\\&\\&d\\|\\|e\\!f\\(g\\)h\\{i\\}j\\[k\\]l\\^m\\~n\\*o\\?p\\:q\\\\r");
  EXPECT_EQ(ArtistSearchQuery("Rock & Roll Band"), "artist:\"Rock \\& Roll Band\"");
}

TEST(MusicBrainzUserAgent, HasTheRequiredForm) {
  EXPECT_EQ(MusicBrainzUserAgent("me@example.org"), std::string("hoard/") + kVersion + " ( me@example.org )");
}

}  // namespace
}  // namespace hoard::feed
