// `hoard serve` as a user runs it: a real process on an ephemeral loopback
// port, whose API and feeds must answer byte for byte what the matching
// `hoard` commands print, logging one line per request and stopping cleanly
// on SIGTERM.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
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
  int StartServer() {
    server_pid_ = StartProcess({Executable("hoard").string(), "serve", "--db", db_.string(), "--listen",
                                "127.0.0.1:0"},
                               dir_.path(), "serve");
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

  std::string Cli(std::vector<std::string> args) {
    args.insert(args.begin(), Executable("hoard").string());
    args.push_back("--db");
    args.push_back(db_.string());
    ProcessResult r = WaitProcess(StartProcess(args, dir_.path(), "cli"), dir_.path(), "cli", 60);
    EXPECT_EQ(r.exit_code, 0) << args[1] << ": " << r.err;
    return r.out;
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
