// The feed's configuration, from TOML:
//
//   [musicbrainz]
//   url = "https://musicbrainz.org/ws/2"
//   contact = "you@example.org"      # required for musicbrainz.org (User-Agent)
//   rate_limit = 1.0                 # requests/s; never above 1 for musicbrainz.org
//   min_score = 90                   # search hits below are never taken
//   [lastfm]
//   url = "https://ws.audioscrobbler.com/2.0/"
//   api_key = ""                     # optional; without it Last.fm is not asked
//   rate_limit = 4.0
//   user = ""                        # a Last.fm user: the artists they play are watched too
//   min_plays = 50                   # scrobbles an artist needs to count as listened to
//   [http]
//   timeout = "30s"
//   retries = 3
//   [feed]
//   types = ["Album"]
//   secondary_types = []
//   match_threshold = 0.9
//   ttl = "7d"                       # release-group lists are refreshed after this
//   min_tracks = 0                   # skip artists with fewer tracks in the catalog
//   title = "hoard: new releases"
//   self_url = ""                    # where the feed is served, for its self link
//   recent = "365d"                  # an artist played but not owned: releases this recent
//                                    # at first sight are new, then everything later
//   require_plays = false            # with lastfm.user: only catalog artists played min_plays times
//   cover_art = true                 # covers from the Cover Art Archive (else Last.fm's image)
//   [cover_art]
//   url = "https://coverartarchive.org"
//   [notify]
//   url = ""                         # POST each new release here (ntfy topic, webhook)
//   format = "ntfy"                  # or "json" (a generic webhook, Gotify)
//
// lastfm.user needs lastfm.api_key (user.getTopArtists is an API call).
//
// Where it comes from: --config FILE, else $HOARD_CONFIG, else
// $XDG_CONFIG_HOME/hoard/config.toml (~/.config/hoard/config.toml). An explicit
// file must exist; the default one may be absent (defaults apply).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace hoard::feed {

struct FeedConfig {
  std::string musicbrainz_url = "https://musicbrainz.org/ws/2";
  std::string contact;
  double musicbrainz_rate = 1.0;
  int min_score = 90;
  std::string lastfm_url = "https://ws.audioscrobbler.com/2.0/";
  std::string lastfm_api_key;
  double lastfm_rate = 4.0;
  std::string lastfm_user;
  int min_plays = 50;
  std::chrono::seconds timeout{30};
  int retries = 3;
  std::vector<std::string> types = {"Album"};
  std::vector<std::string> secondary_types;
  double match_threshold = 0.9;
  std::chrono::seconds ttl{7 * 24 * 3600};
  int min_tracks = 0;
  std::string title = "hoard: new releases";
  std::string self_url;
  std::chrono::seconds recent{365 * 24 * 3600};
  bool require_plays = false;
  bool cover_art = true;
  std::string cover_art_url = "https://coverartarchive.org";
  std::string notify_url;  // may hold a secret (a topic, a token): never logged
  std::string notify_format = "ntfy";
};

Result<FeedConfig> ParseFeedConfig(std::string_view toml_text, const std::string& origin);
// `flag` is --config's value or "".
Result<FeedConfig> LoadFeedConfig(const std::string& flag);
// What `feed update` needs beyond parsing: a contact for musicbrainz.org.
Status CheckReadyForNetwork(const FeedConfig& config);

}  // namespace hoard::feed
