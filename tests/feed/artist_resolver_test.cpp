// Choosing the MusicBrainz artist a catalog name means, on the project's
// scenario searches (tests/data/api).
#include "feed/artist_resolver.h"

#include <gtest/gtest.h>

#include "tests/support/fake_api_server.h"

namespace hoard::feed {
namespace {

ArtistSearchResult Load(const std::string& file) {
  auto r = ParseArtistSearch(test::ReadFixture("musicbrainz/" + file));
  EXPECT_TRUE(r.ok()) << file;
  return r.ok() ? *r : ArtistSearchResult{};
}

TEST(IsSpecialPurposeArtist, Names) {
  for (const char* name : {"Various Artists", "various artists", "[unknown]", "[traditional]", "[anonymous]",
                           "[no artist]", "Unknown Artist", "VA", "", "  "}) {
    EXPECT_TRUE(IsSpecialPurposeArtist(name)) << name;
  }
  for (const char* name : {"Bob Dylan", "Various Cruelties", "Unknown Mortal Orchestra", "周杰倫", "Åsa Öberg"}) {
    EXPECT_FALSE(IsSpecialPurposeArtist(name)) << name;
  }
}

TEST(ChooseArtist, ClearWinnerAmongSimilarNames) {
  const ArtistChoice c = ChooseArtist("Rock & Roll Band", Load("artist-search-rock-and-roll-band.json"), 90);
  ASSERT_EQ(c.outcome, ArtistChoice::Outcome::kResolved);
  EXPECT_EQ(c.artist.id, test::kRockAndRollBandId);
  // The same name spelt with "and" and in other case is the same artist.
  const ArtistChoice spelt = ChooseArtist("rock and roll band", Load("artist-search-rock-and-roll-band.json"), 90);
  ASSERT_EQ(spelt.outcome, ArtistChoice::Outcome::kResolved);
  EXPECT_EQ(spelt.artist.id, test::kRockAndRollBandId);
}

TEST(ChooseArtist, ScoreAsString) {
  const ArtistChoice c =
      ChooseArtist("Harbour Lights", Load("artist-search-harbour-lights-2015-score-as-string.json"), 90);
  ASSERT_EQ(c.outcome, ArtistChoice::Outcome::kResolved);
  EXPECT_EQ(c.artist.id, test::kHarbourLightsId);
}

TEST(ChooseArtist, SameNameArtistsAreAmbiguousNotHitOne) {
  // Hit #1 is "Spaced Out Orchestra" (score 100): never taken for "Spaced Out".
  const ArtistChoice c = ChooseArtist("Spaced Out", Load("artist-search-spaced-out.json"), 90);
  EXPECT_EQ(c.outcome, ArtistChoice::Outcome::kAmbiguous);
  ASSERT_EQ(c.candidates.size(), 3u);
  EXPECT_EQ(c.candidates[0].id, test::kSpacedOutDuoId);
  EXPECT_EQ(c.candidates[1].id, test::kSpacedOutQuartetId);
  EXPECT_EQ(c.candidates[2].id, test::kSpacedOutDutchId);
  for (const auto& candidate : c.candidates) EXPECT_EQ(candidate.name, "Spaced Out");
  EXPECT_EQ(c.candidates[2].disambiguation, "Dutch psychedelic rock band");
  EXPECT_NE(c.reason.find("3 MusicBrainz artists share this name"), std::string::npos) << c.reason;
}

TEST(ChooseArtist, AliasMatchesWhenNoNameDoes) {
  const ArtistChoice rrb = ChooseArtist("RRB", Load("artist-search-rock-and-roll-band.json"), 90);
  ASSERT_EQ(rrb.outcome, ArtistChoice::Outcome::kResolved);
  EXPECT_EQ(rrb.artist.name, "Rock & Roll Band");
  const ArtistChoice harbor =
      ChooseArtist("Harbor Lights", Load("artist-search-harbour-lights-2015-score-as-string.json"), 90);
  ASSERT_EQ(harbor.outcome, ArtistChoice::Outcome::kResolved);
  EXPECT_EQ(harbor.artist.id, test::kHarbourLightsId);
}

TEST(ChooseArtist, NoMatchAndLowScores) {
  const ArtistChoice none = ChooseArtist("Nobody At All", Load("artist-search-empty-result.json"), 90);
  EXPECT_EQ(none.outcome, ArtistChoice::Outcome::kNoMatch);
  EXPECT_EQ(none.reason, "MusicBrainz has no artist of that name");
  // "Harbour Lights Orchestra" is there, named so, at score "62" only: below the bar.
  const ArtistChoice low =
      ChooseArtist("Harbour Lights Orchestra", Load("artist-search-harbour-lights-2015-score-as-string.json"), 90);
  EXPECT_EQ(low.outcome, ArtistChoice::Outcome::kNoMatch);
  EXPECT_NE(low.reason.find("best: \"Harbour Lights\", score 100"), std::string::npos) << low.reason;
  // The same hit qualifies with a lower bar.
  EXPECT_EQ(ChooseArtist("Harbour Lights Orchestra", Load("artist-search-harbour-lights-2015-score-as-string.json"), 60)
                .outcome,
            ArtistChoice::Outcome::kResolved);
  // "Spaced" is only part of the name "Spaced Out" (and its own hit scores 61).
  const ArtistChoice partial = ChooseArtist("Spaced", Load("artist-search-spaced-out.json"), 90);
  EXPECT_EQ(partial.outcome, ArtistChoice::Outcome::kNoMatch);
}

}  // namespace
}  // namespace hoard::feed
