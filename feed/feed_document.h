// What both feed formats share: the feed's identity and how a release reads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "feed/feed_store.h"

namespace hoard::feed {

struct FeedDocument {
  std::string title = "hoard: new releases";
  std::string self_url;  // where the feed is served; may be empty
  std::int64_t now = 0;  // updated time when there are no releases
  std::vector<StoredRelease> releases;  // newest discoveries first
};

// https://musicbrainz.org/release-group/<id>: stable per release group.
std::string ReleaseGroupUrl(const std::string& mbid);
// "Artist – Title (2024, Album + Live)"
std::string EntryTitle(const StoredRelease& release);
// Plain text: date or "undated", types, listeners, the Last.fm summary.
std::string EntryText(const StoredRelease& release);
// RFC 3339 UTC, "2026-11-25T20:31:00Z".
std::string Rfc3339(std::int64_t unix_seconds);
// RFC 822 as RSS wants it, "Wed, 25 Nov 2026 20:31:00 +0000".
std::string Rfc822(std::int64_t unix_seconds);

}  // namespace hoard::feed
