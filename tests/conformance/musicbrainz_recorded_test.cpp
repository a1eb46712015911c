// The MusicBrainz parsers on responses recorded from the real service.
#include <gtest/gtest.h>

#include "feed/musicbrainz_client.h"
#include "tests/conformance/conformance.h"
#include "tests/conformance/recorded_api.h"

namespace hoard::feed {
namespace {

using test::ReadRecorded;
using RecordedArtistSearch = test::ConformanceTest;
using RecordedReleaseGroupBrowse = test::ConformanceTest;

TEST_F(RecordedArtistSearch, NumericScore) {
  auto r = ParseArtistSearch(ReadRecorded("musicbrainz/artist-search-bob-dylan.json"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->count, 4856);
  ASSERT_EQ(r->artists.size(), 10u);
  EXPECT_EQ(r->artists[0].name, "Bob Dylan");
  EXPECT_EQ(r->artists[0].id, "72c536dc-7137-4477-a521-567eeb840fa8");
  EXPECT_EQ(r->artists[0].score, 100);
  EXPECT_EQ(r->artists[1].score, 75);
  EXPECT_FALSE(r->artists[0].aliases.empty());
}

TEST_F(RecordedArtistSearch, ScoreAsString) {
  auto r = ParseArtistSearch(ReadRecorded("musicbrainz/artist-search-bob-dylan-2015-score-as-string.json"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->artists[0].score, 100);
  EXPECT_EQ(r->artists[1].score, 50);
  EXPECT_EQ(r->artists[1].disambiguation, "UK drum & bass producer Dylan Hilsley");
}

TEST_F(RecordedArtistSearch, EmptyResultAndErrorEnvelope) {
  auto r = ParseArtistSearch(ReadRecorded("musicbrainz/artist-search-empty-result.json"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->count, 0);
  EXPECT_TRUE(r->artists.empty());
  EXPECT_FALSE(ParseArtistSearch(ReadRecorded("musicbrainz/error-404-not-found.json")).ok());
}

TEST_F(RecordedReleaseGroupBrowse, ChineseTitlesEmptyDatesSecondaryTypes) {
  auto r = ParseReleaseGroupBrowse(ReadRecorded("musicbrainz/release-groups-jay-chou-29-single-page.json"));
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

TEST_F(RecordedReleaseGroupBrowse, PagedCount) {
  auto r = ParseReleaseGroupBrowse(ReadRecorded("musicbrainz/release-groups-britney-spears-page1-limit10.json"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 145);
  EXPECT_EQ(r->groups.size(), 10u);
  EXPECT_EQ(r->groups.back().title, "\u2026Baby One More Time");
}

TEST_F(RecordedReleaseGroupBrowse, NullPrimaryTypeInALookup) {
  // The lookup's "release-groups" array has the browse answer's shape.
  auto r = ParseReleaseGroupBrowse(ReadRecorded("musicbrainz/artist-lookup-perkele-inc-release-groups.json"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  int null_types = 0;
  for (const auto& g : r->groups) null_types += g.primary_type.empty();
  EXPECT_EQ(null_types, 2);
}

}  // namespace
}  // namespace hoard::feed
