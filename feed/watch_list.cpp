#include "feed/watch_list.h"

#include <fmt/format.h>

#include <map>

#include "feed/title_normalizer.h"

namespace hoard::feed {

std::vector<WatchEntry> BuildWatchList(const std::vector<OwnedArtist>& owned,
                                       const std::vector<ListenedArtist>& listened,
                                       const std::vector<MutedArtist>& muted, const FeedConfig& config,
                                       bool use_plays) {
  std::vector<WatchEntry> out;
  std::map<std::string, size_t> by_key, by_mbid;
  for (const OwnedArtist& a : owned) {
    WatchEntry e;
    e.artist = a;
    e.owned = true;
    by_key.emplace(NormalizeArtistName(a.name), out.size());
    if (!a.mb_artistid.empty()) by_mbid.emplace(a.mb_artistid, out.size());
    out.push_back(std::move(e));
  }
  for (const ListenedArtist& l : listened) {
    auto found = l.mbid.empty() ? by_mbid.end() : by_mbid.find(l.mbid);
    if (found == by_mbid.end()) found = by_key.find(NormalizeArtistName(l.name));
    if (found == by_key.end()) {
      WatchEntry e;
      e.artist.name = l.name;
      e.artist.mb_artistid = l.mbid;
      e.plays = l.plays;
      by_key.emplace(NormalizeArtistName(l.name), out.size());
      out.push_back(std::move(e));
    } else if (!out[found->second].plays) {
      out[found->second].plays = l.plays;
    }
  }
  for (WatchEntry& e : out) {
    const std::string key = NormalizeArtistName(e.artist.name);
    for (const MutedArtist& m : muted) {
      if (m.name_key == key || (!m.mbid.empty() && m.mbid == e.artist.mb_artistid)) e.muted = true;
    }
    const std::string played = e.plays ? fmt::format("played {} times", *e.plays) : "";
    if (e.muted) {
      e.why = "muted";
    } else if (!e.owned) {
      e.watched = true;
      e.why = played;
    } else if (e.plays) {
      e.watched = true;
      e.why = "owned, " + played;
    } else if (use_plays && config.require_plays) {
      e.why = fmt::format("owned, played fewer than {} times (require_plays)", config.min_plays);
    } else {
      e.watched = true;
      e.why = "owned";
    }
  }
  return out;
}

}  // namespace hoard::feed
