#include "feed/artist_resolver.h"

#include <gtest/gtest.h>

#include "tests/support/fake_api_server.h"

namespace hoard::feed {
namespace {

ArtistSearchResult Load(const std::string& file) {
  auto r = ParseArtistSearch(test::ReadFixture("musicbrainz/" + file));
  EXPECT_TRUE(r.ok());
  return r.ok() ? *r : ArtistSearchResult{};
}

TEST(IsSpecialPurposeArtist, Names) {
  for (const char* name : {"Various Artists", "various artists", "[unknown]", "[traditional]", "[anonymous]",
                           "[no artist]", "Unknown Artist", "VA", "", "  "}) {
    EXPECT_TRUE(IsSpecialPurposeArtist(name)) << name;
  }
  for (const char* name : {"Bob Dylan", "Various Cruelties", "Unknown Mortal Orchestra", "周杰倫"}) {
    EXPECT_FALSE(IsSpecialPurposeArtist(name)) << name;
  }
}

TEST(ChooseArtist, ClearWinnerAmongTributeBands) {
  const ArtistChoice c = ChooseArtist("Manowar", Load("artist-search-manowar.json"), 90);
  ASSERT_EQ(c.outcome, ArtistChoice::Outcome::kResolved);
  EXPECT_EQ(c.artist.id, "00eeed6b-5897-4359-8347-b8cd28375331");
}

TEST(ChooseArtist, ScoreAsStringAndAsNumber) {
  for (const char* file : {"artist-search-bob-dylan.json", "artist-search-bob-dylan-2015-score-as-string.json"}) {
    const ArtistChoice c = ChooseArtist("bob dylan", Load(file), 90);
    ASSERT_EQ(c.outcome, ArtistChoice::Outcome::kResolved) << file;
    EXPECT_EQ(c.artist.id, "72c536dc-7137-4477-a521-567eeb840fa8");
  }
}

TEST(ChooseArtist, SameNameArtistsAreAmbiguousNotHitOne) {
  const ArtistChoice solstice = ChooseArtist("Solstice", Load("artist-search-solstice-page1-of-48.json"), 90);
  EXPECT_EQ(solstice.outcome, ArtistChoice::Outcome::kAmbiguous);
  EXPECT_GT(solstice.candidates.size(), 5u);
  EXPECT_NE(solstice.reason.find("share this name"), std::string::npos);
  // Hit #1 is "Fred Waring & His Pennsylvanians" (score 100): never taken for "Fred".
  const ArtistChoice fred = ChooseArtist("Fred", Load("artist-search-fred-type-group-country-us.json"), 90);
  EXPECT_EQ(fred.outcome, ArtistChoice::Outcome::kAmbiguous);
  for (const auto& c : fred.candidates) EXPECT_EQ(c.name == "Fred" || c.name == "FRED", true) << c.name;
}

TEST(ChooseArtist, AliasMatchesWhenNoNameDoes) {
  const ArtistChoice c = ChooseArtist("Man O' War", Load("artist-search-manowar.json"), 90);
  ASSERT_EQ(c.outcome, ArtistChoice::Outcome::kResolved);
  EXPECT_EQ(c.artist.name, "Manowar");
}

TEST(ChooseArtist, NoMatchAndLowScores) {
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
