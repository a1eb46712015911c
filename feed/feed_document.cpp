#include "feed/feed_document.h"

#include <ctime>

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
  const std::string when = r.undated() ? "undated" : std::to_string(r.year);
  return r.artist + " \u2013 " + r.title + " (" + when + ", " + TypeText(r) + ")";
}

std::string EntryText(const StoredRelease& r) {
  std::string text = r.artist + " \u2013 " + r.title + "\n";
  text += "Released: " + (r.date.empty() ? (r.undated() ? std::string("undated") : std::to_string(r.year))
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

}  // namespace hoard::feed
