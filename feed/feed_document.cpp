#include "feed/feed_document.h"

#include <algorithm>
#include <ctime>

#include "feed/safe_url.h"

namespace hoard::feed {
namespace {

std::string FormatUtc(std::int64_t unix_seconds, const char* format) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  const size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

std::string TypeText(const StoredRelease& r) {
  std::string text = r.primary_type.empty() ? "Other" : r.primary_type;
  for (const std::string& t : r.secondary_types) text += " + " + t;
  return text;
}

}  // namespace

std::string ReleaseGroupUrl(const std::string& mbid) {
  return "https://musicbrainz.org/release-group/" + mbid;
}

std::string EntryTitle(const StoredRelease& r) {
  const std::string when = r.upcoming && r.out_at == 0 ? "out on " + r.date
                           : r.undated()               ? std::string("undated")
                                                       : std::to_string(r.year);
  return r.artist + " \u2013 " + r.title + " (" + when + ", " + TypeText(r) + ")";
}

std::string OutNowTitle(const StoredRelease& r) {
  return "Out now: " + r.artist + " \u2013 " + r.title + " (" + r.date + ", " + TypeText(r) + ")";
}

std::string CoverUrl(const StoredRelease& r, bool cover_art) {
  if (!cover_art) return {};
  if (IsWebLink(r.cover)) return r.cover;
  if (IsWebLink(r.image)) return r.image;
  return {};
}

std::vector<FeedEntry> FeedEntries(const FeedDocument& doc) {
  std::vector<FeedEntry> entries;
  for (const StoredRelease& r : doc.releases) {
    entries.push_back({&r, false, r.discovered, ReleaseGroupUrl(r.mbid), EntryTitle(r)});
    if (r.out_at != 0) entries.push_back({&r, true, r.out_at, ReleaseGroupUrl(r.mbid) + "#out", OutNowTitle(r)});
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const FeedEntry& a, const FeedEntry& b) { return a.updated > b.updated; });
  return entries;
}

std::int64_t FeedUpdated(const FeedDocument& doc) {
  std::int64_t newest = 0;
  for (const StoredRelease& r : doc.releases) newest = std::max({newest, r.discovered, r.out_at});
  return newest != 0 ? newest : doc.now;
}

std::string EntryText(const StoredRelease& r) {
  std::string text = r.artist + " \u2013 " + r.title + "\n";
  text += std::string(r.upcoming && r.out_at == 0 ? "Out on: " : "Released: ") + (r.date.empty() ? (r.undated() ? std::string("undated") : std::to_string(r.year))
                                          : r.date) + "\n";
  text += "Type: " + TypeText(r) + "\n";
  if (r.listeners) text += "Last.fm listeners: " + std::to_string(*r.listeners) + "\n";
  if (!r.summary.empty()) text += "\n" + r.summary + "\n";
  return text;
}

std::string Rfc3339(std::int64_t unix_seconds) { return FormatUtc(unix_seconds, "%Y-%m-%dT%H:%M:%SZ"); }

std::string Rfc822(std::int64_t unix_seconds) {
  // %a/%b are locale-dependent in theory; hoard never calls setlocale, so "C".
  return FormatUtc(unix_seconds, "%a, %d %b %Y %H:%M:%S +0000");
}

std::string IsoDay(std::int64_t unix_seconds) { return FormatUtc(unix_seconds, "%Y-%m-%d"); }

}  // namespace hoard::feed
