// The JSON form of the feed's releases: what `hoard feed list --json` prints
// and `hoard serve` answers on /api/releases. One builder, so the two cannot
// drift apart. Fields: artist, artist_mbid, title (as MusicBrainz gives it),
// type, secondary_types, date (as given), year, undated, mbid, url,
// discovered (RFC 3339), description, listeners, image, lastfm_url; what is
// unknown is null.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "feed/feed_store.h"

namespace hoard::feed {

// An array of release objects, in the order given.
nlohmann::json ReleasesToJson(const std::vector<StoredRelease>& releases);

}  // namespace hoard::feed
