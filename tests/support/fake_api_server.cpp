// cpp-httplib in-process rather than a Python http.server child: the log and
// the route table are plain C++ objects the test inspects directly, with no
// file or pipe protocol between the two and no process to reap.
#include "tests/support/fake_api_server.h"

#include <httplib.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "tests/support/paths.h"

namespace hoard::test {
namespace {

constexpr const char* kMusicBrainz = "/ws/2/";

FakeRoute MusicBrainzSearch(const std::string& name, const std::string& file) {
  return ArtistSearchRoute(name, FixtureReply("musicbrainz/" + file));
}

FakeRoute MusicBrainzBrowse(const std::string& artist_id, int offset, const std::string& file) {
  return BrowseRoute(artist_id, offset, FixtureReply("musicbrainz/" + file));
}

FakeRoute AlbumInfo(const std::string& artist, const std::string& album, const std::string& file) {
  return LastfmRoute({{"method", "album.getinfo"}, {"artist", artist}, {"album", album}},
                     FixtureReply("lastfm/" + file));
}

}  // namespace

std::string ReadFixture(const std::string& relative) {
  return ReadWholeFile(SourceDir() / "tests/data/api" / relative, "the API scenario file");
}

FakeReply FixtureReply(const std::string& relative) { return {200, ReadFixture(relative), {}, {}}; }

FakeReply RateLimitedReply(int retry_after_seconds) {
  return {503,
          R"({"error": "Your requests are exceeding the allowable rate limit. Please see )"
          R"(http://wiki.musicbrainz.org/XMLWebService for more information."})",
          {{"Retry-After", std::to_string(retry_after_seconds)}},
          {}};
}

FakeRoute ArtistSearchRoute(const std::string& name, FakeReply reply) {
  return {std::string(kMusicBrainz) + "artist", {{"query", "artist:\"" + name + "\""}}, {std::move(reply)}};
}

FakeRoute BrowseRoute(const std::string& artist_id, int offset, FakeReply reply) {
  return {std::string(kMusicBrainz) + "release-group",
          {{"artist", artist_id}, {"offset", std::to_string(offset)}},
          {std::move(reply)}};
}

FakeRoute LastfmRoute(std::map<std::string, std::string> params, FakeReply reply) {
  return {"/2.0/", std::move(params), {std::move(reply)}};
}

std::vector<FakeRoute> ScenarioRoutes() {
  return {
      // Searches for the sample hoard's untagged artists, and made-up ones.
      MusicBrainzSearch("Rock \\& Roll Band", "artist-search-rock-and-roll-band.json"),
      MusicBrainzSearch("Spaced Out", "artist-search-spaced-out.json"),
      MusicBrainzSearch("Harbour Lights", "artist-search-harbour-lights-2015-score-as-string.json"),
      MusicBrainzSearch("Nobody At All", "artist-search-empty-result.json"),
      // Every release group of each artist; The Fixtures' take two pages.
      MusicBrainzBrowse(kAsaObergId, 0, "release-groups-asa-oberg.json"),
      MusicBrainzBrowse(kFixturesId, 0, "release-groups-fixtures-page1-of-2.json"),
      MusicBrainzBrowse(kFixturesId, 25, "release-groups-fixtures-page2-of-2.json"),
      MusicBrainzBrowse(kRockAndRollBandId, 0, "release-groups-rock-and-roll-band.json"),
      MusicBrainzBrowse(kSpacedOutDuoId, 0, "release-groups-spaced-out-ambient-duo.json"),
      MusicBrainzBrowse(kSpacedOutQuartetId, 0, "release-groups-spaced-out-jazz-quartet.json"),
      MusicBrainzBrowse(kSpacedOutDutchId, 0, "release-groups-spaced-out-dutch-band.json"),
      MusicBrainzBrowse(kHarbourLightsId, 0, "release-groups-harbour-lights.json"),
      // Last.fm: albums it knows; any other album is "not found" (error 6, HTTP 200).
      LastfmRoute({{"method", "album.getinfo"}}, FixtureReply("lastfm/error-6-album-not-found.json")),
      AlbumInfo("Åsa Öberg", "Sånger från skärgården", "album-getinfo-asa-oberg-sanger-fran-skargarden.json"),
      AlbumInfo("Åsa Öberg", "Vinterljus", "album-getinfo-asa-oberg-vinterljus-no-wiki-year-tag.json"),
      AlbumInfo("The Fixtures", "Tag Cloud", "album-getinfo-fixtures-tag-cloud-no-tracks-no-wiki.json"),
      AlbumInfo("Rock & Roll Band", "100% Off", "album-getinfo-rock-and-roll-band-100-off-single-objects.json"),
      AlbumInfo("Spaced Out", "Second Orbit", "album-getinfo-spaced-out-second-orbit-2014-legacy-releasedate.json"),
      LastfmRoute({{"method", "auth.getsession"}}, FixtureReply("lastfm/error-4-bad-auth.json")),
      LastfmRoute({{"method", "no.such.method"}}, FixtureReply("lastfm/error-3-invalid-method.json")),
  };
}

bool HeaderNameLess::operator()(const std::string& a, const std::string& b) const {
  return strcasecmp(a.c_str(), b.c_str()) < 0;
}

FakeApiServer::FakeApiServer()
    : server_(std::make_unique<httplib::Server>()),
      not_found_body_(ReadFixture("musicbrainz/error-404-not-found.json")) {
  const auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    LoggedRequest logged;
    logged.arrived = std::chrono::steady_clock::now();
    logged.method = req.method;
    logged.path = req.path;
    logged.target = req.target;
    for (const auto& [key, value] : req.params) logged.params[key] = value;
    logged.user_agent = req.get_header_value("User-Agent");
    for (const auto& [name, value] : req.headers) {
      const auto [it, fresh] = logged.headers.emplace(name, value);
      if (!fresh) it->second += ", " + value;
    }
    logged.body = req.body;
    const FakeReply reply = Answer(logged);
    if (reply.delay.count() > 0) {
      std::unique_lock lock(mu_);
      stopping_cv_.wait_for(lock, reply.delay, [this] { return stopping_; });
    }
    res.status = reply.status;
    bool encoded = false;
    for (const auto& [name, value] : reply.headers) {
      res.set_header(name, value);
      encoded = encoded || strcasecmp(name.c_str(), "Content-Encoding") == 0;
    }
    // httplib compresses text and JSON bodies itself for a client that
    // accepts gzip; it leaves application/octet-stream alone, so a body
    // that is already encoded goes out as it is.
    res.set_content(reply.body, encoded ? "application/octet-stream" : "application/json; charset=utf-8");
  };
  server_->Get(".*", handler);
  server_->Post(".*", handler);
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("fake API server: cannot bind a loopback port");
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

void FakeApiServer::Add(std::vector<FakeRoute> routes) {
  for (FakeRoute& route : routes) Add(std::move(route));
}

FakeReply FakeApiServer::Answer(LoggedRequest& logged) {
  std::lock_guard lock(mu_);
  Slot* best = nullptr;
  // httplib answers HEAD with the GET handler, as a GET route always did.
  const std::string method = logged.method == "HEAD" ? "GET" : logged.method;
  for (Slot& slot : slots_) {
    if (slot.route.path != logged.path || slot.route.method != method) continue;
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
    return {404, not_found_body_, {}, {}};
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
