// Who `feed update` asks about: the artists the user owns, the artists they
// listen to (Last.fm), minus the muted ones.
//
// An owned artist (album artist in the catalog) is watched unless muted, or
// unless require_plays is set and Last.fm counts fewer than min_plays plays
// for them. A listened artist (Last.fm, at least min_plays plays) is watched
// even when the catalog has nothing of theirs. The same artist in both is one
// entry: matched by MusicBrainz id when both sides have one, else by
// NormalizeArtistName. A mute matches by name or MusicBrainz id and wins over
// everything. The listing keeps everyone considered, with why, for
// `hoard feed artists`; the updater takes the watched ones.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "feed/feed_config.h"
#include "feed/feed_store.h"
#include "feed/lastfm_client.h"
#include "feed/owned_music.h"

namespace hoard::feed {

struct WatchEntry {
  OwnedArtist artist;  // for one only listened to: name, Last.fm's MBID, no albums
  bool owned = false;
  std::optional<long long> plays;  // Last.fm's count when the import has them
  bool muted = false;
  bool watched = false;
  // "owned", "played 120 times", "owned, played 120 times", "muted",
  // "owned, played fewer than 50 times (require_plays)"
  std::string why;
};

// Owned artists in their order, then listened-only ones, most played first.
// `listened` holds Last.fm's import (already at least min_plays each);
// `use_plays` says whether a Last.fm user is configured at all (without one,
// require_plays does nothing).
std::vector<WatchEntry> BuildWatchList(const std::vector<OwnedArtist>& owned,
                                       const std::vector<ListenedArtist>& listened,
                                       const std::vector<MutedArtist>& muted, const FeedConfig& config,
                                       bool use_plays);

}  // namespace hoard::feed
