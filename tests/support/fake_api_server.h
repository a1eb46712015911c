// A fake MusicBrainz / Last.fm web service on 127.0.0.1 for tests.
//
// It replays the real recorded responses in ../shared/fixtures, chosen by
// request path plus query parameters (a route table: RecordedRoutes() is the
// standard one; tests add their own, e.g. pages assembled from the recorded
// files). Each route answers with a scripted sequence of replies, the last
// repeating, so "503 with Retry-After, then the real body" is one route.
// Replies can be slow (delay), malformed (any body), any status. Every request
// is logged with its arrival time and User-Agent so tests can assert counts,
// spacing and headers. Unmatched requests get 404 with MusicBrainz's error
// body and are logged as unmatched.
//
// The server runs in a background thread from construction to destruction;
// the destructor interrupts slow replies, so a test never waits for them.
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

// The text of ../shared/fixtures/<relative>.
std::string ReadFixture(const std::string& relative);

struct FakeReply {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};
};

// 200 with the fixture's body.
FakeReply FixtureReply(const std::string& relative);
// MusicBrainz's over-rate answer: 503, its JSON error body, Retry-After.
FakeReply RateLimitedReply(int retry_after_seconds);

struct FakeRoute {
  std::string path;
  std::map<std::string, std::string> params;  // each must be present, decoded, equal
  std::vector<FakeReply> replies;
};

struct LoggedRequest {
  std::chrono::steady_clock::time_point arrived;
  std::string path;
  std::string target;  // path and raw query, as sent
  std::map<std::string, std::string> params;
  std::string user_agent;
  bool matched = false;
};

// Ids under which RecordedRoutes() serves the recorded browse pages.
inline constexpr const char* kBritneyId = "45a663b5-b1cb-4a91-bff6-2bef7bbfdd76";
// The Jay Chou page was recorded without its artist id; this one is made up.
inline constexpr const char* kJayChouId = "00000000-0000-4000-8000-00000000a029";
inline constexpr const char* kPerkeleId = "9d62c5a5-a94f-4e22-b40f-e3f394191b3f";
inline constexpr const char* kTombsId = "8b2cccef-ad8b-4029-911e-14157e4cd5ae";

// The standard mapping of requests to recorded responses (see the .cpp).
std::vector<FakeRoute> RecordedRoutes();

class FakeApiServer {
 public:
  FakeApiServer();
  ~FakeApiServer();
  FakeApiServer(const FakeApiServer&) = delete;
  FakeApiServer& operator=(const FakeApiServer&) = delete;

  int port() const { return port_; }
  // "http://127.0.0.1:PORT"
  std::string url() const;

  // Later routes win over earlier ones with the same path and parameters.
  void Add(FakeRoute route);
  void AddRecordedRoutes();

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
  mutable std::mutex mu_;
  std::condition_variable stopping_cv_;
  bool stopping_ = false;
  std::vector<Slot> slots_;
  std::vector<LoggedRequest> log_;
};

// A loopback port nothing listens on (bound, then closed): connection refused.
int ClosedLoopbackPort();

}  // namespace hoard::test
