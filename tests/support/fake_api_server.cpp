// cpp-httplib in-process rather than a Python http.server child: the log and
// the route table are plain C++ objects the test inspects directly, with no
// file or pipe protocol between the two and no process to reap.
#include "tests/support/fake_api_server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/paths.h"

namespace hoard::test {
namespace {

constexpr const char* kMusicBrainz = "/ws/2/";

FakeRoute Search(const std::string& name, const std::string& file) {
  return {std::string(kMusicBrainz) + "artist", {{"query", "artist:\"" + name + "\""}},
          {FixtureReply("musicbrainz/" + file)}};
}

FakeRoute Browse(const std::string& artist_id, int offset, FakeReply reply) {
  return {std::string(kMusicBrainz) + "release-group",
          {{"artist", artist_id}, {"offset", std::to_string(offset)}},
          {std::move(reply)}};
}

// An artist lookup with inc=release-groups, re-shaped as the browse answer.
FakeReply BrowseFromLookup(const std::string& file) {
  const auto lookup = nlohmann::json::parse(ReadFixture("musicbrainz/" + file));
  nlohmann::json browse = {{"release-group-count", lookup["release-groups"].size()},
                           {"release-group-offset", 0},
                           {"release-groups", lookup["release-groups"]}};
  return {200, browse.dump(), {}, {}};
}

FakeRoute Lastfm(std::map<std::string, std::string> params, const std::string& file) {
  return {"/2.0/", std::move(params), {FixtureReply("lastfm/" + file)}};
}

}  // namespace

std::string ReadFixture(const std::string& relative) {
  const auto path = SharedPath("fixtures/" + relative);
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

FakeReply FixtureReply(const std::string& relative) { return {200, ReadFixture(relative), {}, {}}; }

FakeReply RateLimitedReply(int retry_after_seconds) {
  return {503,
          R"({"error": "Your requests are exceeding the allowable rate limit. Please see )"
          R"(http://wiki.musicbrainz.org/XMLWebService for more information."})",
          {{"Retry-After", std::to_string(retry_after_seconds)}},
          {}};
}

// The mapping table: which recorded file answers which request.
std::vector<FakeRoute> RecordedRoutes() {
  return {
      Search("Bob Dylan", "artist-search-bob-dylan.json"),
      Search("Fred", "artist-search-fred-type-group-country-us.json"),
      Search("Solstice", "artist-search-solstice-page1-of-48.json"),
      Search("Manowar", "artist-search-manowar.json"),
      Search("Fleetwood Mac", "artist-search-fleetwood-mac.json"),
      Search("Nobody At All", "artist-search-empty-result.json"),
      Browse(kBritneyId, 0, FixtureReply("musicbrainz/release-groups-britney-spears-page1-limit10.json")),
      Browse(kJayChouId, 0, FixtureReply("musicbrainz/release-groups-jay-chou-29-single-page.json")),
      Browse(kPerkeleId, 0, BrowseFromLookup("artist-lookup-perkele-inc-release-groups.json")),
      Browse(kTombsId, 0, BrowseFromLookup("artist-lookup-tombs-inc-release-groups.json")),
      // Last.fm: unknown albums fall through to the generic "not found".
      Lastfm({{"method", "album.getinfo"}}, "error-6-album-not-found.json"),
      Lastfm({{"method", "album.getinfo"}, {"artist", "Cher"}, {"album", "Believe"}},
             "album-getinfo-cher-believe.json"),
      Lastfm({{"method", "album.getinfo"}, {"artist", "Legião Urbana"}, {"album", "Dois"}},
             "album-getinfo-legiao-urbana-dois.json"),
      Lastfm({{"method", "album.getinfo"}, {"artist", "Legião Urbana"}, {"album", "Dois"}, {"lang", "en"}},
             "album-getinfo-legiao-urbana-dois-lang-en.json"),
      Lastfm({{"method", "album.getinfo"},
              {"artist", "The Jesus and Mary Chain"},
              {"album", "The Definitive Less Damage And More Joy"}},
             "album-getinfo-jesus-and-mary-chain-definitive-no-tracks-no-wiki.json"),
      Lastfm({{"method", "album.getinfo"}, {"artist", "Madonna"}, {"album", "Ray of Light"}},
             "album-getinfo-madonna-ray-of-light-legacy-releasedate.json"),
      Lastfm({{"method", "artist.gettopalbums"}}, "artist-gettopalbums-error-6-artist-not-found.json"),
      Lastfm({{"method", "artist.gettopalbums"}, {"artist", "Steely Dan"}},
             "artist-gettopalbums-steely-dan.json"),
      Lastfm({{"method", "user.gettopalbums"}}, "user-gettopalbums-crystal-castles-single-item-is-object.json"),
      Lastfm({{"method", "track.scrobble"}}, "error-4-bad-auth.json"),
      Lastfm({{"method", "no.such.method"}}, "error-3-invalid-method.json"),
  };
}

