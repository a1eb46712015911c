// The iCalendar writer: escaping, folding, all-day dates, stable UIDs, and a
// real parser (Debian's python3-icalendar) reading what it writes.
#include "feed/ical_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/utf8.h"
#include "tests/support/paths.h"
#include "tests/support/run_command.h"

namespace hoard::feed {
namespace {

constexpr const char* kMbid = "11111111-1111-4111-8111-111111111111";

StoredRelease DatedRelease(std::string mbid, std::string date) {
  StoredRelease r;
  r.mbid = std::move(mbid);
  r.artist = "Artist";
  r.title = "Title";
  r.primary_type = "Album";
  r.date = std::move(date);
  r.year = std::atoi(r.date.substr(0, std::min<std::size_t>(4, r.date.size())).c_str());
  r.discovered = 1'700'000'000;  // 2023-11-14T22:13:20Z
  return r;
}

// The physical lines of `text`, without their CRLF; fails the test when the
// text does not end with CRLF or holds a CR or LF outside a CRLF.
std::vector<std::string> PhysicalLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find("\r\n", pos);
    if (end == std::string::npos) {
      ADD_FAILURE() << "text does not end with CRLF: " << text.substr(pos);
      break;
    }
    lines.push_back(text.substr(pos, end - pos));
    EXPECT_EQ(lines.back().find_first_of("\r\n"), std::string::npos) << "bare CR or LF in " << lines.back();
    pos = end + 2;
  }
  return lines;
}

// RFC 5545 3.1 unfolding: a line starting with a space continues the last one.
std::vector<std::string> ContentLines(const std::string& text) {
  std::vector<std::string> lines;
  for (const std::string& line : PhysicalLines(text)) {
    if (!line.empty() && line[0] == ' ' && !lines.empty()) {
      lines.back() += line.substr(1);
    } else {
      lines.push_back(line);
    }
  }
  return lines;
}

// The values of every content line named `name` (up to the first ':').
std::vector<std::string> Values(const std::string& text, std::string_view name) {
  std::vector<std::string> values;
  for (const std::string& line : ContentLines(text)) {
    const std::size_t colon = line.find(':');
    if (colon != std::string::npos && line.compare(0, colon, name) == 0) values.push_back(line.substr(colon + 1));
  }
  return values;
}

// RFC 5545 3.3.11, the reverse of the writer's escaping.
std::string UnescapeText(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size()) {
      const char next = value[++i];
      out += (next == 'n' || next == 'N') ? '\n' : next;
    } else {
      out += value[i];
    }
  }
  return out;
}

bool IsValidUtf8(std::string_view text) { return EncodeUtf8(DecodeUtf8(text)) == text; }

TEST(ICalWriter, CalendarAndEventHaveEveryProperty) {
  FeedDocument doc;
  doc.title = "hoard: new releases";
  StoredRelease r = DatedRelease(kMbid, "2026-05-08");
  r.secondary_types = {"Live"};
  r.listeners = 12;
  doc.releases = {r};
  EXPECT_EQ(RenderICalendar(doc),
            "BEGIN:VCALENDAR\r\n"
            "VERSION:2.0\r\n"
            "PRODID:-//hoard//new releases//EN\r\n"
            "CALSCALE:GREGORIAN\r\n"
            "METHOD:PUBLISH\r\n"
            "X-WR-CALNAME:hoard: new releases\r\n"
            "BEGIN:VEVENT\r\n"
            "UID:11111111-1111-4111-8111-111111111111@hoard\r\n"
            "DTSTAMP:20231114T221320Z\r\n"
            "DTSTART;VALUE=DATE:20260508\r\n"
            "DTEND;VALUE=DATE:20260509\r\n"
            "SUMMARY:Artist \u2013 Title (Album + Live)\r\n"
            "DESCRIPTION:Artist \u2013 Title\\nReleased: 2026-05-08\\nType: Album + Live\\nLas\r\n"
            " t.fm listeners: 12\\n\r\n"
            "URL:https://musicbrainz.org/release-group/11111111-1111-4111-8111-111111111\r\n"
            " 111\r\n"
            "CATEGORIES:Album\r\n"
            "TRANSP:TRANSPARENT\r\n"
            "END:VEVENT\r\n"
            "END:VCALENDAR\r\n");
}

