#include "feed/feed_config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

#include "tests/support/paths.h"

namespace hoard::feed {
namespace {

TEST(ParseFeedConfig, DefaultsFromAnEmptyFile) {
  auto c = ParseFeedConfig("", "test");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->musicbrainz_url, "https://musicbrainz.org/ws/2");
  EXPECT_EQ(c->types, std::vector<std::string>{"Album"});
  EXPECT_TRUE(c->secondary_types.empty());
  EXPECT_DOUBLE_EQ(c->match_threshold, 0.9);
  EXPECT_EQ(c->ttl, std::chrono::seconds(7 * 24 * 3600));
  EXPECT_TRUE(c->lastfm_api_key.empty());
  EXPECT_FALSE(CheckReadyForNetwork(*c).ok());  // musicbrainz.org needs a contact
}

TEST(ParseFeedConfig, TheIssueExample) {
  auto c = ParseFeedConfig(R"(
[musicbrainz]
url = "https://musicbrainz.org/ws/2"
contact = "you@example.org"
rate_limit = 5.0
[lastfm]
url = "https://ws.audioscrobbler.com/2.0/"
api_key = "k"
[feed]
types = ["Album", "EP"]
secondary_types = ["Live"]
match_threshold = 0.85
ttl = "3d"
min_tracks = 4
)", "test");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->contact, "you@example.org");
  EXPECT_DOUBLE_EQ(c->musicbrainz_rate, 1.0);  // capped for the real service
  EXPECT_EQ(c->types, (std::vector<std::string>{"Album", "EP"}));
  EXPECT_EQ(c->secondary_types, std::vector<std::string>{"Live"});
  EXPECT_DOUBLE_EQ(c->match_threshold, 0.85);
  EXPECT_EQ(c->ttl, std::chrono::seconds(3 * 24 * 3600));
  EXPECT_EQ(c->min_tracks, 4);
  EXPECT_TRUE(CheckReadyForNetwork(*c).ok());
}

TEST(ParseFeedConfig, ListeningCoversAndPushes) {
  auto c = ParseFeedConfig(R"(
[lastfm]
api_key = "k"
user = "rj"
min_plays = 10
[feed]
recent = "90d"
require_plays = true
cover_art = false
[cover_art]
url = "https://caa.example.org"
[notify]
url = "https://ntfy.sh/topic"
format = "json"
)", "test");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->lastfm_user, "rj");
  EXPECT_EQ(c->min_plays, 10);
  EXPECT_EQ(c->recent, std::chrono::seconds(90 * 24 * 3600));
  EXPECT_TRUE(c->require_plays);
  EXPECT_FALSE(c->cover_art);
  EXPECT_EQ(c->cover_art_url, "https://caa.example.org");
  EXPECT_EQ(c->notify_url, "https://ntfy.sh/topic");
  EXPECT_EQ(c->notify_format, "json");
  auto defaults = ParseFeedConfig("", "test");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->min_plays, 50);
  EXPECT_EQ(defaults->recent, std::chrono::seconds(365 * 24 * 3600));
  EXPECT_TRUE(defaults->cover_art);
  EXPECT_FALSE(defaults->require_plays);
  EXPECT_EQ(defaults->notify_format, "ntfy");
}

TEST(ParseFeedConfig, LocalServerMayGoFaster) {
  auto c = ParseFeedConfig("[musicbrainz]\nurl = \"http://127.0.0.1:9/ws/2\"\nrate_limit = 50.0\n", "t");
  ASSERT_TRUE(c.ok());
  EXPECT_DOUBLE_EQ(c->musicbrainz_rate, 50.0);
  EXPECT_TRUE(CheckReadyForNetwork(*c).ok());
}

TEST(ParseFeedConfig, RejectsBadValuesWithTheirName) {
  for (const char* bad : {"[feed]\nttl = \"soon\"\n", "[feed]\ntypes = \"Album\"\n", "[feed]\nmatch_threshold = 2.0\n",
                          "[feed]\ntypes = []\n", "[http]\nretries = -1\n", "[musicbrainz\n",
                          "[musicbrainz]\nrate_limit = 0.0\n",
                          // Found by fuzzing: a NaN threshold, and integers cut down to an int.
                          "[feed]\nmatch_threshold = nan\n", "[http]\nretries = 4294967299\n",
                          "[http]\nretries = \"5\"\n", "[musicbrainz]\nmin_score = 1000\n",
                          "[feed]\nmin_tracks = -5\n",
                          // A float where seconds are expected: 4e203 overflowed the conversion.
                          "[feed]\nttl = 4e203\n",
                          // Issue 17's keys.
                          "[lastfm]\nuser = \"rj\"\n", "[lastfm]\napi_key = \"k\"\nmin_plays = 0\n",
                          "[feed]\nrecent = \"a year\"\n", "[feed]\nrequire_plays = \"yes\"\n",
                          "[feed]\ncover_art = 1\n", "[notify]\nformat = \"xml\"\n",
                          "[notify]\nurl = \"javascript:alert(1)\"\n", "[cover_art]\nurl = \"file:///etc\"\n"}) {
    auto c = ParseFeedConfig(bad, "cfg.toml");
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_NE(c.status().message().find("cfg.toml"), std::string::npos);
  }
}

TEST(LoadFeedConfig, FlagThenEnvironmentThenXdg) {
  test::TempDir dir;
  const auto write = [](const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << text;
  };
  write(dir.path() / "flag.toml", "[feed]\nmin_tracks = 1\n");
  write(dir.path() / "env.toml", "[feed]\nmin_tracks = 2\n");
  write(dir.path() / "xdg/hoard/config.toml", "[feed]\nmin_tracks = 3\n");
  setenv("XDG_CONFIG_HOME", (dir.path() / "xdg").c_str(), 1);
  setenv("HOARD_CONFIG", (dir.path() / "env.toml").c_str(), 1);
  EXPECT_EQ(LoadFeedConfig((dir.path() / "flag.toml").string())->min_tracks, 1);
  EXPECT_EQ(LoadFeedConfig("")->min_tracks, 2);
  unsetenv("HOARD_CONFIG");
  EXPECT_EQ(LoadFeedConfig("")->min_tracks, 3);
  EXPECT_FALSE(LoadFeedConfig((dir.path() / "missing.toml").string()).ok());
  setenv("XDG_CONFIG_HOME", (dir.path() / "nothing").c_str(), 1);
  EXPECT_TRUE(LoadFeedConfig("").ok());  // no default file: defaults
}

}  // namespace
}  // namespace hoard::feed
