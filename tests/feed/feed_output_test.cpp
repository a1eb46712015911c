// Atom and RSS checked by a real feed parser (Debian's python3-feedparser),
// run as a subprocess on the files we write.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "feed/atom_writer.h"
#include "feed/atomic_file.h"
#include "feed/rss_writer.h"
#include "tests/support/paths.h"

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
               "summary": e.get("summary")} for e in d.entries]}))
)py";

nlohmann::json ParseWithFeedparser(const std::filesystem::path& file, const std::filesystem::path& dir) {
  const auto script = dir / "parse.py";
  std::ofstream(script) << kParse;
  // Debian's interpreter, where python3-feedparser lives (not whatever
  // python3 comes first on PATH).
  const std::string command = "/usr/bin/python3 " + script.string() + " " + file.string();
  FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  std::string out;
  char buf[4096];
  size_t n;
  while (pipe != nullptr && (n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = pipe != nullptr ? pclose(pipe) : -1;
  EXPECT_EQ(status, 0) << "is python3-feedparser installed (scripts/setup)?";
  return nlohmann::json::parse(out, nullptr, false);
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