TEST(ICalWriter, ReleaseWithoutTypeIsOther) {
  FeedDocument doc;
  StoredRelease r = DatedRelease(kMbid, "2026-05-08");
  r.primary_type.clear();
  r.secondary_types = {"Compilation"};
  doc.releases = {r};
  const std::string text = RenderICalendar(doc);
  EXPECT_EQ(Values(text, "CATEGORIES"), std::vector<std::string>{"Other"});
  EXPECT_EQ(Values(text, "SUMMARY"), std::vector<std::string>{"Artist \u2013 Title (Other + Compilation)"});
}

TEST(ICalWriter, EmptyFeedIsACalendarWithoutEvents) {
  FeedDocument doc;
  const std::string text = RenderICalendar(doc);
  EXPECT_EQ(text.find("BEGIN:VEVENT"), std::string::npos);
  EXPECT_EQ(text.rfind("BEGIN:VCALENDAR\r\n", 0), 0u);
  EXPECT_TRUE(text.ends_with("END:VCALENDAR\r\n"));
}

TEST(ICalWriter, TextValuesAreEscapedAndCleaned) {
  const struct {
    const char* name;
    std::string in;
    std::string out;  // as written, escaped
  } cases[] = {
      {"comma", "a,b", "a\\,b"},
      {"semicolon", "a;b", "a\\;b"},
      {"backslash", "a\\b", "a\\\\b"},
      {"backslash before n", "C:\\new", "C:\\\\new"},
      {"newline", "one\ntwo", "one\\ntwo"},
      {"CR dropped", "one\r\ntwo\rthree", "one\\ntwothree"},
      {"tab kept", "a\tb", "a\tb"},
      {"colon and quotes kept", "x: \"y\" 'z'", "x: \"y\" 'z'"},
      {"C0, DEL and C1 controls dropped", std::string("a\x01" "b\x1F" "c\x7F" "d\xC2\x85" "e\0f", 12), "abcdef"},
      // FF is no UTF-8; ED A0 80 a surrogate; F4 90 80 80 past U+10FFFF;
      // C0 80 an overlong NUL; E2 82 a cut sequence at the end.
      {"invalid UTF-8 dropped", "A\xFF" "B\xED\xA0\x80" "C\xF4\x90\x80\x80" "D\xC0\x80" "E\xE2\x82", "ABCDE"},
      {"UTF-8 kept", "\xC3\x85sa \xE2\x82\xAC \xF0\x9F\x8E\xB5", "\xC3\x85sa \xE2\x82\xAC \xF0\x9F\x8E\xB5"},
  };
  for (const auto& c : cases) {
    FeedDocument doc;
    doc.title = c.in;
    StoredRelease r = DatedRelease(kMbid, "2026-01-01");
    r.title = c.in;
    doc.releases = {r};
    const std::string text = RenderICalendar(doc);
    EXPECT_TRUE(IsValidUtf8(text)) << c.name;
    EXPECT_EQ(Values(text, "X-WR-CALNAME"), std::vector<std::string>{c.out}) << c.name;
    EXPECT_EQ(Values(text, "SUMMARY"), std::vector<std::string>{"Artist \u2013 " + c.out + " (Album)"}) << c.name;
  }
}