FakeApiServer::FakeApiServer() : server_(std::make_unique<httplib::Server>()) {
  server_->Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
    LoggedRequest logged;
    logged.arrived = std::chrono::steady_clock::now();
    logged.path = req.path;
    logged.target = req.target;
    for (const auto& [key, value] : req.params) logged.params[key] = value;
    logged.user_agent = req.get_header_value("User-Agent");
    const FakeReply reply = Answer(logged);
    if (reply.delay.count() > 0) {
      std::unique_lock lock(mu_);
      stopping_cv_.wait_for(lock, reply.delay, [this] { return stopping_; });
    }
    res.status = reply.status;
    for (const auto& [name, value] : reply.headers) res.set_header(name, value);
    res.set_content(reply.body, "application/json; charset=utf-8");
  });
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) {
    ADD_FAILURE() << "fake API server: cannot bind a loopback port";
    return;
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() is a no-op until the accept loop runs: wait for it, or the
  // destructor of a short test could miss it and join forever.
  for (int i = 0; i < 5000 && !server_->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

FakeApiServer::~FakeApiServer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stopping_cv_.notify_all();
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string FakeApiServer::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void FakeApiServer::Add(FakeRoute route) {
  std::lock_guard lock(mu_);
  slots_.push_back({std::move(route), 0});
}

void FakeApiServer::AddRecordedRoutes() {
  for (FakeRoute& route : RecordedRoutes()) Add(std::move(route));
}

FakeReply FakeApiServer::Answer(LoggedRequest& logged) {
  std::lock_guard lock(mu_);
  Slot* best = nullptr;
  for (Slot& slot : slots_) {
    if (slot.route.path != logged.path) continue;
    bool all = true;
    for (const auto& [key, value] : slot.route.params) {
      const auto it = logged.params.find(key);
      if (it == logged.params.end() || it->second != value) {
        all = false;
        break;
      }
    }
    // The most specific route wins; among equals, the latest added.
    if (all && (best == nullptr || slot.route.params.size() >= best->route.params.size())) best = &slot;
  }
  logged.matched = best != nullptr && !best->route.replies.empty();
  log_.push_back(logged);
  if (!logged.matched) {
    return {404, R"({"error":"Not Found","help":"For usage, please see: https://musicbrainz.org/development/mmd"})", {}, {}};
  }
  const FakeReply reply = best->route.replies[std::min(best->next, best->route.replies.size() - 1)];
  ++best->next;
  return reply;
}

std::vector<LoggedRequest> FakeApiServer::Requests() const {
  std::lock_guard lock(mu_);
  return log_;
}

std::vector<LoggedRequest> FakeApiServer::RequestsTo(const std::string& prefix) const {
  std::vector<LoggedRequest> out;
  for (LoggedRequest& r : Requests()) {
    if (r.path.rfind(prefix, 0) == 0) out.push_back(std::move(r));
  }
  return out;
}

void FakeApiServer::ClearLog() {
  std::lock_guard lock(mu_);
  log_.clear();
}

int ClosedLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  if (fd >= 0) ::close(fd);
  return port;
}

}  // namespace hoard::test
