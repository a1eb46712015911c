// The `hoard` catalog commands end to end, as a user runs them.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "tests/support/paths.h"
#include "tests/support/run_command.h"
#include "tests/support/sample_hoard.h"

namespace hoard::catalog {
namespace {

using Output = test::CommandOutput;

// stdout only: stderr goes to the test log.
test::CommandOutput Hoard(const std::vector<std::string>& args) { return test::RunHoard(args, false); }

TEST(Cli, IndexListAlbumsArtistsStats) {
  test::SampleHoard hoard;
  test::TempDir dir;
  std::string db = (dir.path() / "c.db").string();
  std::string root = hoard.root().string();

  Output index = Hoard({"index", root, "--db", db});
  EXPECT_EQ(0, index.status);
  EXPECT_NE(std::string::npos, index.output.find("indexed 13 (13 new")) << index.output;
  EXPECT_NE(std::string::npos, index.output.find("unreadable 7")) << index.output;
  Output again = Hoard({"index", root, "--db", db, "--quiet"});
  EXPECT_EQ(0, again.status);
  EXPECT_EQ("", again.output);

  Output ls = Hoard({"ls", "--db", db, "--json", "year:2001", "-title:sång"});
  ASSERT_EQ(0, ls.status);
  nlohmann::json tracks = nlohmann::json::parse(ls.output);
  ASSERT_TRUE(tracks.is_array());
  ASSERT_EQ(2u, tracks.size());
  EXPECT_EQ(root + "/Åsa_Öberg/2001_Första_Albumet/01_-_Inledning.mp3", tracks[0]["path"]);
  EXPECT_EQ(2001, tracks[0]["year"]);
  EXPECT_TRUE(tracks[0]["tags_from"].is_array());

  Output formatted = Hoard({"ls", "--db", db, "--format", "$track $title", "--sort", "track-", "artist:fixtures"});
  EXPECT_EQ("7 Untitled Seven\n2 Version One\n1 Version Three\n", formatted.output);

  Output albums = Hoard({"albums", "--db", db, "--json", "åsa"});
  ASSERT_EQ(0, albums.status);
  EXPECT_EQ(2u, nlohmann::json::parse(albums.output).size());
  Output ls_a = Hoard({"ls", "-a", "--db", db, "--format", "$album", "year:2001"});
  EXPECT_EQ("Första albumet\n", ls_a.output);

  Output artists = Hoard({"artists", "--db", db, "--json"});
  ASSERT_EQ(0, artists.status);
  EXPECT_EQ(4u, nlohmann::json::parse(artists.output).size());

  Output stats = Hoard({"stats", "--db", db, "--json"});
  ASSERT_EQ(0, stats.status);
  nlohmann::json s = nlohmann::json::parse(stats.output);
  EXPECT_EQ(13, s["tracks"]);
  EXPECT_EQ(7, s["unreadable"]);
}

TEST(Cli, ErrorsAreOneLineAndNonZero) {
  test::TempDir dir;
  std::string db = (dir.path() / "none.db").string();
  EXPECT_EQ(1, Hoard({"ls", "--db", db}).status);
  EXPECT_EQ(1, Hoard({"stats", "--db", db}).status);
  EXPECT_EQ(1, Hoard({"index", (dir.path() / "missing").string(), "--db", db, "-q"}).status);
  EXPECT_EQ(2, Hoard({"ls", "--db", db, "bogus:field"}).status);
}

TEST(Cli, DefaultLocationFromEnvironment) {
  test::SampleHoard hoard;
  test::TempDir dir;
  std::string xdg = (dir.path() / "xdg").string();
  ::setenv("XDG_DATA_HOME", xdg.c_str(), 1);
  ::unsetenv("HOARD_DB");
  EXPECT_EQ(0, Hoard({"index", "-q", hoard.root().string()}).status);
  EXPECT_TRUE(std::filesystem::exists(xdg + "/hoard/catalog.db"));
  std::string other = (dir.path() / "env.db").string();
  ::setenv("HOARD_DB", other.c_str(), 1);
  EXPECT_EQ(0, Hoard({"index", "-q", hoard.root().string()}).status);
  EXPECT_TRUE(std::filesystem::exists(other));
  ::unsetenv("HOARD_DB");
  ::unsetenv("XDG_DATA_HOME");
}

}  // namespace
}  // namespace hoard::catalog

namespace hoard::catalog {
namespace {

// Negated words whose first letter is a short option elsewhere (-a, -f, -h)
// reach the query whole.
TEST(Cli, NegatedWordsAreNotOptions) {
  test::SampleHoard hoard;
  test::TempDir dir;
  std::string db = (dir.path() / "c.db").string();
  ASSERT_EQ(0, Hoard({"index", "-q", hoard.root().string(), "--db", db}).status);
  auto count = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"ls", "--db", db, "--format", "$title"});
    Output out = Hoard(args);
    EXPECT_EQ(0, out.status);
    return std::count(out.output.begin(), out.output.end(), '\n');
  };
  EXPECT_EQ(13, count({}));
  EXPECT_EQ(8, count({"-albumartist:åsa"}));
  EXPECT_EQ(8, count({"-artist:åsa"}));
  EXPECT_EQ(10, count({"-fixtures"}));
  EXPECT_EQ(12, count({"-hal"}));  // "Half Tagged"
  EXPECT_EQ(7, count({"-a"}));     // albums
}

}  // namespace
}  // namespace hoard::catalog
