#include "feed/ical_writer.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <optional>
#include <set>
#include <string_view>

#include "base/utf8.h"

namespace hoard::feed {
namespace {

constexpr std::size_t kMaxLineOctets = 75;  // RFC 5545 3.1, without the CRLF

// C0 and C1 controls but TAB (LF is the caller's), and what is no Unicode
// scalar value: DecodeUtf8 lets a surrogate or a code point past U+10FFFF
// through, and AppendUtf8 would write it back as invalid UTF-8.
bool IsDropped(char32_t cp) {
  return (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xD800 && cp <= 0xDFFF) ||
         cp > 0x10FFFF;
}

// A TEXT value (RFC 5545 3.3.11): valid UTF-8, escaped, CR dropped, LF as "\n".
std::string EscapeText(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (char32_t cp : DecodeUtf8(utf8)) {
    switch (cp) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      default:
        if (!IsDropped(cp)) AppendUtf8(cp, out);
    }
  }
  return out;
}

// A value that is not TEXT (the URL): valid UTF-8 without control characters,
// nothing escaped.
std::string CleanValue(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (char32_t cp : DecodeUtf8(utf8)) {
    if (cp != '\t' && !IsDropped(cp)) AppendUtf8(cp, out);
  }
  return out;
}

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Appends `line` folded (RFC 5545 3.1): physical lines of at most 75 octets
// ending with CRLF, each continuation starting with one space, cut only
// between UTF-8 sequences (`line` is valid UTF-8 by construction).
void AppendFolded(std::string_view line, std::string& out) {
  std::size_t pos = 0;
  bool first = true;
  do {
    const std::size_t room = first ? kMaxLineOctets : kMaxLineOctets - 1;
    std::size_t end = std::min(line.size(), pos + room);
    while (end < line.size() && end > pos && IsContinuationByte(line[end])) --end;
    if (end == pos) end = std::min(line.size(), pos + room);  // not UTF-8 after all: cut anyway, never loop
    if (!first) out += ' ';
    out.append(line.substr(pos, end - pos));
    out += "\r\n";
    pos = end;
    first = false;
  } while (pos < line.size());
}

void AppendProperty(std::string_view name, std::string_view value, std::string& out) {
  std::string line(name);
  line += ':';
  line += value;
  AppendFolded(line, out);
}

std::chrono::year_month_day NextDay(const std::chrono::year_month_day& ymd) {
  return std::chrono::year_month_day{std::chrono::sys_days{ymd} + std::chrono::days{1}};
}

// `date` when it is exactly YYYY-MM-DD, a real day, and it and the day after
// have four-digit years (iCalendar's DATE); nullopt otherwise.
std::optional<std::chrono::year_month_day> ParseFullDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  auto number = [&](std::size_t from, std::size_t length) -> std::optional<int> {
    int value = 0;
    for (std::size_t i = from; i < from + length; ++i) {
      if (date[i] < '0' || date[i] > '9') return std::nullopt;
      value = value * 10 + (date[i] - '0');
    }
    return value;
  };
  const std::optional<int> y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (!y || !m || !d || *y < 1) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                        std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok() || NextDay(ymd).year() > std::chrono::year{9999}) return std::nullopt;
  return ymd;
}

// DATE value, "20261231".
std::string FormatDate(const std::chrono::year_month_day& ymd) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

// DATE-TIME in UTC, "20261125T203100Z"; clamped to 1970..9999 so it always
// has the form the grammar wants.
std::string FormatUtcDateTime(std::int64_t unix_seconds) {
  constexpr std::int64_t kLast = 253402300799;  // 9999-12-31T23:59:59Z
  const std::time_t t = static_cast<std::time_t>(std::clamp<std::int64_t>(unix_seconds, 0, kLast));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return std::string(buf, n);
}

// As feed_document.cpp's TypeText: "Album + Live", "Other" without a type.
std::string TypeText(const StoredRelease& r) {
  std::string text = r.primary_type.empty() ? "Other" : r.primary_type;
  for (const std::string& t : r.secondary_types) text += " + " + t;
  return text;
}

// EntryTitle without the year: "Artist – Title (Album + Live)".
std::string EventSummary(const StoredRelease& r) {
  return r.artist + " \u2013 " + r.title + " (" + TypeText(r) + ")";
}

void AppendEvent(const StoredRelease& r, const std::string& uid, const std::chrono::year_month_day& day,
                 std::string& out) {
  AppendProperty("BEGIN", "VEVENT", out);
  AppendProperty("UID", uid, out);
  AppendProperty("DTSTAMP", FormatUtcDateTime(r.discovered), out);
  AppendProperty("DTSTART;VALUE=DATE", FormatDate(day), out);
  AppendProperty("DTEND;VALUE=DATE", FormatDate(NextDay(day)), out);
  AppendProperty("SUMMARY", EscapeText(EventSummary(r)), out);
  AppendProperty("DESCRIPTION", EscapeText(EntryText(r)), out);
  AppendProperty("URL", CleanValue(ReleaseGroupUrl(r.mbid)), out);
  AppendProperty("CATEGORIES", EscapeText(r.primary_type.empty() ? "Other" : r.primary_type), out);
  AppendProperty("TRANSP", "TRANSPARENT", out);
  AppendProperty("END", "VEVENT", out);
}

}  // namespace

std::string RenderICalendar(const FeedDocument& doc) {
  std::string out;
  AppendProperty("BEGIN", "VCALENDAR", out);
  AppendProperty("VERSION", "2.0", out);
  AppendProperty("PRODID", "-//hoard//new releases//EN", out);
  AppendProperty("CALSCALE", "GREGORIAN", out);
  AppendProperty("METHOD", "PUBLISH", out);
  AppendProperty("X-WR-CALNAME", EscapeText(doc.title), out);
  std::set<std::string> uids;
  for (const StoredRelease& r : doc.releases) {
    const std::optional<std::chrono::year_month_day> day = ParseFullDate(r.date);
    if (!day || r.mbid.empty()) continue;
    std::string uid = EscapeText(r.mbid + "@hoard");
    if (!uids.insert(uid).second) continue;  // the group's first (newest) release has the event
    AppendEvent(r, uid, *day, out);
  }
  AppendProperty("END", "VCALENDAR", out);
  return out;
}

}  // namespace hoard::feed
