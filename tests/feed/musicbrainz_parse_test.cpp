#include <gtest/gtest.h>

#include "feed/musicbrainz_client.h"
#include "hoard/version.h"
#include "tests/support/fake_api_server.h"

namespace hoard::feed {
namespace {

using test::ReadFixture;

TEST(ParseArtistSearch, NumericScore) {
  auto r = ParseArtistSearch(ReadFixture("musicbrainz/artist-search-bob-dylan.json"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->count, 4856);
  ASSERT_EQ(r->artists.size(), 10u);
  EXPECT_EQ(r->artists[0].name, "Bob Dylan");
  EXPECT_EQ(r->artists[0].id, "72c536dc-7137-4477-a521-567eeb840fa8");
  EXPECT_EQ(r->artists[0].score, 100);
  EXPECT_EQ(r->artists[1].score, 75);
  EXPECT_FALSE(r->artists[0].aliases.empty());
}

TEST(ParseArtistSearch, ScoreAsString) {
  auto r = ParseArtistSearch(ReadFixture("musicbrainz/artist-search-bob-dylan-2015-score-as-string.json"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->artists[0].score, 100);
  EXPECT_EQ(r->artists[1].score, 50);
  EXPECT_EQ(r->artists[1].disambiguation, "UK drum & bass producer Dylan Hilsley");
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
      {"id": "z", "name": "Z", "score": 1e300}, {"id": "w", "name": "W", "score": "lots"}]})");
  ASSERT_TRUE(odd.ok());
  ASSERT_EQ(odd->artists.size(), 3u);
  for (const auto& a : odd->artists) EXPECT_EQ(a.score, 0) << a.name;
}

TEST(ParseReleaseGroupBrowse, ChineseTitlesEmptyDatesSecondaryTypes) {
  auto r = ParseReleaseGroupBrowse(ReadFixture("musicbrainz/release-groups-jay-chou-29-single-page.json"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->total, 29);
  ASSERT_EQ(r->groups.size(), 29u);
  EXPECT_EQ(r->groups[0].title, "12 新作");
  EXPECT_EQ(r->groups[0].first_release_date, "2012-12-28");
  bool saw_empty_date = false, saw_month = false, saw_soundtrack = false;
  for (const auto& g : r->groups) {
    if (g.title == "Fantasy Show") {
      saw_empty_date = true;
      EXPECT_EQ(g.first_release_date, "");
      EXPECT_EQ(g.secondary_types, std::vector<std::string>{"Live"});
    }
    if (g.title == "雙截棍") {
      saw_month = true;
      EXPECT_EQ(g.first_release_date, "2002-04");
      EXPECT_EQ(g.primary_type, "Single");
    }
    if (g.title == "尋找周杰倫") saw_soundtrack = g.secondary_types == std::vector<std::string>{"Soundtrack"};
  }
  EXPECT_TRUE(saw_empty_date && saw_month && saw_soundtrack);
}

TEST(ParseReleaseGroupBrowse, PagedCountAndNullPrimaryType) {
  auto r = ParseReleaseGroupBrowse(ReadFixture("musicbrainz/release-groups-britney-spears-page1-limit10.json"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 145);
  EXPECT_EQ(r->groups.size(), 10u);
  EXPECT_EQ(r->groups.back().title, "\u2026Baby One More Time");

  auto null_type = ParseReleaseGroupBrowse(
      R"({"release-group-count": 1, "release-groups": [{"id": "a", "title": "Perkele",
          "primary-type": null, "secondary-types": null, "first-release-date": "1994"}]})");
  ASSERT_TRUE(null_type.ok());
  EXPECT_EQ(null_type->groups[0].primary_type, "");
  EXPECT_TRUE(null_type->groups[0].secondary_types.empty());
}

TEST(ParseReleaseGroupBrowse, RejectsBadBodies) {
  EXPECT_FALSE(ParseReleaseGroupBrowse("<html>502 Bad Gateway</html>").ok());
  EXPECT_FALSE(ParseReleaseGroupBrowse("{}").ok());
  EXPECT_FALSE(ParseReleaseGroupBrowse(R"({"release-groups": [{"title": "no id"}]})").ok());
}

TEST(LuceneEscape, EscapesEverySpecialCharacter) {
  EXPECT_EQ(LuceneEscape("AC/DC"), "AC\\/DC");
  EXPECT_EQ(LuceneEscape("\"Weird Al\" Yankovic"), "\\\"Weird Al\\\" Yankovic");
  EXPECT_EQ(LuceneEscape("Sunn O)))"), "Sunn O\\)\\)\\)");
  EXPECT_EQ(LuceneEscape("a+b-c&&d||e!f(g)h{i}j[k]l^m~n*o?p:q\\r"),
            "a\\+b\\-c\\&\\&d\\|\\|e\\!f\\(g\\)h\\{i\\}j\\[k\\]l\\^m\\~n\\*o\\?p\\:q\\\\r");
  EXPECT_EQ(ArtistSearchQuery("Simon & Garfunkel"), "artist:\"Simon \\& Garfunkel\"");
}

TEST(MusicBrainzUserAgent, HasTheRequiredForm) {
  EXPECT_EQ(MusicBrainzUserAgent("me@example.org"), std::string("hoard/") + kVersion + " ( me@example.org )");
}

}  // namespace
}  // namespace hoard::feed
