// The fake web API fixture itself: it replays the recorded files by path and
// query, scripts faults, and logs what it saw.
#include "tests/support/fake_api_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <optional>
#include <thread>

namespace hoard::test {
namespace {

TEST(FakeApiServer, ReplaysRecordedResponsesByPathAndQuery) {
  FakeApiServer server;
  server.AddRecordedRoutes();
  httplib::Client client("127.0.0.1", server.port());
  client.set_default_headers({{"User-Agent", "fixture-test/1"}});
  auto search = client.Get("/ws/2/artist?query=artist%3A%22Manowar%22&fmt=json");
  ASSERT_TRUE(search);
  EXPECT_EQ(search->status, 200);
  EXPECT_EQ(search->body, ReadFixture("musicbrainz/artist-search-manowar.json"));
  auto lastfm = client.Get("/2.0/?method=album.getinfo&artist=Legi%C3%A3o%20Urbana&album=Dois&format=json");
  ASSERT_TRUE(lastfm);
  EXPECT_EQ(lastfm->body, ReadFixture("lastfm/album-getinfo-legiao-urbana-dois.json"));
  // The more specific route (lang=en) wins when its parameter is present.
  auto english = client.Get("/2.0/?method=album.getinfo&artist=Legi%C3%A3o%20Urbana&album=Dois&lang=en");
  ASSERT_TRUE(english);
  EXPECT_EQ(english->body, ReadFixture("lastfm/album-getinfo-legiao-urbana-dois-lang-en.json"));
  auto fallback = client.Get("/2.0/?method=album.getinfo&artist=X&album=Y");
  ASSERT_TRUE(fallback);
  EXPECT_EQ(fallback->body, ReadFixture("lastfm/error-6-album-not-found.json"));

  const auto log = server.Requests();
  ASSERT_EQ(log.size(), 4u);
  EXPECT_EQ(log[0].path, "/ws/2/artist");
  EXPECT_EQ(log[0].params.at("query"), "artist:\"Manowar\"");
  EXPECT_EQ(log[0].user_agent, "fixture-test/1");
  EXPECT_TRUE(log[0].matched);
  EXPECT_EQ(server.RequestsTo("/2.0/").size(), 3u);
}

TEST(FakeApiServer, UnmatchedRequestsGet404AndAreLoggedAsSuch) {
  FakeApiServer server;
  server.AddRecordedRoutes();
  httplib::Client client("127.0.0.1", server.port());
  auto r = client.Get("/ws/2/artist?query=artist%3A%22Nobody%20Known%22");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_NE(r->body.find("Not Found"), std::string::npos);
  EXPECT_FALSE(server.Requests().at(0).matched);
}

TEST(FakeApiServer, ScriptedSequenceLastReplyRepeats) {
  FakeApiServer server;
  server.Add({"/x", {}, {RateLimitedReply(7), {200, "{}", {}, {}}}});
  httplib::Client client("127.0.0.1", server.port());
  auto first = client.Get("/x");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 503);
  EXPECT_EQ(first->get_header_value("Retry-After"), "7");
  EXPECT_NE(first->body.find("exceeding the allowable rate limit"), std::string::npos);
  for (int i = 0; i < 2; ++i) {
    auto next = client.Get("/x");
    ASSERT_TRUE(next);
    EXPECT_EQ(next->status, 200);
  }
}

TEST(FakeApiServer, MalformedBodiesAndSlowReplies) {
  FakeApiServer server;
  server.Add({"/bad", {}, {{200, "{\"artists\": [", {}, {}}}});
  server.Add({"/slow", {}, {{200, "late", {}, std::chrono::milliseconds(400)}}});
  httplib::Client client("127.0.0.1", server.port());
  EXPECT_EQ(client.Get("/bad")->body, "{\"artists\": [");
  const auto start = std::chrono::steady_clock::now();
  auto slow = client.Get("/slow");
  ASSERT_TRUE(slow);
  EXPECT_EQ(slow->body, "late");
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(400));
}

TEST(FakeApiServer, StopsPromptlyEvenDuringASlowReply) {
  const auto start = std::chrono::steady_clock::now();
  {
    std::optional<FakeApiServer> server;
    server.emplace();
    server->Add({"/slow", {}, {{200, "late", {}, std::chrono::seconds(60)}}});
    const int port = server->port();
    std::thread caller([port] {
      httplib::Client client("127.0.0.1", port);
      client.set_read_timeout(30, 0);
      client.Get("/slow");
    });
    while (server->Requests().empty()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    // Destroying the server while the reply waits must not wait 60 s.
    server.reset();
    caller.join();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(FakeApiServer, ClosedPortRefusesConnections) {
  const int port = ClosedLoopbackPort();
  ASSERT_GT(port, 0);
  httplib::Client client("127.0.0.1", port);
  auto r = client.Get("/");
  EXPECT_FALSE(r);
  EXPECT_EQ(r.error(), httplib::Error::Connection);
}

}  // namespace
}  // namespace hoard::test
