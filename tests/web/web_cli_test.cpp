// `hoard serve` as a user runs it: a real process on an ephemeral loopback
// port, whose API and feeds must answer byte for byte what the matching
// `hoard` commands print, logging one line per request and stopping cleanly
// on SIGTERM.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "tests/web/web_fixture.h"

namespace hoard::test {
namespace {

class ServeCliTest : public ::testing::Test {
 protected:
  void SetUp() override { FillSampleDatabase(db_); }
  void TearDown() override {
    if (server_pid_ > 0) {
      kill(server_pid_, SIGKILL);
      WaitProcess(server_pid_, dir_.path(), "serve", 10);
    }
  }

  // Starts `hoard serve` and returns its port, read from its banner.
  int StartServer(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {Executable("hoard").string(), "serve", "--db", db_.string(), "--listen",
                                     "127.0.0.1:0"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    server_pid_ = StartProcess(argv, dir_.path(), "serve");
    const std::regex banner(R"(http://127\.0\.0\.1:(\d+)/)");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      std::smatch m;
      const std::string err = ReadFile(dir_.path() / "serve.err");
      if (std::regex_search(err, m, banner)) return std::stoi(m[1]);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "no banner from hoard serve: " << ReadFile(dir_.path() / "serve.err");
    return 0;
  }

  ProcessResult RunCli(std::vector<std::string> args) {
    args.insert(args.begin(), Executable("hoard").string());
    args.push_back("--db");
    args.push_back(db_.string());
    return WaitProcess(StartProcess(args, dir_.path(), "cli"), dir_.path(), "cli", 60);
  }
  std::string Cli(std::vector<std::string> args) {
    const std::string command = args.front();
    ProcessResult r = RunCli(std::move(args));
    EXPECT_EQ(r.exit_code, 0) << command << ": " << r.err;
    return r.out;
  }
  // The release-group ids `hoard feed list --json [extra]` prints.
  std::vector<std::string> ListedIds(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"feed", "list", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<std::string> ids;
    for (const auto& r : nlohmann::json::parse(Cli(args))) ids.push_back(r["mbid"].get<std::string>());
    return ids;
  }

  TempDir dir_;
  std::filesystem::path db_ = dir_.path() / "catalog.db";
  pid_t server_pid_ = -1;
};

TEST_F(ServeCliTest, AnswersWhatTheCommandsPrintAndStopsOnSigterm) {
  const int port = StartServer();
  ASSERT_GT(port, 0);
  httplib::Client client("127.0.0.1", port);
  struct {
    const char* path;
    std::vector<std::string> command;
  } cases[] = {
      {"/api/releases", {"feed", "list", "--json"}},
      {"/api/releases?type=album", {"feed", "list", "--json", "--type", "Album"}},
      {"/api/artists", {"artists", "--json"}},
      {"/api/albums?artist=Bj%C3%B6rk", {"albums", "albumartist:=Björk", "--json"}},
      {"/api/stats", {"stats", "--json"}},
      {"/feed.atom", {"feed", "atom"}},
      {"/feed.rss", {"feed", "rss"}},
  };
  for (const auto& c : cases) {
    auto res = client.Get(c.path);
    ASSERT_TRUE(res) << c.path;
    EXPECT_EQ(res->status, 200) << c.path;
    EXPECT_EQ(res->body, Cli(c.command)) << c.path;
  }
  ASSERT_EQ(kill(server_pid_, SIGTERM), 0);
  ProcessResult r = WaitProcess(server_pid_, dir_.path(), "serve", 20);
  server_pid_ = -1;
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("127.0.0.1 \"GET /api/albums?artist=Bj%C3%B6rk\" 200"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("stopped"), std::string::npos) << r.err;
}

TEST_F(ServeCliTest, AMarkMadeInTheBrowserHidesTheReleaseFromTheCommands) {
  const int port = StartServer();
  ASSERT_GT(port, 0);
  httplib::Client client("127.0.0.1", port);
  auto page = client.Get("/");
  ASSERT_TRUE(page);
  const std::string token = CsrfTokenIn(page->body);
  ASSERT_FALSE(token.empty());
  ASSERT_NE(Cli({"feed", "atom"}).find("Fossora"), std::string::npos);

  auto mark = client.Post("/releases/mark", {{"Origin", "http://127.0.0.1:" + std::to_string(port)}},
                          httplib::Params{{"csrf", token}, {"mbid", kFossoraId}, {"reason", "got-it"}});
  ASSERT_TRUE(mark);
  ASSERT_EQ(mark->status, 303) << mark->body;

  const std::vector<std::string> listed = ListedIds();
  EXPECT_EQ(std::find(listed.begin(), listed.end(), kFossoraId), listed.end());
  EXPECT_EQ(listed.size(), 4u);
  EXPECT_EQ(ListedIds({"--dismissed"}), std::vector<std::string>{kFossoraId});
  for (const char* format : {"atom", "rss"}) {
    const std::string feed = Cli({"feed", format});
    EXPECT_EQ(feed.find("Fossora"), std::string::npos) << format;
    EXPECT_NE(feed.find("Power Up"), std::string::npos) << format;
  }
  EXPECT_EQ(Cli({"feed", "list"}).find("Fossora"), std::string::npos);
}

TEST_F(ServeCliTest, AMarkMadeOnTheCommandLineHidesTheReleaseFromTheServerUntilTakenBack) {
  const int port = StartServer();
  ASSERT_GT(port, 0);
  httplib::Client client("127.0.0.1", port);
  auto api_ids = [&client] {
    std::vector<std::string> ids;
    auto res = client.Get("/api/releases");
    EXPECT_TRUE(res && res->status == 200);
    if (res) {
      for (const auto& r : nlohmann::json::parse(res->body)) ids.push_back(r["mbid"].get<std::string>());
    }
    return ids;
  };
  const std::vector<std::string> before = api_ids();
  ASSERT_EQ(before.size(), 5u);
  const auto etag = client.Get("/feed.atom")->get_header_value("ETag");

  // The feed's own link to the release works as well as its bare id.
  Cli({"feed", "dismiss", std::string("https://musicbrainz.org/release-group/") + kPowerUpId, kEvilId, "--reason",
       "not-interested"});
  const std::vector<std::string> after = api_ids();
  EXPECT_EQ(after.size(), 3u);
  for (const char* id : {kPowerUpId, kEvilId}) EXPECT_EQ(std::find(after.begin(), after.end(), id), after.end());
  EXPECT_EQ(client.Get("/")->body.find("Power Up"), std::string::npos);
  auto atom = client.Get("/feed.atom", {{"If-None-Match", etag}});
  ASSERT_TRUE(atom);
  EXPECT_EQ(atom->status, 200);
  EXPECT_EQ(atom->body.find("Power Up"), std::string::npos);

  Cli({"feed", "undismiss", kPowerUpId});
  EXPECT_EQ(api_ids().size(), 4u);
  EXPECT_NE(Cli({"feed", "atom"}).find("Power Up"), std::string::npos);

  const ProcessResult bad_reason = RunCli({"feed", "dismiss", kAsaId, "--reason", "meh"});
  EXPECT_EQ(bad_reason.exit_code, 2);
  EXPECT_NE(bad_reason.err.find("--reason"), std::string::npos) << bad_reason.err;
  const ProcessResult unknown = RunCli({"feed", "dismiss", "not-a-release", "--reason", "got-it"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("no release group not-a-release"), std::string::npos) << unknown.err;
  const ProcessResult not_marked = RunCli({"feed", "undismiss", kAsaId});
  EXPECT_EQ(not_marked.exit_code, 1);
  EXPECT_NE(not_marked.err.find("is not marked"), std::string::npos) << not_marked.err;
  EXPECT_EQ(api_ids().size(), 4u);
}

// --allow-host NAME lets NAME in on any port (a reverse proxy's or a
// tunnel's), NAME:PORT on that port only; other names stay out.
TEST_F(ServeCliTest, AllowHostLetsAConfiguredNameIn) {
  const int port = StartServer({"--allow-host", "music.example.org", "--allow-host", "tunnel.example:9000"});
  ASSERT_GT(port, 0);
  httplib::Client client("127.0.0.1", port);
  const std::string own_port = std::to_string(port);
  const struct {
    std::string host;
    int status;
  } cases[] = {{"music.example.org:" + own_port, 200}, {"MUSIC.example.org", 200}, {"music.example.org:443", 200},
               {"tunnel.example:9000", 200},          {"tunnel.example:" + own_port, 421},
               {"attacker.example:" + own_port, 421}, {"example.org:" + own_port, 421},
               {"127.0.0.1:" + own_port, 200}};
  for (const auto& c : cases) {
    auto res = client.Get("/api/stats", {{"Host", c.host}});
    ASSERT_TRUE(res) << c.host;
    EXPECT_EQ(res->status, c.status) << c.host << ": " << res->body;
  }
  // A page served under the allowed name posts back with that origin.
  auto page = client.Get("/", {{"Host", "music.example.org"}});
  ASSERT_TRUE(page);
  const std::string token = CsrfTokenIn(page->body);
  ASSERT_FALSE(token.empty());
  auto mark = client.Post("/releases/mark", {{"Host", "music.example.org"}, {"Origin", "https://music.example.org"}},
                          httplib::Params{{"csrf", token}, {"mbid", kFossoraId}, {"reason", "got-it"}});
  ASSERT_TRUE(mark);
  EXPECT_EQ(mark->status, 303) << mark->body;
  EXPECT_EQ(ListedIds({"--dismissed"}), std::vector<std::string>{kFossoraId});
}

TEST_F(ServeCliTest, RefusesABadAllowedHost) {
  for (const char* name : {"", "music example.org", "host:", "host:http", "host:70000", "::1", "http://host/",
                           "user@host"}) {
    ProcessResult r = WaitProcess(StartProcess({Executable("hoard").string(), "serve", "--db", db_.string(),
                                                "--listen", "127.0.0.1:0", "--allow-host", name},
                                               dir_.path(), "bad"),
                                  dir_.path(), "bad", 30);
    EXPECT_EQ(r.exit_code, 2) << name;
    EXPECT_NE(r.err.find("--allow-host"), std::string::npos) << r.err;
  }
}

TEST_F(ServeCliTest, RefusesABadListenAddress) {
  for (const char* listen : {"8484", "127.0.0.1:99999", "::1:80", "127.0.0.1:http"}) {
    ProcessResult r = WaitProcess(
        StartProcess({Executable("hoard").string(), "serve", "--db", db_.string(), "--listen", listen}, dir_.path(),
                     "bad"),
        dir_.path(), "bad", 30);
    EXPECT_EQ(r.exit_code, 2) << listen;
    EXPECT_NE(r.err.find("--listen"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace hoard::test
