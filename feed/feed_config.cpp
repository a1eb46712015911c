#include "feed/feed_config.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <fmt/format.h>
#include <toml++/toml.h>

#include "base/units.h"
#include "feed/notifier.h"
#include "feed/safe_url.h"

namespace hoard::feed {
namespace {

Status Invalid(const std::string& origin, const std::string& what) {
  return Status::Error(EINVAL, origin + ": " + what);
}

Status ReadStrings(const toml::node_view<const toml::node>& node, const std::string& origin,
                   const char* key, std::vector<std::string>& out) {
  if (!node) return Status::Ok();
  const toml::array* array = node.as_array();
  if (array == nullptr) return Invalid(origin, std::string(key) + " must be an array of strings");
  out.clear();
  for (const toml::node& item : *array) {
    const auto value = item.value<std::string>();
    if (!value) return Invalid(origin, std::string(key) + " must be an array of strings");
    out.push_back(*value);
  }
  return Status::Ok();
}

Status ReadDuration(const toml::node_view<const toml::node>& node, const std::string& origin,
                    const char* key, std::chrono::seconds& out) {
  if (!node) return Status::Ok();
  if (const auto text = node.value<std::string>()) {
    auto parsed = ParseDuration(*text);
    if (!parsed.ok()) return Invalid(origin, std::string(key) + ": " + parsed.status().message());
    out = *parsed;
    return Status::Ok();
  }
  if (const auto seconds = node.value_exact<std::int64_t>(); seconds && *seconds >= 0) {
    out = std::chrono::seconds(*seconds);
    return Status::Ok();
  }
  return Invalid(origin, std::string(key) + " must be a duration such as \"7d\"");
}

// An integer key within [low, high]: taken as written or refused, never cut
// down to another number (4294967299 is not 3) nor replaced by the default
// when it has another type ("5"); a missing key keeps `out`.
Status ReadInt(const toml::node_view<const toml::node>& node, const std::string& origin, const char* key,
               std::int64_t low, std::int64_t high, int& out) {
  if (!node) return Status::Ok();
  const auto value = node.value_exact<std::int64_t>();
  if (!value || *value < low || *value > high) {
    return Invalid(origin, fmt::format("{} must be a whole number from {} to {}", key, low, high));
  }
  out = static_cast<int>(*value);
  return Status::Ok();
}

// A boolean key: true or false as written; anything else is refused.
Status ReadBool(const toml::node_view<const toml::node>& node, const std::string& origin, const char* key,
                bool& out) {
  if (!node) return Status::Ok();
  const auto value = node.value_exact<bool>();
  if (!value) return Invalid(origin, std::string(key) + " must be true or false");
  out = *value;
  return Status::Ok();
}

bool IsRealMusicBrainz(const std::string& url) {
  return url.find("://musicbrainz.org") != std::string::npos ||
         url.find(".musicbrainz.org") != std::string::npos;
}

}  // namespace

Result<FeedConfig> ParseFeedConfig(std::string_view toml_text, const std::string& origin) {
  toml::table table;
  try {
    table = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    return Invalid(origin, "line " + std::to_string(where.line) + ": " + std::string(e.description()));
  }
  FeedConfig c;
  const toml::table& t = table;
  c.musicbrainz_url = t["musicbrainz"]["url"].value_or(c.musicbrainz_url);
  c.contact = t["musicbrainz"]["contact"].value_or(c.contact);
  c.musicbrainz_rate = t["musicbrainz"]["rate_limit"].value_or(c.musicbrainz_rate);
  HOARD_RETURN_IF_ERROR(ReadInt(t["musicbrainz"]["min_score"], origin, "musicbrainz.min_score", 0, 100, c.min_score));
  c.lastfm_url = t["lastfm"]["url"].value_or(c.lastfm_url);
  c.lastfm_api_key = t["lastfm"]["api_key"].value_or(c.lastfm_api_key);
  c.lastfm_rate = t["lastfm"]["rate_limit"].value_or(c.lastfm_rate);
  c.lastfm_user = t["lastfm"]["user"].value_or(c.lastfm_user);
  HOARD_RETURN_IF_ERROR(ReadInt(t["lastfm"]["min_plays"], origin, "lastfm.min_plays", 1, 1000000000, c.min_plays));
  HOARD_RETURN_IF_ERROR(ReadDuration(t["http"]["timeout"], origin, "http.timeout", c.timeout));
  HOARD_RETURN_IF_ERROR(ReadInt(t["http"]["retries"], origin, "http.retries", 0, 10, c.retries));
  HOARD_RETURN_IF_ERROR(ReadStrings(t["feed"]["types"], origin, "feed.types", c.types));
  HOARD_RETURN_IF_ERROR(
      ReadStrings(t["feed"]["secondary_types"], origin, "feed.secondary_types", c.secondary_types));
  c.match_threshold = t["feed"]["match_threshold"].value_or(c.match_threshold);
  HOARD_RETURN_IF_ERROR(ReadDuration(t["feed"]["ttl"], origin, "feed.ttl", c.ttl));
  HOARD_RETURN_IF_ERROR(ReadInt(t["feed"]["min_tracks"], origin, "feed.min_tracks", 0, 1000000, c.min_tracks));
  c.title = t["feed"]["title"].value_or(c.title);
  c.self_url = t["feed"]["self_url"].value_or(c.self_url);
  HOARD_RETURN_IF_ERROR(ReadDuration(t["feed"]["recent"], origin, "feed.recent", c.recent));
  HOARD_RETURN_IF_ERROR(ReadBool(t["feed"]["require_plays"], origin, "feed.require_plays", c.require_plays));
  HOARD_RETURN_IF_ERROR(ReadBool(t["feed"]["cover_art"], origin, "feed.cover_art", c.cover_art));
  c.cover_art_url = t["cover_art"]["url"].value_or(c.cover_art_url);
  c.notify_url = t["notify"]["url"].value_or(c.notify_url);
  c.notify_format = t["notify"]["format"].value_or(c.notify_format);

  for (const double rate : {c.musicbrainz_rate, c.lastfm_rate}) {
    if (!(rate >= 0.01 && rate <= 1000)) return Invalid(origin, "rate_limit must be between 0.01 and 1000 requests/s");
  }
  if (c.timeout.count() <= 0) return Invalid(origin, "http.timeout must be at least 1s");
  if (!(c.match_threshold > 0 && c.match_threshold <= 1)) {  // NaN too: nothing would ever count as owned
    return Invalid(origin, "feed.match_threshold must be in (0, 1]");
  }
  if (c.types.empty()) return Invalid(origin, "feed.types must name at least one type");
  if (!c.lastfm_user.empty() && c.lastfm_api_key.empty()) {
    return Invalid(origin, "lastfm.user needs lastfm.api_key (Last.fm answers user.getTopArtists only with a key)");
  }
  if (auto format = ParseNotifyFormat(c.notify_format); !format.ok()) {
    return Invalid(origin, "notify.format: " + format.status().message());
  }
  if (!c.notify_url.empty() && !IsWebLink(c.notify_url)) return Invalid(origin, "notify.url must be an http:// or https:// URL");
  if (!IsWebLink(c.cover_art_url)) return Invalid(origin, "cover_art.url must be an http:// or https:// URL");
  // MusicBrainz's rule, not ours to relax.
  if (IsRealMusicBrainz(c.musicbrainz_url)) c.musicbrainz_rate = std::min(c.musicbrainz_rate, 1.0);
  return c;
}

Status CheckReadyForNetwork(const FeedConfig& config) {
  if (IsRealMusicBrainz(config.musicbrainz_url) && config.contact.empty()) {
    return Status::Error(EINVAL,
                         "set musicbrainz.contact in the config (an e-mail or URL; MusicBrainz "
                         "requires a way to reach the client's user in its User-Agent)");
  }
  return Status::Ok();
}

Result<FeedConfig> LoadFeedConfig(const std::string& flag) {
  std::string path = flag;
  bool required = !path.empty();
  if (path.empty()) {
    if (const char* env = std::getenv("HOARD_CONFIG"); env != nullptr && *env != '\0') {
      path = env;
      required = true;
    }
  }
  if (path.empty()) {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    const char* home = std::getenv("HOME");
    path = (xdg != nullptr && *xdg == '/') ? std::string(xdg)
                                           : std::string(home != nullptr ? home : ".") + "/.config";
    path += "/hoard/config.toml";
  }
  std::ifstream in(path);
  if (!in) {
    if (required) return Status::Error(ENOENT, "cannot read config file " + path);
    return ParseFeedConfig("", path);
  }
  std::stringstream text;
  text << in.rdbuf();
  return ParseFeedConfig(text.str(), path);
}

}  // namespace hoard::feed
