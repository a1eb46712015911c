#include "feed/feed_clients.h"

namespace hoard::feed {

int FeedClients::attempts() const {
  return (musicbrainz_http ? musicbrainz_http->attempts() : 0) + (lastfm_http ? lastfm_http->attempts() : 0);
}

FeedClients MakeFeedClients(const FeedConfig& config, FeedStore& store, Clock& clock) {
  FeedClients clients;
  HttpOptions mb;
  mb.user_agent = MusicBrainzUserAgent(config.contact.empty() ? "no contact configured" : config.contact);
  mb.requests_per_second = config.musicbrainz_rate;
  mb.timeout = config.timeout;
  mb.retries = config.retries;
  clients.musicbrainz_http = std::make_unique<HttpClient>(mb, &store, clock);
  clients.musicbrainz = std::make_unique<MusicBrainzClient>(*clients.musicbrainz_http, config.musicbrainz_url,
                                                            kLongCacheAge, config.ttl);
  if (!config.lastfm_api_key.empty()) {
    HttpOptions lastfm = mb;
    lastfm.requests_per_second = config.lastfm_rate;
    clients.lastfm_http = std::make_unique<HttpClient>(lastfm, &store, clock);
    clients.lastfm = std::make_unique<LastfmClient>(*clients.lastfm_http, config.lastfm_url,
                                                    config.lastfm_api_key, kLongCacheAge);
  }
  return clients;
}

}  // namespace hoard::feed