TEST(ICalWriter, LongLinesAreFoldedAt75OctetsBetweenUtf8Sequences) {
  // One-, two-, three- and four-byte sequences and an escaped comma, so cuts
  // fall at every offset inside a sequence somewhere.
  std::string title;
  while (title.size() < 300) title += "a\xC3\x85\xE2\x82\xAC\xF0\x9F\x8E\xB5,";
  StoredRelease r = DatedRelease(kMbid, "2026-01-01");
  r.title = title;
  r.summary = std::string(400, 'x');  // ASCII: every line but the last is full
  FeedDocument doc;
  doc.title = title;
  doc.releases = {r};
  const std::string text = RenderICalendar(doc);

  std::size_t continuations = 0;
  for (const std::string& line : PhysicalLines(text)) {
    EXPECT_LE(line.size(), 75u) << line;
    EXPECT_TRUE(IsValidUtf8(line)) << "a UTF-8 sequence is split: " << line;
    if (line.starts_with(" ")) {
      ++continuations;
      EXPECT_FALSE(line.starts_with("  ")) << "one space starts a continuation: " << line;
    }
  }
  EXPECT_GE(continuations, 3 * 300 / 75u);
  // A 75-octet line is filled: the DESCRIPTION's ASCII lines are cut at 75.
  const std::vector<std::string> lines = PhysicalLines(text);
  const std::string x_line = " " + std::string(74, 'x');
  EXPECT_NE(std::find(lines.begin(), lines.end(), x_line), lines.end());

  ASSERT_EQ(Values(text, "X-WR-CALNAME").size(), 1u);
  EXPECT_EQ(UnescapeText(Values(text, "X-WR-CALNAME")[0]), title);
  ASSERT_EQ(Values(text, "SUMMARY").size(), 1u);
  EXPECT_EQ(UnescapeText(Values(text, "SUMMARY")[0]), "Artist \u2013 " + title + " (Album)");
  ASSERT_EQ(Values(text, "DESCRIPTION").size(), 1u);
  EXPECT_EQ(UnescapeText(Values(text, "DESCRIPTION")[0]), EntryText(r));
}

TEST(ICalWriter, EventEndsTheNextDayAcrossMonthAndYearEnds) {
  const struct {
    const char* date;
    const char* start;
    const char* end;
  } cases[] = {
      {"2026-12-31", "20261231", "20270101"}, {"2028-02-28", "20280228", "20280229"},
      {"2027-02-28", "20270228", "20270301"}, {"2028-02-29", "20280229", "20280301"},
      {"2026-04-30", "20260430", "20260501"}, {"2026-01-15", "20260115", "20260116"},
      {"2000-02-28", "20000228", "20000229"}, {"1900-02-28", "19000228", "19000301"},
      {"0999-06-30", "09990630", "09990701"},
  };
  for (const auto& c : cases) {
    FeedDocument doc;
    doc.releases = {DatedRelease(kMbid, c.date)};
    const std::string text = RenderICalendar(doc);
    EXPECT_EQ(Values(text, "DTSTART;VALUE=DATE"), std::vector<std::string>{c.start}) << c.date;
    EXPECT_EQ(Values(text, "DTEND;VALUE=DATE"), std::vector<std::string>{c.end}) << c.date;
  }
}

TEST(ICalWriter, PartialOrInvalidDatesGiveNoEvent) {
  const char* dates[] = {"",           "2026",        "2026-05",     "2026-02-30",       "2026-13-01",
                         "2026-00-10", "2026-01-00",  "2026-01-32",  "2027-02-29",       "1900-02-29",
                         "2026-1-01",  "2026-01-1",   "2026/01/01",  "2026-01-01T00:00", " 2026-01-01",
                         "2026-01-01 ", "+026-01-01", "2026-0a-01",  "0000-01-01",       "9999-12-31"};
  const std::string good = "22222222-2222-4222-8222-222222222222";
  for (const char* date : dates) {
    FeedDocument doc;
    doc.releases = {DatedRelease(kMbid, date), DatedRelease(good, "2026-01-01")};
    const std::string text = RenderICalendar(doc);
    EXPECT_EQ(Values(text, "UID"), std::vector<std::string>{good + "@hoard"}) << "date \"" << date << "\"";
    EXPECT_EQ(Values(text, "BEGIN"), (std::vector<std::string>{"VCALENDAR", "VEVENT"})) << "date \"" << date << "\"";
  }
}

