// Choosing the MusicBrainz artist a catalog name means.
//
// Many artists share a name (17 "Fred" groups in the US alone, ten bands
// called "Solstice"), and search ranks by text relevance, not by who the user
// listens to. So hit #1 is never taken blindly: a hit qualifies only with a
// score of at least `min_score` AND a primary name or alias equal to the
// catalog name after normalization. Exactly one qualifying name match (or,
// failing that, exactly one alias match) resolves; several make the name
// ambiguous and are returned as candidates, for the caller to settle with the
// user's albums or to report.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "feed/musicbrainz_client.h"

namespace hoard::feed {

// "Various Artists", "[unknown]", "[traditional]", "[anonymous]", "[no artist]",
// ... : MusicBrainz's special-purpose artists, which have no discography.
bool IsSpecialPurposeArtist(std::string_view name);

struct ArtistChoice {
  enum class Outcome { kResolved, kNoMatch, kAmbiguous };
  Outcome outcome = Outcome::kNoMatch;
  ArtistCandidate artist;                   // when resolved
  std::vector<ArtistCandidate> candidates;  // when ambiguous, best first
  std::string reason;                       // when not resolved, for the user
};

ArtistChoice ChooseArtist(std::string_view catalog_name, const ArtistSearchResult& search,
                          int min_score);

}  // namespace hoard::feed
