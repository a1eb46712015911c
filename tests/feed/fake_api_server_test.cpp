// The fake web API fixture itself: it serves the project's scenario
// (tests/data/api) by path and query, scripts faults, and logs what it saw.
#include "tests/support/fake_api_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <thread>

#include "tests/support/paths.h"

namespace hoard::test {
namespace {

TEST(FakeApiServer, ServesTheScenarioByPathAndQuery) {
  FakeApiServer server;
  server.Add(ScenarioRoutes());
  httplib::Client client("127.0.0.1", server.port());
  client.set_default_headers({{"User-Agent", "fixture-test/1"}});
  auto search = client.Get("/ws/2/artist?query=artist%3A%22Rock%20%5C%26%20Roll%20Band%22&limit=25&fmt=json");
  ASSERT_TRUE(search);
  EXPECT_EQ(search->status, 200);
  EXPECT_EQ(search->body, ReadFixture("musicbrainz/artist-search-rock-and-roll-band.json"));
  auto page2 = client.Get(std::string("/ws/2/release-group?artist=") + kFixturesId + "&limit=100&offset=25&fmt=json");
  ASSERT_TRUE(page2);
  EXPECT_EQ(page2->body, ReadFixture("musicbrainz/release-groups-fixtures-page2-of-2.json"));
  auto lastfm = client.Get("/2.0/?method=album.getinfo&artist=%C3%85sa%20%C3%96berg&album=Vinterljus&format=json");
  ASSERT_TRUE(lastfm);
  EXPECT_EQ(lastfm->body, ReadFixture("lastfm/album-getinfo-asa-oberg-vinterljus-no-wiki-year-tag.json"));
  // The most specific route wins; an album the scenario lacks gets the
  // generic "not found", with HTTP 200 as Last.fm sends it.
  auto fallback = client.Get("/2.0/?method=album.getinfo&artist=%C3%85sa%20%C3%96berg&album=Y");
  ASSERT_TRUE(fallback);
  EXPECT_EQ(fallback->status, 200);
  EXPECT_EQ(fallback->body, ReadFixture("lastfm/error-6-album-not-found.json"));
  auto bad_auth = client.Get("/2.0/?method=auth.getsession&token=x");
  ASSERT_TRUE(bad_auth);
  EXPECT_EQ(bad_auth->status, 200);
  EXPECT_EQ(bad_auth->body, ReadFixture("lastfm/error-4-bad-auth.json"));

  const auto log = server.Requests();
  ASSERT_EQ(log.size(), 5u);
  EXPECT_EQ(log[0].path, "/ws/2/artist");
  EXPECT_EQ(log[0].params.at("query"), "artist:\"Rock \\& Roll Band\"");
  EXPECT_EQ(log[0].user_agent, "fixture-test/1");
  for (const auto& r : log) EXPECT_TRUE(r.matched) << r.target;
  EXPECT_EQ(server.RequestsTo("/2.0/").size(), 3u);
}

TEST(FakeApiServer, UnmatchedRequestsGet404AndAreLoggedAsSuch) {
  FakeApiServer server;
  server.Add(ScenarioRoutes());
  httplib::Client client("127.0.0.1", server.port());
  auto r = client.Get("/ws/2/artist?query=artist%3A%22Nobody%20Known%22");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body, ReadFixture("musicbrainz/error-404-not-found.json"));
  EXPECT_FALSE(server.Requests().at(0).matched);
}

TEST(FakeApiServer, EveryScenarioFileIsValidJson) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(SourceDir() / "tests/data/api")) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    const std::string relative = std::filesystem::relative(entry.path(), SourceDir() / "tests/data/api").string();
    EXPECT_FALSE(nlohmann::json::parse(ReadFixture(relative), nullptr, false).is_discarded()) << relative;
  }
  EXPECT_GT(files, 20u);
}

TEST(FakeApiServer, AMissingScenarioFileThrowsNamingIt) {
  try {
    ReadFixture("musicbrainz/no-such-file.json");
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("tests/data/api/musicbrainz/no-such-file.json"), std::string::npos)
        << e.what();
  }
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

TEST(FakeApiServer, PostRoutesAnswerPostsAndLogTheirBodyAndHeaders) {
  FakeApiServer server;
  server.Add({"/topic", {}, {{200, "{\"id\":\"x\"}", {}, {}}}, "POST"});
  server.Add({"/page", {}, {{200, "page", {}, {}}}});  // GET, as every route so far
  httplib::Client client("127.0.0.1", server.port());
  auto posted = client.Post("/topic", {{"Title", "Hello"}, {"Tags", "cd"}}, "the body", "text/plain");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 200);
  EXPECT_EQ(posted->body, "{\"id\":\"x\"}");
  // A route answers its own method only.
  auto get_of_post_route = client.Get("/topic");
  ASSERT_TRUE(get_of_post_route);
  EXPECT_EQ(get_of_post_route->status, 404);
  auto post_to_get_route = client.Post("/page", "x", "text/plain");
  ASSERT_TRUE(post_to_get_route);
  EXPECT_EQ(post_to_get_route->status, 404);
  auto page = client.Get("/page");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->body, "page");

  const auto log = server.Requests();
  ASSERT_EQ(log.size(), 4u);
  EXPECT_EQ(log[0].method, "POST");
  EXPECT_TRUE(log[0].matched);
  EXPECT_EQ(log[0].body, "the body");
  EXPECT_EQ(log[0].headers.at("Title"), "Hello");
  EXPECT_EQ(log[0].headers.at("tags"), "cd");  // names without case
  EXPECT_EQ(log[0].headers.at("Content-Type"), "text/plain");
  EXPECT_EQ(log[1].method, "GET");
  EXPECT_FALSE(log[1].matched);
  EXPECT_EQ(log[1].body, "");
  EXPECT_EQ(log[2].method, "POST");
  EXPECT_FALSE(log[2].matched);
  EXPECT_TRUE(log[3].matched);
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
