// A fake MusicBrainz / Last.fm web service on 127.0.0.1 for tests and the
// demo, and a fake push target (ntfy, Gotify, a webhook) for the notifier's.
//
// It answers from a route table: request method (GET unless the route says
// POST), path plus query parameters, each route with a scripted sequence of
// replies, the last repeating, so "503 with Retry-After, then the real body"
// is one route. ScenarioRoutes() is the project's own scenario, the files
// under tests/data/api (see its README.md): the sample hoard's artists and a
// few made-up ones, in the shapes the real services answer. Tests add their
// own routes on top. Replies can be slow (delay), malformed (any body), any
// status. Every request is logged with its arrival time, method, headers
// (User-Agent also on its own) and body so tests can assert counts, spacing,
// headers and what was POSTed. Unmatched requests (a POST to a GET route
// too) get 404 with MusicBrainz's error body and are logged as unmatched. A
// reply whose headers name a Content-Encoding carries a body already encoded
// (a gzip bomb, say) and is sent byte for byte.
//
// The server runs in a background thread from construction to destruction;
// the destructor interrupts slow replies, so a test never waits for them.
// Construction throws std::runtime_error when no loopback port can be bound
// or the scenario's 404 body cannot be read.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace httplib {
class Server;
}

namespace hoard::test {

// The text of tests/data/api/<relative>; throws std::runtime_error naming the
// file when it cannot be read.
std::string ReadFixture(const std::string& relative);

struct FakeReply {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};
};

// 200 with the body of tests/data/api/<relative>.
FakeReply FixtureReply(const std::string& relative);
// MusicBrainz's over-rate answer: 503, its JSON error body, Retry-After.
FakeReply RateLimitedReply(int retry_after_seconds);

struct FakeRoute {
  std::string path;
  std::map<std::string, std::string> params;  // each must be present, decoded, equal
  std::vector<FakeReply> replies;
  std::string method = "GET";  // "GET" or "POST": the one it answers
};

// Header names compare without ASCII case, as HTTP has them.
struct HeaderNameLess {
  bool operator()(const std::string& a, const std::string& b) const;
};

// /ws/2/artist?query=artist:"<name>", `name` as hoard sends it (Lucene-escaped:
// "Rock \& Roll Band").
FakeRoute ArtistSearchRoute(const std::string& name, FakeReply reply);
// /ws/2/release-group?artist=<id>&offset=<offset>
FakeRoute BrowseRoute(const std::string& artist_id, int offset, FakeReply reply);
// /2.0/ with these parameters, e.g. {{"method", "album.getinfo"}, {"artist", ...}}.
FakeRoute LastfmRoute(std::map<std::string, std::string> params, FakeReply reply);

struct LoggedRequest {
  std::chrono::steady_clock::time_point arrived;
  std::string method;  // "GET", "POST"
  std::string path;
  std::string target;  // path and raw query, as sent
  std::map<std::string, std::string> params;
  std::string user_agent;
  // Every request header as received (repeated ones joined with ", "; httplib
  // drops one with an empty value).
  std::map<std::string, std::string, HeaderNameLess> headers;
  std::string body;
  bool matched = false;
};

// MusicBrainz artist ids of the scenario. The sample hoard's files carry the
// first two (tests/support/make_sample_hoard.py); the others are found by search.
inline constexpr const char* kAsaObergId = "5f1d2a3b-0000-4000-8000-000000000001";
inline constexpr const char* kFixturesId = "5f1d2a3b-0000-4000-8000-000000000011";
inline constexpr const char* kRockAndRollBandId = "5f1d2a3b-0000-4000-8000-000000000021";
// Three artists named "Spaced Out"; the sample hoard's "Space Album" is the duo's.
inline constexpr const char* kSpacedOutDuoId = "5f1d2a3b-0000-4000-8000-000000000031";
inline constexpr const char* kSpacedOutQuartetId = "5f1d2a3b-0000-4000-8000-000000000032";
inline constexpr const char* kSpacedOutDutchId = "5f1d2a3b-0000-4000-8000-000000000033";
// Made up, not in the sample hoard: found by a 2015-style search (string scores).
inline constexpr const char* kHarbourLightsId = "5f1d2a3b-0000-4000-8000-000000000041";

// The scenario's mapping of requests to files (see the .cpp and tests/data/api/README.md).
std::vector<FakeRoute> ScenarioRoutes();

class FakeApiServer {
 public:
  FakeApiServer();
  ~FakeApiServer();
  FakeApiServer(const FakeApiServer&) = delete;
  FakeApiServer& operator=(const FakeApiServer&) = delete;

  int port() const { return port_; }
  // "http://127.0.0.1:PORT"
  std::string url() const;

  // The most specific matching route of the request's method answers (most
  // parameters); among equals, the latest added.
  void Add(FakeRoute route);
  void Add(std::vector<FakeRoute> routes);

  std::vector<LoggedRequest> Requests() const;
  // Requests whose path starts with `prefix`.
  std::vector<LoggedRequest> RequestsTo(const std::string& prefix) const;
  void ClearLog();

 private:
  struct Slot {
    FakeRoute route;
    size_t next = 0;
  };
  FakeReply Answer(LoggedRequest& logged);

  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  const std::string not_found_body_;
  mutable std::mutex mu_;
  std::condition_variable stopping_cv_;
  bool stopping_ = false;
  std::vector<Slot> slots_;
  std::vector<LoggedRequest> log_;
};

// A loopback port nothing listens on (bound, then closed): connection refused.
int ClosedLoopbackPort();

}  // namespace hoard::test
