// Atom and RSS checked by a real feed parser (Debian's python3-feedparser),
// run as a subprocess on the files we write.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "feed/atom_writer.h"
#include "feed/atomic_file.h"
#include "feed/rss_writer.h"
#include "tests/support/paths.h"
#include "tests/support/run_command.h"

namespace hoard::feed {
namespace {

// feedparser's view of a feed file, as JSON.
constexpr const char* kParse = R"py(
import feedparser, json, sys
d = feedparser.parse(sys.argv[1])
print(json.dumps({
  "bozo": int(bool(d.bozo)), "bozo_exception": str(d.get("bozo_exception", "")),
  "version": d.version, "title": d.feed.get("title"), "id": d.feed.get("id"),
  "updated": d.feed.get("updated"),
  "self": [l.get("href") for l in d.feed.get("links", []) if l.get("rel") == "self"],
  "entries": [{"id": e.get("id"), "title": e.get("title"), "link": e.get("link"),
               "updated": e.get("updated") or e.get("published"),
               "summary": e.get("summary"),
               "links": [{"rel": l.get("rel"), "href": l.get("href")} for l in e.get("links", [])],
               "media_thumbnail": [t.get("url") for t in e.get("media_thumbnail", [])],
               "enclosures": [{"href": n.get("href"), "length": n.get("length"), "type": n.get("type")}
                              for n in e.get("enclosures", [])]}
              for e in d.entries]}))
)py";

nlohmann::json ParseWithFeedparser(const std::filesystem::path& file, const std::filesystem::path& dir) {
  const auto script = dir / "parse.py";
  std::ofstream(script) << kParse;
  // Debian's interpreter, where python3-feedparser lives (not whatever
  // python3 comes first on PATH).
  const test::CommandOutput parsed = test::RunCommand({"/usr/bin/python3", script.string(), file.string()}, false);
  EXPECT_EQ(parsed.status, 0) << "is python3-feedparser installed (scripts/setup)?";
  return nlohmann::json::parse(parsed.output, nullptr, false);
}

// xmllint's verdict on a file: its exit status (0: well-formed) and what it said.
std::pair<int, std::string> Xmllint(const std::filesystem::path& file) {
  const test::CommandOutput checked = test::RunCommand({"/usr/bin/xmllint", "--noout", file.string()});
  EXPECT_NE(checked.status, 127) << "is libxml2-utils installed (scripts/setup)?";
  return {checked.status, checked.output};
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

FeedDocument SampleDocument() {
  FeedDocument doc;
  doc.title = "hoard & <friends>";
  doc.self_url = "https://example.org/feeds/hoard.atom?a=1&b=2";
  doc.now = 1'700'000'000;
  StoredRelease hostile;
  hostile.mbid = "11111111-1111-4111-8111-111111111111";
  hostile.artist = "AT&T \"<script>alert(1)</script>\"";
  hostile.title = "]]> <b>bold</b> & \x01" "control 'quotes'";
  hostile.primary_type = "Album";
  hostile.date = "2024-05";
  hostile.year = 2024;
  hostile.discovered = 1'700'000'200;
  hostile.summary = "Tom & Jerry <a href=\"x\">link</a>";
  hostile.listeners = 12;
  StoredRelease chinese;
  chinese.mbid = "22222222-2222-4222-8222-222222222222";
  chinese.artist = "周杰倫";
  chinese.title = "Fantasy Show";
  chinese.primary_type = "Album";
  chinese.secondary_types = {"Live"};
  chinese.discovered = 1'700'000'100;
  doc.releases = {hostile, chinese};
  return doc;
}

TEST(AtomWriter, ValidAtomThatFeedparserReadsExactly) {
  test::TempDir dir;
  const auto path = dir.path() / "hoard.atom";
  ASSERT_TRUE(WriteFileAtomically(path.string(), RenderAtom(SampleDocument())).ok());
  const auto feed = ParseWithFeedparser(path, dir.path());
  ASSERT_TRUE(feed.is_object());
  EXPECT_EQ(feed["bozo"], 0) << feed["bozo_exception"];
  EXPECT_EQ(feed["version"], "atom10");
  EXPECT_EQ(feed["title"], "hoard & <friends>");
  EXPECT_EQ(feed["id"], "https://example.org/feeds/hoard.atom?a=1&b=2");
  EXPECT_EQ(feed["self"][0], "https://example.org/feeds/hoard.atom?a=1&b=2");
  EXPECT_EQ(feed["updated"], "2023-11-14T22:16:40Z");
  ASSERT_EQ(feed["entries"].size(), 2u);
  const auto& first = feed["entries"][0];
  EXPECT_EQ(first["id"], "https://musicbrainz.org/release-group/11111111-1111-4111-8111-111111111111");
  EXPECT_EQ(first["link"], "https://musicbrainz.org/release-group/11111111-1111-4111-8111-111111111111");
  EXPECT_EQ(first["title"], "AT&T \"<script>alert(1)</script>\" \u2013 ]]> <b>bold</b> & control 'quotes' (2024, Album)");
  EXPECT_NE(first["summary"].get<std::string>().find("Tom & Jerry <a href=\"x\">link</a>"), std::string::npos);
  EXPECT_EQ(first["updated"], "2023-11-14T22:16:40Z");
  EXPECT_EQ(feed["entries"][1]["title"], "周杰倫 \u2013 Fantasy Show (undated, Album + Live)");
}

TEST(RssWriter, ValidRssThatFeedparserReadsExactly) {
  test::TempDir dir;
  const auto path = dir.path() / "hoard.rss";
  ASSERT_TRUE(WriteFileAtomically(path.string(), RenderRss(SampleDocument())).ok());
  const auto feed = ParseWithFeedparser(path, dir.path());
  ASSERT_TRUE(feed.is_object());
  EXPECT_EQ(feed["bozo"], 0) << feed["bozo_exception"];
  EXPECT_EQ(feed["version"], "rss20");
  EXPECT_EQ(feed["title"], "hoard & <friends>");
  ASSERT_EQ(feed["entries"].size(), 2u);
  EXPECT_EQ(feed["entries"][0]["id"], "https://musicbrainz.org/release-group/11111111-1111-4111-8111-111111111111");
  EXPECT_EQ(feed["entries"][0]["updated"], "Tue, 14 Nov 2023 22:16:40 +0000");
}

// U+FFFE, U+FFFF, U+0001, a lone surrogate (ED A0 80), a code point past
// U+10FFFF (F4 90 80 80) and a byte that is no UTF-8 at all (FF): none is an
// XML 1.0 Char. Tab, U+FFFD, U+E000 and an emoji are.
constexpr const char* kForbidden = "A\xEF\xBF\xBE" "B\xEF\xBF\xBF" "C\x01" "D\xED\xA0\x80" "E\xF4\x90\x80\x80" "F\xFF" "G";
constexpr const char* kAllowed = "\t\xEF\xBF\xBD\xEE\x80\x80\xF0\x9F\x8E\xB5";

FeedDocument ForbiddenCharactersDocument() {
  FeedDocument doc;
  doc.title = std::string("feed ") + kForbidden;
  doc.now = 1'700'000'000;
  StoredRelease r;
  r.mbid = "33333333-3333-4333-8333-333333333333";
  r.artist = std::string("Artist ") + kForbidden;
  r.title = std::string(kForbidden) + kAllowed;
  r.primary_type = std::string("Album") + kForbidden;
  r.date = "2024";
  r.year = 2024;
  r.discovered = 1'700'000'300;
  r.summary = std::string("summary ") + kForbidden;
  r.lastfm_url = std::string("https://www.last.fm/music/") + kForbidden;
  doc.releases = {r};
  return doc;
}

TEST(FeedXml, CharactersXmlForbidsAreLeftOutSoStrictParsersAccept) {
  test::TempDir dir;
  const FeedDocument doc = ForbiddenCharactersDocument();
  for (const auto& [name, text] : {std::pair{"hoard.atom", RenderAtom(doc)}, std::pair{"hoard.rss", RenderRss(doc)}}) {
    const auto path = dir.path() / name;
    ASSERT_TRUE(WriteFileAtomically(path.string(), text).ok());
    const auto [status, said] = Xmllint(path);
    EXPECT_EQ(status, 0) << name << ": " << said;
    const auto feed = ParseWithFeedparser(path, dir.path());
    ASSERT_TRUE(feed.is_object()) << name;
    EXPECT_EQ(feed["bozo"], 0) << name << ": " << feed["bozo_exception"];
    EXPECT_EQ(feed["title"], "feed ABCDEFG") << name;
    ASSERT_EQ(feed["entries"].size(), 1u) << name;
    EXPECT_EQ(feed["entries"][0]["title"],
              std::string("Artist ABCDEFG \u2013 ABCDEFG") + kAllowed + " (2024, AlbumABCDEFG)")
        << name;
    EXPECT_NE(feed["entries"][0]["summary"].get<std::string>().find("summary ABCDEFG"), std::string::npos) << name;
  }
}

// A Last.fm `url` is data from the network: only http(s) becomes a link, in
// both formats; the entry stays, without it.
TEST(FeedLinks, OnlyHttpAndHttpsUrlsFromTheServicesBecomeLinks) {
  const struct {
    const char* url;
    bool linked;
  } cases[] = {{"javascript:alert(document.domain)", false},
               {"data:text/html,<script>alert(1)</script>", false},
               {"JAVASCRIPT:alert(1)", false},
               {" javascript:alert(1)", false},
               {"vbscript:msgbox(1)", false},
               {"https://www.last.fm/music/Good/Album", true}};
  FeedDocument doc;
  doc.now = 1'700'000'000;
  int i = 0;
  for (const auto& c : cases) {
    StoredRelease r;
    r.mbid = "44444444-4444-4444-8444-44444444444" + std::to_string(i);
    r.artist = "Linker";
    r.title = "Album " + std::to_string(i);
    r.primary_type = "Album";
    r.discovered = 1'700'000'000 - i++;
    r.lastfm_url = c.url;
    doc.releases.push_back(r);
  }
  test::TempDir dir;
  for (const auto& [name, text] : {std::pair{"links.atom", RenderAtom(doc)}, std::pair{"links.rss", RenderRss(doc)}}) {
    for (const char* scheme : {"javascript:", "vbscript:", "data:"}) {
      EXPECT_EQ(Lower(text).find(scheme), std::string::npos) << name << " carries " << scheme;
    }
    const auto path = dir.path() / name;
    ASSERT_TRUE(WriteFileAtomically(path.string(), text).ok());
    const auto feed = ParseWithFeedparser(path, dir.path());
    ASSERT_TRUE(feed.is_object()) << name;
    EXPECT_EQ(feed["bozo"], 0) << name << ": " << feed["bozo_exception"];
    ASSERT_EQ(feed["entries"].size(), std::size(cases)) << name << ": every entry is kept";
    for (std::size_t k = 0; k < std::size(cases); ++k) {
      std::vector<std::string> related;
      for (const auto& link : feed["entries"][k]["links"]) {
        if (link["rel"] == "related") related.push_back(link["href"].get<std::string>());
      }
      const std::vector<std::string> expected =
          cases[k].linked ? std::vector<std::string>{cases[k].url} : std::vector<std::string>{};
      EXPECT_EQ(related, expected) << name << ": " << cases[k].url;
    }
  }
}

// Issue 17: a release with a cover and an upcoming release that came out.
constexpr const char* kCoverId = "55555555-5555-4555-8555-555555555555";
constexpr const char* kOutId = "66666666-6666-4666-8666-666666666666";
constexpr const char* kCover = "https://coverartarchive.org/release-group/55555555-5555-4555-8555-555555555555/front-250";

FeedDocument CoverAndOutNowDocument() {
  FeedDocument doc;
  doc.now = 1'700'000'000;
  StoredRelease covered;
  covered.mbid = kCoverId;
  covered.artist = "Painter";
  covered.title = "Pictures";
  covered.primary_type = "Album";
  covered.date = "2023-10-01";
  covered.year = 2023;
  covered.discovered = 1'700'000'100;
  covered.cover = kCover;
  covered.image = "https://lastfm.freetls.fastly.net/i/u/300x300/unused.png";  // the archive's cover comes first
  StoredRelease out;
  out.mbid = kOutId;
  out.artist = "Futurist & Co";
  out.title = "Tomorrow";
  out.primary_type = "EP";
  out.date = "2023-12-01";
  out.year = 2023;
  out.discovered = 1'699'000'000;  // announced before
  out.upcoming = true;
  out.out_at = 1'701'400'000;      // and out later: the newest entry
  doc.releases = {covered, out};
  return doc;
}

// The entries of a feedparser answer whose id is `id`.
std::vector<nlohmann::json> EntriesWithId(const nlohmann::json& feed, const std::string& id) {
  std::vector<nlohmann::json> found;
  for (const auto& e : feed["entries"]) {
    if (e["id"] == id) found.push_back(e);
  }
  return found;
}

TEST(FeedCovers, AtomAndRssCarryTheCoverAndTheOutNowEntry) {
  test::TempDir dir;
  const FeedDocument doc = CoverAndOutNowDocument();
  const std::string cover_id = std::string("https://musicbrainz.org/release-group/") + kCoverId;
  const std::string out_id = std::string("https://musicbrainz.org/release-group/") + kOutId;
  for (const auto& [name, text] : {std::pair{"covers.atom", RenderAtom(doc)}, std::pair{"covers.rss", RenderRss(doc)}}) {
    const bool rss = std::string(name).ends_with(".rss");
    EXPECT_NE(text.find("xmlns:media=\"http://search.yahoo.com/mrss/\""), std::string::npos) << name;
    const auto path = dir.path() / name;
    ASSERT_TRUE(WriteFileAtomically(path.string(), text).ok());
    const auto [status, said] = Xmllint(path);
    EXPECT_EQ(status, 0) << name << ": " << said;
    const auto feed = ParseWithFeedparser(path, dir.path());
    ASSERT_TRUE(feed.is_object()) << name;
    EXPECT_EQ(feed["bozo"], 0) << name << ": " << feed["bozo_exception"];
    EXPECT_EQ(feed["version"], rss ? "rss20" : "atom10") << name;
    ASSERT_EQ(feed["entries"].size(), 3u) << name << ": the covered release, the announcement, release day";

    // Newest first: release day, the covered release, the announcement.
    EXPECT_EQ(feed["entries"][0]["id"], out_id + "#out") << name;
    EXPECT_EQ(feed["entries"][1]["id"], cover_id) << name;
    EXPECT_EQ(feed["entries"][2]["id"], out_id) << name;

    const auto covered = EntriesWithId(feed, cover_id);
    ASSERT_EQ(covered.size(), 1u) << name;
    EXPECT_EQ(covered[0]["media_thumbnail"], nlohmann::json::array({kCover})) << name << ": " << covered[0].dump();
    if (rss) {
      ASSERT_EQ(covered[0]["enclosures"].size(), 1u) << name << ": " << covered[0].dump();
      EXPECT_EQ(covered[0]["enclosures"][0]["href"], kCover) << name;
      EXPECT_EQ(covered[0]["enclosures"][0]["type"], "image/jpeg") << name;
      EXPECT_EQ(covered[0]["enclosures"][0]["length"], "0") << name;
    }
    EXPECT_EQ(covered[0]["title"], "Painter \u2013 Pictures (2023, Album)") << name;

    // The upcoming release: two entries with ids of their own, the second "Out now".
    const auto announced = EntriesWithId(feed, out_id);
    const auto out_now = EntriesWithId(feed, out_id + "#out");
    ASSERT_EQ(announced.size(), 1u) << name;
    ASSERT_EQ(out_now.size(), 1u) << name;
    EXPECT_NE(announced[0]["id"], out_now[0]["id"]) << name;
    EXPECT_EQ(out_now[0]["title"], "Out now: Futurist & Co \u2013 Tomorrow (2023-12-01, EP)") << name;
    EXPECT_EQ(announced[0]["title"].get<std::string>().rfind("Out now", 0), std::string::npos) << name;
    EXPECT_EQ(announced[0]["title"], "Futurist & Co \u2013 Tomorrow (2023, EP)") << name;
    EXPECT_EQ(out_now[0]["link"], out_id) << name << ": both link to the release group";
    EXPECT_EQ(out_now[0]["updated"], rss ? "Fri, 01 Dec 2023 03:06:40 +0000" : "2023-12-01T03:06:40Z") << name;
    EXPECT_EQ(announced[0]["media_thumbnail"], nlohmann::json::array()) << name << ": no cover, no thumbnail";
    EXPECT_EQ(announced[0]["enclosures"], nlohmann::json::array()) << name;
  }
}

TEST(FeedCovers, NoCoverArtMeansNoThumbnailNorEnclosure) {
  test::TempDir dir;
  FeedDocument doc = CoverAndOutNowDocument();
  doc.cover_art = false;
  for (const auto& [name, text] : {std::pair{"plain.atom", RenderAtom(doc)}, std::pair{"plain.rss", RenderRss(doc)}}) {
    EXPECT_EQ(text.find("media:thumbnail"), std::string::npos) << name;
    EXPECT_EQ(text.find("<enclosure"), std::string::npos) << name;
    EXPECT_EQ(text.find("coverartarchive.org"), std::string::npos) << name;
    const auto path = dir.path() / name;
    ASSERT_TRUE(WriteFileAtomically(path.string(), text).ok());
    const auto feed = ParseWithFeedparser(path, dir.path());
    ASSERT_TRUE(feed.is_object()) << name;
    EXPECT_EQ(feed["bozo"], 0) << name << ": " << feed["bozo_exception"];
    EXPECT_EQ(feed["entries"].size(), 3u) << name;
  }
}

// A cover that is no web link is left out; Last.fm's image stands in.
TEST(FeedCovers, OnlyWebLinksBecomeCovers) {
  test::TempDir dir;
  FeedDocument doc = CoverAndOutNowDocument();
  doc.releases[0].cover = "javascript:alert(1)";
  doc.releases[1].image = "data:image/png;base64,AAAA";
  for (const auto& [name, text] : {std::pair{"fallback.atom", RenderAtom(doc)}, std::pair{"fallback.rss", RenderRss(doc)}}) {
    EXPECT_EQ(Lower(text).find("javascript:"), std::string::npos) << name;
    EXPECT_EQ(Lower(text).find("data:"), std::string::npos) << name;
    const auto path = dir.path() / name;
    ASSERT_TRUE(WriteFileAtomically(path.string(), text).ok());
    const auto feed = ParseWithFeedparser(path, dir.path());
    ASSERT_TRUE(feed.is_object()) << name;
    EXPECT_EQ(feed["bozo"], 0) << name << ": " << feed["bozo_exception"];
    const auto covered = EntriesWithId(feed, std::string("https://musicbrainz.org/release-group/") + kCoverId);
    ASSERT_EQ(covered.size(), 1u) << name;
    EXPECT_EQ(covered[0]["media_thumbnail"],
              nlohmann::json::array({"https://lastfm.freetls.fastly.net/i/u/300x300/unused.png"}))
        << name;
    for (const char* id : {"#out", ""}) {
      const auto e = EntriesWithId(feed, std::string("https://musicbrainz.org/release-group/") + kOutId + id);
      ASSERT_EQ(e.size(), 1u) << name << id;
      EXPECT_EQ(e[0]["media_thumbnail"], nlohmann::json::array()) << name << id;
    }
  }
}

TEST(AtomWriter, EmptyFeedIsStillValid) {
  test::TempDir dir;
  FeedDocument doc;
  doc.now = 1'700'000'000;
  const auto path = dir.path() / "empty.atom";
  ASSERT_TRUE(WriteFileAtomically(path.string(), RenderAtom(doc)).ok());
  const auto feed = ParseWithFeedparser(path, dir.path());
  ASSERT_TRUE(feed.is_object());
  EXPECT_EQ(feed["bozo"], 0) << feed["bozo_exception"];
  EXPECT_EQ(feed["entries"].size(), 0u);
  EXPECT_EQ(feed["id"], "urn:hoard:new-releases");
}

TEST(WriteFileAtomically, ReplacesWholeAndLeavesNoTemporaryFile) {
  test::TempDir dir;
  const auto path = dir.path() / "f.xml";
  std::ofstream(path) << "old content that is longer than the new";
  ASSERT_TRUE(WriteFileAtomically(path.string(), "new").ok());
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "new");
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(WriteFileAtomically, FailsCleanlyWhereItCannotWrite) {
  test::TempDir dir;
  const Status s = WriteFileAtomically((dir.path() / "missing/dir/f.xml").string(), "x");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("missing"), std::string::npos);
}

}  // namespace
}  // namespace hoard::feed
