#include "feed/feed_clients.h"

namespace hoard::feed {
namespace {

// The Cover Art Archive and push targets publish no rate; this is gentle.
constexpr double kGentleRate = 4.0;

}  // namespace

int FeedClients::attempts() const {
  int n = 0;
  for (const auto* http : {musicbrainz_http.get(), lastfm_http.get(), cover_art_http.get(), notify_http.get()}) {
    if (http != nullptr) n += http->attempts();
  }
  return n;
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
  if (config.cover_art) {
    HttpOptions covers = mb;
    covers.requests_per_second = kGentleRate;
    clients.cover_art_http = std::make_unique<HttpClient>(covers, &store, clock);
    clients.cover_art = std::make_unique<CoverArtClient>(*clients.cover_art_http, config.cover_art_url, kLongCacheAge);
  }
  if (!config.notify_url.empty()) {
    HttpOptions push = mb;
    push.requests_per_second = kGentleRate;
    clients.notify_http = std::make_unique<HttpClient>(push, nullptr, clock);
    const auto format = ParseNotifyFormat(config.notify_format);
    clients.notifier = std::make_unique<Notifier>(*clients.notify_http, config.notify_url,
                                                  format.ok() ? *format : NotifyFormat::kNtfy);
  }
  return clients;
}

}  // namespace hoard::feed
