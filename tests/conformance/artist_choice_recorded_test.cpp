// Choosing the artist a catalog name means, on searches recorded from the
// real MusicBrainz: tribute bands, many namesakes, string scores.
#include <gtest/gtest.h>

#include "feed/artist_resolver.h"
#include "tests/conformance/conformance.h"
#include "tests/conformance/recorded_api.h"

namespace hoard::feed {
namespace {

class RecordedChooseArtist : public test::ConformanceTest {
 protected:
  static ArtistSearchResult Load(const std::string& file) {
    auto r = ParseArtistSearch(test::ReadRecorded("musicbrainz/" + file));
    EXPECT_TRUE(r.ok()) << file;
    return r.ok() ? *r : ArtistSearchResult{};
  }
};

TEST_F(RecordedChooseArtist, ClearWinnerAmongTributeBands) {
  const ArtistChoice c = ChooseArtist("Manowar", Load("artist-search-manowar.json"), 90);
  ASSERT_EQ(c.outcome, ArtistChoice::Outcome::kResolved);
  EXPECT_EQ(c.artist.id, test::kManowarId);
}

TEST_F(RecordedChooseArtist, ScoreAsStringAndAsNumber) {
  for (const char* file : {"artist-search-bob-dylan.json", "artist-search-bob-dylan-2015-score-as-string.json"}) {
    const ArtistChoice c = ChooseArtist("bob dylan", Load(file), 90);
    ASSERT_EQ(c.outcome, ArtistChoice::Outcome::kResolved) << file;
    EXPECT_EQ(c.artist.id, "72c536dc-7137-4477-a521-567eeb840fa8");
  }
}

TEST_F(RecordedChooseArtist, SameNameArtistsAreAmbiguousNotHitOne) {
  const ArtistChoice solstice = ChooseArtist("Solstice", Load("artist-search-solstice-page1-of-48.json"), 90);
  EXPECT_EQ(solstice.outcome, ArtistChoice::Outcome::kAmbiguous);
  EXPECT_GT(solstice.candidates.size(), 5u);
  EXPECT_NE(solstice.reason.find("share this name"), std::string::npos);
  // Hit #1 is "Fred Waring & His Pennsylvanians" (score 100): never taken for "Fred".
  const ArtistChoice fred = ChooseArtist("Fred", Load("artist-search-fred-type-group-country-us.json"), 90);
  EXPECT_EQ(fred.outcome, ArtistChoice::Outcome::kAmbiguous);
  EXPECT_FALSE(fred.candidates.empty());
  for (const auto& c : fred.candidates) EXPECT_TRUE(c.name == "Fred" || c.name == "FRED") << c.name;
}

TEST_F(RecordedChooseArtist, AliasMatchesWhenNoNameDoes) {
  const ArtistChoice c = ChooseArtist("Man O' War", Load("artist-search-manowar.json"), 90);
  ASSERT_EQ(c.outcome, ArtistChoice::Outcome::kResolved);
  EXPECT_EQ(c.artist.name, "Manowar");
}

TEST_F(RecordedChooseArtist, NoMatchAndLowScores) {
  const ArtistChoice none = ChooseArtist("Nobody At All", Load("artist-search-empty-result.json"), 90);
  EXPECT_EQ(none.outcome, ArtistChoice::Outcome::kNoMatch);
  EXPECT_FALSE(none.reason.empty());
  // "Dylan Hicks" exists at score 31 only: below the bar.
  const ArtistChoice low = ChooseArtist("Dylan Hicks", Load("artist-search-bob-dylan-2015-score-as-string.json"), 90);
  EXPECT_EQ(low.outcome, ArtistChoice::Outcome::kNoMatch);
  // "Fleetwood" names no hit exactly.
  const ArtistChoice partial = ChooseArtist("Fleetwood", Load("artist-search-fleetwood-mac.json"), 90);
  EXPECT_NE(partial.outcome, ArtistChoice::Outcome::kResolved);
}

}  // namespace
}  // namespace hoard::feed
