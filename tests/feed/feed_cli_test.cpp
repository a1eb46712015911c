// `hoard feed ...` as a user runs it: a real process against the fake server
// serving the project's scenario (tests/data/api), a real database file, real
// config and owned-music files.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/support/fake_api_server.h"
#include "tests/support/paths.h"

namespace hoard::test {
namespace {

using nlohmann::json;

constexpr const char* kApiKey = "feedcli0SECRET0KEY0123456789";
constexpr const char* kFirstAlbumGroupId = "5f1d2a3b-0000-4000-8000-000000000002";
constexpr const char* kSongsGroupId = "5f1d2a3b-0000-4000-9000-000000001006";

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct ProcessRun {
  int exit_code = -1;
  std::string out, err;
};

class FeedCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Add(ScenarioRoutes());
    WriteConfig(server_.url(), 50.0);
    // Two of the sample hoard's artists, as `hoard feed update --owned` reads them.
    std::ofstream(dir_.path() / "owned.json") << json::array(
        {{{"name", "Åsa Öberg"}, {"mb_artistid", kAsaObergId}, {"track_count", 5},
          {"albums", {{{"title", "Första albumet"}, {"year", 2001}, {"mb_releasegroupid", kFirstAlbumGroupId}},
                      {{"title", "Andra"}, {"year", 2003}}}}},
         {{"name", "Rock & Roll Band"}, {"mb_artistid", kRockAndRollBandId}, {"track_count", 2},
          {"albums", {{{"title", "50% Off #1"}, {"year", 2010}}}}}})
                                                  .dump();
  }

  void WriteConfig(const std::string& base, double rate) {
    std::ofstream(dir_.path() / "config.toml")
        << "[musicbrainz]\nurl = \"" << base << "/ws/2\"\ncontact = \"cli@example.org\"\nrate_limit = " << rate
        << "\n[lastfm]\nurl = \"" << base << "/2.0/\"\napi_key = \"" << kApiKey
        << "\"\n[http]\ntimeout = \"5s\"\nretries = 1\n[feed]\ntitle = \"My hoard\"\n";
  }

  std::vector<std::string> Common() const {
    return {"--db", (dir_.path() / "catalog.db").string(), "--config", (dir_.path() / "config.toml").string()};
  }

  std::vector<std::string> Update() const {
    std::vector<std::string> args = {"feed", "update"};
    for (const auto& a : Common()) args.push_back(a);
    args.push_back("--owned");
    args.push_back((dir_.path() / "owned.json").string());
    return args;
  }

  std::vector<std::string> Cmd(std::vector<std::string> args) const {
    for (const auto& a : Common()) args.push_back(a);
    return args;
  }