TEST(ICalWriter, UidIsTheReleaseGroupAndStaysTheSame) {
  const StoredRelease r = DatedRelease(kMbid, "2026-03-01");
  FeedDocument alone;
  alone.now = 1;
  alone.releases = {r};
  FeedDocument crowded;
  crowded.now = 2'000'000'000;
  crowded.self_url = "https://example.org/feed.ics";
  crowded.releases = {DatedRelease("33333333-3333-4333-8333-333333333333", "2026-02-01"), r,
                      DatedRelease("44444444-4444-4444-8444-444444444444", "2026-04-01")};

  const std::string text = RenderICalendar(alone);
  EXPECT_EQ(Values(text, "UID"), std::vector<std::string>{std::string(kMbid) + "@hoard"});
  EXPECT_EQ(RenderICalendar(alone), text) << "the same feed gives the same bytes";
  // The event is the same bytes whatever else the feed holds and whenever it is written.
  const auto event = [](const std::string& calendar, const std::string& mbid) {
    const std::size_t uid = calendar.find("UID:" + mbid + "@hoard\r\n");
    if (uid == std::string::npos) return std::string();
    const std::size_t begin = calendar.rfind("BEGIN:VEVENT\r\n", uid);
    return calendar.substr(begin, calendar.find("END:VEVENT\r\n", uid) - begin);
  };
  EXPECT_FALSE(event(text, kMbid).empty());
  EXPECT_EQ(event(RenderICalendar(crowded), kMbid), event(text, kMbid));
  EXPECT_EQ(Values(RenderICalendar(crowded), "UID"),
            (std::vector<std::string>{"33333333-3333-4333-8333-333333333333@hoard", std::string(kMbid) + "@hoard",
                                      "44444444-4444-4444-8444-444444444444@hoard"}))
      << "events keep the feed's order";
}

TEST(ICalWriter, EachUidAppearsOnceAndNeedsAReleaseGroup) {
  StoredRelease first = DatedRelease(kMbid, "2026-03-01");
  StoredRelease again = DatedRelease(kMbid, "2026-04-01");
  StoredRelease no_id = DatedRelease("", "2026-05-01");
  FeedDocument doc;
  doc.releases = {first, again, no_id};
  const std::string text = RenderICalendar(doc);
  EXPECT_EQ(Values(text, "UID"), std::vector<std::string>{std::string(kMbid) + "@hoard"});
  EXPECT_EQ(Values(text, "DTSTART;VALUE=DATE"), std::vector<std::string>{"20260301"}) << "the first one is kept";
}

// python3-icalendar's view of a calendar file, as JSON.
constexpr const char* kParse = R"py(
import datetime, icalendar, json, sys
with open(sys.argv[1], "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())
def day(v):
    d = v.dt
    return {"iso": d.isoformat(), "is_date": type(d) is datetime.date}
def categories(v):  # a vCategory, or a list of them when the property repeats
    return [str(c) for x in (v if isinstance(v, list) else [v]) for c in x.cats]
events = []
for e in cal.walk("VEVENT"):
    stamp = e.decoded("DTSTAMP")
    events.append({
        "uid": str(e["UID"]), "summary": str(e["SUMMARY"]), "description": str(e["DESCRIPTION"]),
        "url": str(e["URL"]), "transp": str(e["TRANSP"]),
        "categories": categories(e["CATEGORIES"]),
        "dtstart": day(e["DTSTART"]), "dtend": day(e["DTEND"]),
        "dtstamp": stamp.isoformat(), "dtstamp_utc": stamp.utcoffset() == datetime.timedelta(0),
        "errors": [list(x) for x in e.errors]})
print(json.dumps({
    "version": str(cal["VERSION"]), "prodid": str(cal["PRODID"]), "method": str(cal["METHOD"]),
    "calscale": str(cal["CALSCALE"]), "name": str(cal["X-WR-CALNAME"]),
    "errors": [list(x) for x in cal.errors], "events": events}))
)py";

