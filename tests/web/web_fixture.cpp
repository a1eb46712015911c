#include "tests/web/web_fixture.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <utility>

#include "catalog/catalog_db.h"
#include "catalog/catalog_store.h"
#include "feed/feed_store.h"
#include "tests/support/sample_records.h"

namespace hoard::test {

void FillSampleDatabase(const std::filesystem::path& db_path) {
  {
    auto db = catalog::OpenCatalogForWrite(db_path.string());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    auto store = catalog::CatalogStore::Create(**db);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*db)->Begin().ok());
    for (catalog::Track t : {SampleTrack(kEvilArtist, kEvilTitle, 2019, 1, "Track <b>one</b>", 61'000),
                             SampleTrack("Björk", "Homogenic", 1997, 1, "Hunter", 255'000),
                             SampleTrack("Björk", "Homogenic", 1997, 2, "Jóga", 305'000),
                             SampleTrack(kAmpArtist, "Rock & Roll", 2001, 1, "Go", 100'000)}) {
      ASSERT_TRUE((*store)->PutTrack(t).ok());
    }
    ASSERT_TRUE((*db)->Commit().ok());
  }
  auto feed = feed::FeedStore::Open(db_path.string());
  ASSERT_TRUE(feed.ok()) << feed.status().ToString();
  const std::vector<feed::StoredRelease> releases = {
      SampleRelease(kEvilId, kEvilArtist, kEvilTitle, "Album", "2024-03-01", 2024, 100,
              "<a href=\"https://www.last.fm/x\">Read more</a> on Last.fm &amp; elsewhere"),
      SampleRelease(kFossoraId, "Björk", "Fossora", "Album", "2022-09-30", 2022, 200, "Mushrooms."),
      SampleRelease(kPowerUpId, kAmpArtist, "Power Up", "EP", "2020-11-13", 2020, 300, ""),
      SampleRelease(kAsaId, "Åsa Larsson", "Sånger från skogen", "Album", "2021", 2021, 400, "Swedish songs"),
      SampleRelease(kUndatedId, "Björk", "Undated Thing", "Single", "", 0, 500, "")};
  for (feed::StoredRelease r : releases) {
    if (r.mbid == kAsaId) r.secondary_types = {"Live"};
    feed::ArtistOutcome outcome;
    outcome.resolution.name_key = "key-" + r.mbid;
    outcome.resolution.name = r.artist;
    outcome.resolution.mbid = r.artist_mbid;
    outcome.resolution.status = "resolved";
    outcome.verdicts = {{r.mbid, feed::Verdict::kNew}};
    outcome.releases = {r};
    ASSERT_TRUE((*feed)->CommitArtist(outcome).ok());
  }
}

ServedDatabase::ServedDatabase(feed::FeedConfig config) : db_path_(dir_.path() / "catalog.db") {
  FillSampleDatabase(db_path_);
  auto state = web::WebState::Open(db_path_.string(), std::move(config));
  if (!state.ok()) {
    ADD_FAILURE() << state.status().ToString();
    return;
  }
  state_ = std::move(*state);
  server_ = std::make_unique<web::WebServer>(*state_);
  const Status bound = server_->Bind("127.0.0.1", 0);
  if (!bound.ok()) {
    ADD_FAILURE() << bound.ToString();
    return;
  }
  thread_ = std::thread([this] { (void)server_->Run(); });
}

ServedDatabase::~ServedDatabase() {
  if (server_) server_->Stop();
  if (thread_.joinable()) thread_.join();
}

std::string ServedDatabase::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port()) + path;
}

pid_t StartProcess(const std::vector<std::string>& argv, const std::filesystem::path& dir, const std::string& tag) {
  const std::string out = (dir / (tag + ".out")).string(), err = (dir / (tag + ".err")).string();
  const std::string home = "HOME=" + dir.string();
  // Everything the child needs is built before fork: the server's threads
  // may hold the allocator's lock, so the child only calls async-signal-safe
  // functions.
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  char* env[] = {const_cast<char*>(home.c_str()), const_cast<char*>("PATH=/usr/bin:/bin"),
                 const_cast<char*>("LANG=C.UTF-8"), nullptr};
  const pid_t pid = fork();
  if (pid == 0) {
    const int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int null_fd = open("/dev/null", O_RDONLY);
    if (out_fd < 0 || err_fd < 0 || null_fd < 0) _exit(126);
    dup2(null_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    execve(args[0], args.data(), env);
    _exit(127);
  }
  return pid;
}

ProcessResult WaitProcess(pid_t pid, const std::filesystem::path& dir, const std::string& tag, int timeout_s) {
  ProcessResult result;
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  pid_t done = 0;
  while ((done = waitpid(pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline) {
    usleep(20'000);
  }
  if (done == 0) {
    ADD_FAILURE() << tag << " did not finish within " << timeout_s << " s; killed";
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = ReadFile(dir / (tag + ".out"));
  result.err = ReadFile(dir / (tag + ".err"));
  return result;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string CsrfTokenIn(const std::string& page) {
  std::smatch m;
  static const std::regex token(R"re(name="csrf" value="([0-9a-f]{64})")re");
  return std::regex_search(page, m, token) ? m[1].str() : "";
}

}  // namespace hoard::test