  // Starts hoard; stdout/stderr go to files in the temp dir.
  pid_t Start(const std::vector<std::string>& args) {
    const std::string exe = Executable("hoard").string();
    const std::string out = (dir_.path() / "stdout").string(), err = (dir_.path() / "stderr").string();
    std::vector<std::string> env_strings = {"HOME=" + dir_.path().string(), "PATH=/usr/bin:/bin", "LANG=C.UTF-8"};
    std::vector<char*> argv = {const_cast<char*>(exe.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
      const int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      const int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      dup2(o, 1);
      dup2(e, 2);
      const int null_in = open("/dev/null", O_RDONLY);
      dup2(null_in, 0);
      execve(argv[0], argv.data(), envp.data());
      _exit(127);
    }
    return pid;
  }

  ProcessRun Finish(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    ProcessRun r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = Slurp(dir_.path() / "stdout");
    r.err = Slurp(dir_.path() / "stderr");
    all_output_ += r.out + r.err;
    return r;
  }

  ProcessRun Hoard(const std::vector<std::string>& args) { return Finish(Start(args)); }

  FakeApiServer server_;
  TempDir dir_;
  std::string all_output_;
};

TEST_F(FeedCliTest, UpdateThenListAsJsonAndFeedsWithoutTheApiKeyAnywhere) {
  const ProcessRun update = Hoard(Update());
  ASSERT_EQ(update.exit_code, 0) << update.err;
  EXPECT_NE(update.out.find("2 artists: 2 checked, 0 skipped, 0 unresolved, 0 failed; 4 new releases"),
            std::string::npos)
      << update.out;
  EXPECT_EQ(update.err.find("\r"), std::string::npos) << "no progress bar without a terminal";

  const ProcessRun list = Hoard(Cmd({"feed", "list", "--json"}));
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const json releases = json::parse(list.out, nullptr, false);
  ASSERT_TRUE(releases.is_array()) << list.out;
  ASSERT_EQ(releases.size(), 4u);
  bool saw_songs = false;
  for (const auto& r : releases) {
    for (const char* field : {"artist", "title", "type", "secondary_types", "date", "year", "undated", "mbid", "url",
                              "discovered", "description"}) {
      EXPECT_TRUE(r.contains(field)) << field;
    }
    if (r["title"] == "Sånger från skärgården") {
      saw_songs = true;
      EXPECT_EQ(r["artist"], "Åsa Öberg");
      EXPECT_EQ(r["type"], "Album");
      EXPECT_EQ(r["date"], "2008-05");
      EXPECT_EQ(r["year"], 2008);
      EXPECT_EQ(r["undated"], false);
      EXPECT_EQ(r["mbid"], kSongsGroupId);
      EXPECT_EQ(r["url"], std::string("https://musicbrainz.org/release-group/") + kSongsGroupId);
      EXPECT_EQ(r["listeners"], 1234);
      EXPECT_TRUE(r["description"].get<std::string>().starts_with("Sånger från skärgården is")) << r["description"];
      EXPECT_EQ(r["discovered"].get<std::string>().size(), 20u);  // 2026-11-25T20:31:00Z
    }
    if (r["title"] == "Vinterljus") {
      EXPECT_TRUE(r["date"].is_null()) << r["date"];  // MusicBrainz gave none
      EXPECT_EQ(r["year"], 2019);  // from its Last.fm tags
    }
  }
  EXPECT_TRUE(saw_songs);
  EXPECT_EQ(json::parse(Hoard(Cmd({"feed", "list", "--json", "--artist", "rock & roll band"})).out).size(), 1u);
  EXPECT_EQ(json::parse(Hoard(Cmd({"feed", "list", "--json", "--since", "2999-01-01"})).out).size(), 0u);
  EXPECT_EQ(json::parse(Hoard(Cmd({"feed", "list", "--json", "--type", "EP"})).out).size(), 0u);
  const ProcessRun plain = Hoard(Cmd({"feed", "list"}));
  EXPECT_NE(plain.out.find("Åsa Öberg \u2013 Sånger från skärgården (2008, Album)"), std::string::npos) << plain.out;
  EXPECT_NE(plain.out.find("Rock & Roll Band \u2013 100% Off (2016, Album)"), std::string::npos) << plain.out;

  const auto atom = dir_.path() / "www/hoard.atom";
  std::filesystem::create_directories(atom.parent_path());
  ASSERT_EQ(Hoard(Cmd({"feed", "atom", "-o", atom.string(), "--limit", "2"})).exit_code, 0);
  const std::string atom_text = Slurp(atom);
  EXPECT_NE(atom_text.find("<title>My hoard</title>"), std::string::npos);
  EXPECT_NE(atom_text.find("<link rel=\"self\" href=\"file://" + atom.string() + "\""), std::string::npos);
  EXPECT_EQ(std::count(atom_text.begin(), atom_text.end(), '\n') > 5, true);
  size_t entries = 0;
  for (size_t at = 0; (at = atom_text.find("<entry>", at)) != std::string::npos; ++at) ++entries;
  EXPECT_EQ(entries, 2u);
  const ProcessRun rss = Hoard(Cmd({"feed", "rss"}));
  ASSERT_EQ(rss.exit_code, 0);
  EXPECT_NE(rss.out.find("<rss version=\"2.0\""), std::string::npos);
  EXPECT_NE(rss.out.find("100% Off"), std::string::npos);

  for (const std::string& text : {all_output_, atom_text, Slurp(dir_.path() / "catalog.db")}) {
    EXPECT_EQ(text.find(kApiKey), std::string::npos);
  }
  EXPECT_EQ(server_.RequestsTo("/2.0/").size(), 4u);  // it was used, though: once per new release
}

TEST_F(FeedCliTest, KilledMidwayThenResumed) {
  server_.Add(BrowseRoute(kRockAndRollBandId, 0, {200, "{}", {}, std::chrono::seconds(60)}));
  const pid_t pid = Start(Update());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (server_.RequestsTo("/ws/2/release-group").size() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(server_.RequestsTo("/ws/2/release-group").size(), 2u);
  kill(pid, SIGKILL);
  EXPECT_EQ(Finish(pid).exit_code, 128 + SIGKILL);

  // Åsa Öberg was committed before the kill.
  const json before = json::parse(Hoard(Cmd({"feed", "list", "--json"})).out);
  EXPECT_EQ(before.size(), 3u);

  server_.Add(BrowseRoute(kRockAndRollBandId, 0, FixtureReply("musicbrainz/release-groups-rock-and-roll-band.json")));
  server_.ClearLog();
  const ProcessRun resumed = Hoard(Update());
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  const auto requests = server_.RequestsTo("/ws/2/");
  ASSERT_EQ(requests.size(), 1u) << "only the unfinished artist is asked again";
  EXPECT_EQ(requests[0].params.at("artist"), kRockAndRollBandId);
  const json after = json::parse(Hoard(Cmd({"feed", "list", "--json"})).out);
  EXPECT_EQ(after.size(), 4u);
  EXPECT_EQ(server_.RequestsTo("/2.0/").size(), 1u);  // Last.fm, for the one new release
}

TEST_F(FeedCliTest, NothingReachableExitsNonZeroWithOneLine) {
  WriteConfig("http://127.0.0.1:" + std::to_string(ClosedLoopbackPort()), 50.0);
  const ProcessRun r = Hoard(Update());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("hoard: nothing could be reached"), std::string::npos) << r.err;
}

TEST_F(FeedCliTest, QuietPrintsNothingOnSuccess) {
  auto args = Update();
  args.push_back("--quiet");
  const ProcessRun r = Hoard(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST_F(FeedCliTest, UsageErrorsSayWhatIsWrong) {
  const ProcessRun no_catalog = Hoard(Cmd({"feed", "update"}));
  EXPECT_EQ(no_catalog.exit_code, 1);
  EXPECT_NE(no_catalog.err.find("hoard index"), std::string::npos) << no_catalog.err;
  const ProcessRun since = Hoard(Cmd({"feed", "list", "--since", "yesterday"}));
  EXPECT_EQ(since.exit_code, 1);
  EXPECT_NE(since.err.find("--since"), std::string::npos);
  std::ofstream(dir_.path() / "config.toml") << "[feed]\nttl = \"forever\"\n";
  const ProcessRun config = Hoard(Update());
  EXPECT_EQ(config.exit_code, 1);
  EXPECT_NE(config.err.find("feed.ttl"), std::string::npos);
}

}  // namespace
}  // namespace hoard::test