TEST(ICalWriter, RealParserReadsWhatWasWritten) {
  const test::CommandOutput probe = test::RunCommand({"/usr/bin/python3", "-c", "import icalendar"});
  if (probe.status != 0) {
    GTEST_SKIP() << "needs /usr/bin/python3 with Debian's python3-icalendar (scripts/setup installs it): "
                 << probe.output;
  }
  FeedDocument doc;
  doc.title = "hoard, new; releases \\ \u00e5\u00e4\u00f6";
  StoredRelease swedish = DatedRelease(kMbid, "2026-12-31");
  swedish.artist = "\u00c5sa \u00d6berg";
  swedish.title = "S\u00e5nger fr\u00e5n sk\u00e4rg\u00e5rden";
  swedish.summary = "En skiva.\nMed tv\u00e5 rader.";
  swedish.listeners = 1234;
  StoredRelease hostile = DatedRelease("22222222-2222-4222-8222-222222222222", "2028-02-28");
  hostile.artist = "A,B;C\\D";
  hostile.title = "x,;\\y: \"z\"";
  hostile.primary_type = "EP";
  hostile.secondary_types = {"Remix"};
  StoredRelease long_one = DatedRelease("33333333-3333-4333-8333-333333333333", "2027-02-28");
  while (long_one.title.size() < 300) long_one.title += " \u00e5\u20ac\U0001F3B5,;";
  StoredRelease partial = DatedRelease("44444444-4444-4444-8444-444444444444", "2026-05");
  StoredRelease undated = DatedRelease("55555555-5555-4555-8555-555555555555", "");
  doc.releases = {swedish, partial, hostile, undated, long_one};

  test::TempDir dir;
  const auto file = dir.path() / "hoard.ics";
  std::ofstream(file, std::ios::binary) << RenderICalendar(doc);
  const auto script = dir.path() / "parse.py";
  std::ofstream(script) << kParse;
  const test::CommandOutput parsed = test::RunCommand({"/usr/bin/python3", script.string(), file.string()}, false);
  ASSERT_EQ(parsed.status, 0) << parsed.output;
  const auto cal = nlohmann::json::parse(parsed.output, nullptr, false);
  ASSERT_TRUE(cal.is_object()) << parsed.output;

  EXPECT_EQ(cal["errors"].size(), 0u) << cal["errors"];
  EXPECT_EQ(cal["version"], "2.0");
  EXPECT_EQ(cal["prodid"], "-//hoard//new releases//EN");
  EXPECT_EQ(cal["method"], "PUBLISH");
  EXPECT_EQ(cal["calscale"], "GREGORIAN");
  EXPECT_EQ(cal["name"], doc.title);

  const struct {
    const StoredRelease* release;
    const char* summary;
    const char* start;
    const char* end;
  } expected[] = {
      {&swedish, "\u00c5sa \u00d6berg \u2013 S\u00e5nger fr\u00e5n sk\u00e4rg\u00e5rden (Album)", "2026-12-31",
       "2027-01-01"},
      {&hostile, "A,B;C\\D \u2013 x,;\\y: \"z\" (EP + Remix)", "2028-02-28", "2028-02-29"},
      {&long_one, nullptr, "2027-02-28", "2027-03-01"},
  };
  ASSERT_EQ(cal["events"].size(), std::size(expected)) << "one event per fully dated release";
  for (std::size_t i = 0; i < std::size(expected); ++i) {
    const auto& e = cal["events"][i];
    const StoredRelease& r = *expected[i].release;
    const std::string summary =
        expected[i].summary != nullptr ? expected[i].summary : r.artist + " \u2013 " + r.title + " (Album)";
    EXPECT_EQ(e["errors"].size(), 0u) << i << ": " << e["errors"];
    EXPECT_EQ(e["uid"], r.mbid + "@hoard") << i;
    EXPECT_EQ(e["summary"], summary) << i;
    EXPECT_EQ(e["description"], EntryText(r)) << i;
    EXPECT_EQ(e["url"], ReleaseGroupUrl(r.mbid)) << i;
    EXPECT_EQ(e["transp"], "TRANSPARENT") << i;
    EXPECT_EQ(e["categories"], std::vector<std::string>{r.primary_type}) << i;
    EXPECT_EQ(e["dtstart"]["is_date"], true) << i;
    EXPECT_EQ(e["dtstart"]["iso"], expected[i].start) << i;
    EXPECT_EQ(e["dtend"]["is_date"], true) << i;
    EXPECT_EQ(e["dtend"]["iso"], expected[i].end) << i;
    EXPECT_EQ(e["dtstamp"], "2023-11-14T22:13:20+00:00") << i;
    EXPECT_EQ(e["dtstamp_utc"], true) << i;
  }
}

}  // namespace
}  // namespace hoard::feed
