// The network side of `feed update`, built from the configuration in one
// place so the command and the tests wire it identically: one HttpClient per
// service (each with its own rate limiter) over the store's response cache;
// the push target's client has no cache.
#pragma once

#include <chrono>
#include <memory>

#include "feed/cover_art_client.h"
#include "feed/feed_config.h"
#include "feed/feed_store.h"
#include "feed/http_client.h"
#include "feed/lastfm_client.h"
#include "feed/musicbrainz_client.h"
#include "feed/notifier.h"

namespace hoard::feed {

// Artist searches and Last.fm details change rarely: kept this long.
inline constexpr std::chrono::seconds kLongCacheAge{90LL * 24 * 3600};

struct FeedClients {
  std::unique_ptr<HttpClient> musicbrainz_http;
  std::unique_ptr<HttpClient> lastfm_http;  // null without an API key
  std::unique_ptr<MusicBrainzClient> musicbrainz;
  std::unique_ptr<LastfmClient> lastfm;  // null without an API key
  std::unique_ptr<HttpClient> cover_art_http;  // null with cover_art = false
  std::unique_ptr<CoverArtClient> cover_art;   // null with cover_art = false
  std::unique_ptr<HttpClient> notify_http;     // null without notify.url; never caches
  std::unique_ptr<Notifier> notifier;          // null without notify.url
  // Network attempts made by the clients.
  int attempts() const;
};

FeedClients MakeFeedClients(const FeedConfig& config, FeedStore& store, Clock& clock = Clock::Real());

}  // namespace hoard::feed
