// Which release groups are news to the user: the right type, not owned, not
// older than what they have.
//
// Owned is decided by release-group MBID when the user's tags carry one, else
// by title: both titles normalized (title_normalizer.h), then the difflib
// ratio against `match_threshold`, so "Believe (Deluxe Edition)" and a typo
// like "Beleive" still count as owning "Believe".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "feed/musicbrainz_client.h"
#include "feed/owned_music.h"

namespace hoard::feed {

// first-release-date as MusicBrainz gives it: "", "YYYY", "YYYY-MM", "YYYY-MM-DD".
// Anything else counts as undated.
struct ReleaseDate {
  int year = 0;  // 0: undated
  int month = 0;
  int day = 0;
  bool undated() const { return year == 0; }
};
ReleaseDate ParseReleaseDate(std::string_view text);

// Primary types and allowed secondary types, compared case-insensitively. A
// null primary type counts as "Other". A group qualifies when its primary type
// is listed and every one of its secondary types is allowed.
struct TypeFilter {
  std::vector<std::string> primary_types = {"Album"};
  std::vector<std::string> secondary_types;  // empty: studio releases only
  bool Accepts(const ReleaseGroup& group) const;
};

// The owned album matching `group`, or null.
const OwnedAlbum* FindOwnedAlbum(const ReleaseGroup& group, const OwnedArtist& artist,
                                 double match_threshold);

// The year of the artist's newest dated album, 0 when none is dated.
int NewestOwnedYear(const OwnedArtist& artist);

}  // namespace hoard::feed
