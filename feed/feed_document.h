// What the feed formats share: the feed's identity, its entries and how a
// release reads.
//
// An upcoming release (dated after the day it was found) has two entries:
// its announcement ("out on DATE"), dated when it was found, and, once a run
// saw the day come, a second entry "Out now: ...", dated then, with an id of
// its own (the release group's URL + "#out"). A second entry rather than the
// first one updated: feed readers dedupe by id and most never show an updated
// entry again, so only a new id makes release day an alert.
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
  bool cover_art = true;                // covers in the entries (FeedConfig::cover_art)
};

struct FeedEntry {
  const StoredRelease* release;  // points into FeedDocument::releases
  bool out_now = false;          // the release-day entry of an upcoming release
  std::int64_t updated = 0;      // discovered, or out_at for the release-day entry
  std::string id;                // stable: ReleaseGroupUrl, + "#out" for the release-day entry
  std::string title;
};
// Every entry of the document, newest first.
std::vector<FeedEntry> FeedEntries(const FeedDocument& doc);
// When the feed last changed: its newest entry, else doc.now.
std::int64_t FeedUpdated(const FeedDocument& doc);

// https://musicbrainz.org/release-group/<id>: stable per release group.
std::string ReleaseGroupUrl(const std::string& mbid);
// "Artist – Title (2024, Album + Live)"; an upcoming release not out yet:
// "Artist – Title (out on 2026-12-15, Album)".
std::string EntryTitle(const StoredRelease& release);
// "Out now: Artist – Title (2026-12-15, Album)".
std::string OutNowTitle(const StoredRelease& release);
// The cover to show: the Cover Art Archive's, else Last.fm's image; "" when
// none or when `cover_art` is off. Only ever a web link (feed/safe_url.h).
std::string CoverUrl(const StoredRelease& release, bool cover_art);
// Plain text: date or "undated", types, listeners, the Last.fm summary.
std::string EntryText(const StoredRelease& release);
// RFC 3339 UTC, "2026-11-25T20:31:00Z".
std::string Rfc3339(std::int64_t unix_seconds);
// RFC 822 as RSS wants it, "Wed, 25 Nov 2026 20:31:00 +0000".
std::string Rfc822(std::int64_t unix_seconds);
// The UTC day, "2026-11-25": what release dates are compared with.
std::string IsoDay(std::int64_t unix_seconds);

}  // namespace hoard::feed
