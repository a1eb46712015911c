// The HTTP client against the fake server over real loopback HTTP: retries,
// Retry-After, timeouts, refused connections, the response cache, pacing,
// the cap on an answer's size; and a POST's own rules (retried only when
// refused, never cached, its URL named by its origin only).
#include "feed/http_client.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <map>
#include <string>
#include <vector>

#include "feed/musicbrainz_client.h"
#include "hoard/version.h"
#include "tests/feed/fast_http_options.h"
#include "tests/feed/gzip_bomb.h"
#include "tests/support/fake_api_server.h"

namespace hoard::feed {
namespace {

using test::FakeApiServer;
using test::FakeReply;

class MemoryCache : public ResponseCache {
 public:
  std::optional<CachedResponse> LookupResponse(const std::string& key, std::chrono::seconds) override {
    const auto it = entries.find(key);
    if (it == entries.end()) return std::nullopt;
    return CachedResponse{200, it->second, 0};
  }
  void StoreResponse(const std::string& key, long, const std::string& body) override { entries[key] = body; }
  std::map<std::string, std::string> entries;
};

using testing::FastOptions;

double Seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

// The most memory this process has held so far, in MiB (a high-water mark).
long PeakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

TEST(HttpClient, RetriesAfter503HonouringRetryAfter) {
  FakeApiServer server;
  server.Add({"/ws/2/artist", {}, {test::RateLimitedReply(1), {200, "{\"ok\":1}", {}, {}}}});
  HttpClient client(FastOptions(), nullptr);
  auto r = client.Get({server.url() + "/ws/2/artist?x=1", "", {}, {}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "{\"ok\":1}");
  const auto log = server.Requests();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_GE(Seconds(log[1].arrived - log[0].arrived), 1.0);  // not the 50 ms backoff
}

TEST(HttpClient, GivesUpOnPersistent5xx) {
  FakeApiServer server;
  server.Add({"/down", {}, {{502, "<html>bad gateway</html>", {}, {}}}});
  HttpClient client(FastOptions(), nullptr);
  auto r = client.Get({server.url() + "/down", "", {}, {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), EIO);
  EXPECT_NE(r.status().message().find("HTTP 502"), std::string::npos);
  EXPECT_EQ(server.Requests().size(), 3u);  // 1 + 2 retries
}

TEST(HttpClient, TooLongRetryAfterFailsAtOnce) {
  FakeApiServer server;
  server.Add({"/busy", {}, {test::RateLimitedReply(3600)}});
  HttpClient client(FastOptions(), nullptr);
  auto r = client.Get({server.url() + "/busy", "", {}, {}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Retry-After"), std::string::npos);
  EXPECT_EQ(server.Requests().size(), 1u);
}

TEST(HttpClient, TimesOutOnSlowRepliesAndRetries) {
  FakeApiServer server;
  server.Add({"/slow", {}, {{200, "late", {}, std::chrono::seconds(5)}, {200, "fast", {}, {}}}});
  HttpClient client(FastOptions(), nullptr);
  auto r = client.Get({server.url() + "/slow", "", {}, {}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body, "fast");
  EXPECT_EQ(server.Requests().size(), 2u);
}

TEST(HttpClient, ConnectionRefusedFailsFastAndMarksTheHostDown) {
  HttpClient client(FastOptions(), nullptr);
  const std::string url = "http://127.0.0.1:" + std::to_string(test::ClosedLoopbackPort());
  auto r = client.Get({url + "/a", "", {}, {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ECONNREFUSED);
  EXPECT_EQ(client.attempts(), 1);
  auto again = client.Get({url + "/b", "", {}, {}});
  EXPECT_EQ(again.status().code(), ECONNREFUSED);
  EXPECT_EQ(client.attempts(), 1);
}

TEST(HttpClient, NotFoundIsAnAnswerNotARetry) {
  FakeApiServer server;
  HttpClient client(FastOptions(), nullptr);
  auto r = client.Get({server.url() + "/ws/2/release-group?artist=x", "", {}, {}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(server.Requests().size(), 1u);
}

TEST(HttpClient, CachesUnderTheUrlWithoutTheSecret) {
  FakeApiServer server;
  server.Add({"/2.0/", {}, {{200, "{\"album\":{}}", {}, {}}}});
  MemoryCache cache;
  HttpClient client(FastOptions(), &cache);
  HttpRequest request{server.url() + "/2.0/?method=album.getinfo", "api_key=SECRETKEY123", std::chrono::hours(1), {}};
  ASSERT_TRUE(client.Get(request).ok());
  auto second = client.Get(request);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->from_cache);
  ASSERT_EQ(server.Requests().size(), 1u);
  EXPECT_EQ(server.Requests()[0].params.at("api_key"), "SECRETKEY123");  // it was sent...
  ASSERT_EQ(cache.entries.size(), 1u);
  EXPECT_EQ(cache.entries.begin()->first.find("SECRETKEY123"), std::string::npos);  // ...never stored
}

TEST(HttpClient, CacheablePredicateKeepsTransientAnswersOut) {
  FakeApiServer server;
  server.Add({"/2.0/", {}, {{200, "{\"error\":16}", {}, {}}}});
  MemoryCache cache;
  HttpClient client(FastOptions(), &cache);
  HttpRequest request{server.url() + "/2.0/", "", std::chrono::hours(1),
                      [](std::string_view body) { return body.find("error") == std::string_view::npos; }};
  ASSERT_TRUE(client.Get(request).ok());
  ASSERT_TRUE(client.Get(request).ok());
  EXPECT_TRUE(cache.entries.empty());
  EXPECT_EQ(server.Requests().size(), 2u);
}

TEST(HttpClient, RealRateSpacesRequestsAtLeastOneSecondAndSendsUserAgent) {
  FakeApiServer server;
  server.Add({"/ws/2/artist", {}, {{200, "{}", {}, {}}}});
  HttpOptions options = FastOptions();
  options.requests_per_second = 1.0;
  HttpClient client(options, nullptr);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.Get({server.url() + "/ws/2/artist?i=" + std::to_string(i), "", {}, {}}).ok());
  const auto log = server.Requests();
  ASSERT_EQ(log.size(), 3u);
  for (size_t i = 1; i < log.size(); ++i) EXPECT_GE(Seconds(log[i].arrived - log[i - 1].arrived), 1.0);
  for (const auto& r : log) EXPECT_EQ(r.user_agent, std::string("hoard/") + kVersion + " ( test@example.org )");
}

TEST(HttpClient, GzipBombIsRefusedAtTheDecodedLimitWithoutTheMemory) {
  FakeApiServer server;
  const std::string bomb = test::GzipOfZeros(200u << 20);
  ASSERT_LT(bomb.size(), 1u << 20) << "a few hundred KB on the wire";
  server.Add({"/bomb", {}, {{200, bomb, {{"Content-Encoding", "gzip"}}, {}}}});
  HttpClient client(FastOptions(), nullptr);
  const long before = PeakRssMiB();
  auto r = client.Get({server.url() + "/bomb", "", {}, {}});
  const long grown = PeakRssMiB() - before;
  EXPECT_LT(grown, 100) << "peak RSS grew by " << grown << " MiB";
  ASSERT_FALSE(r.ok()) << "a 200 MB answer was accepted";
  EXPECT_EQ(r.status().code(), EFBIG);
  EXPECT_NE(r.status().message().find("answer from 127.0.0.1 larger than 8 MiB, refused"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(server.Requests().size(), 1u) << "the same answer again is no better: not retried";
}

TEST(HttpClient, TheLimitIsTheClientsOptionOnTheWireAndDecoded) {
  FakeApiServer server;
  // "identity" keeps httplib from compressing: these go out with their
  // Content-Length as it is, so the longer one is refused before its body.
  server.Add({"/exact", {}, {{200, std::string(1000, 'x'), {{"Content-Encoding", "identity"}}, {}}}});
  server.Add({"/over", {}, {{200, std::string(1001, 'x'), {{"Content-Encoding", "identity"}}, {}}}});
  // 150 bytes on the wire, 5000 decoded.
  server.Add({"/inflates", {}, {{200, test::GzipOfZeros(5000), {{"Content-Encoding", "gzip"}}, {}}}});
  HttpOptions options = FastOptions();
  options.max_body_bytes = 1000;
  HttpClient client(options, nullptr);
  auto exact = client.Get({server.url() + "/exact", "", {}, {}});
  ASSERT_TRUE(exact.ok()) << exact.status().ToString();
  EXPECT_EQ(exact->body.size(), 1000u);
  for (const char* path : {"/over", "/inflates"}) {
    auto r = client.Get({server.url() + path, "", {}, {}});
    ASSERT_FALSE(r.ok()) << path;
    EXPECT_EQ(r.status().code(), EFBIG) << path;
    EXPECT_NE(r.status().message().find("answer from 127.0.0.1 larger than 1000 bytes, refused"), std::string::npos)
        << r.status().message();
  }
  EXPECT_EQ(server.Requests().size(), 3u);
}

// -- Post --------------------------------------------------------------------

// The push target's route: POST only.
test::FakeRoute PostRoute(const std::string& path, std::vector<FakeReply> replies) {
  return {path, {}, std::move(replies), "POST"};
}

bool Mentions(const Status& status, const std::string& text) {
  return status.message().find(text) != std::string::npos;
}

TEST(HttpClientPost, SendsBodyContentTypeAndHeadersAndIsNeverCached) {
  FakeApiServer server;
  server.Add(PostRoute("/topic", {{200, "{\"id\":\"1\"}", {}, {}}}));
  MemoryCache cache;
  HttpClient client(FastOptions(), &cache);
  // Over 1 KiB: libcurl would ask for "100 Continue" first unless told not to.
  const std::string body = "first line\n" + std::string(3000, 'x');
  const HttpPost post{server.url() + "/topic", body, "text/plain; charset=utf-8",
                      {{"Title", "A title"}, {"Tags", "cd"}}};
  auto r = client.Post(post);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "{\"id\":\"1\"}");
  EXPECT_FALSE(r->from_cache);
  ASSERT_TRUE(client.Post(post).ok());
  const auto log = server.Requests();
  ASSERT_EQ(log.size(), 2u) << "a POST is never answered from the cache";
  EXPECT_TRUE(cache.entries.empty());
  for (const auto& request : log) {
    EXPECT_TRUE(request.matched);
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.body, body);
    EXPECT_EQ(request.headers.at("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(request.headers.at("Title"), "A title");
    EXPECT_EQ(request.headers.at("Tags"), "cd");
    EXPECT_EQ(request.headers.count("Expect"), 0u);
    EXPECT_EQ(request.user_agent, std::string("hoard/") + kVersion + " ( test@example.org )");
  }
}

TEST(HttpClientPost, AGetAfterAPostIsAPlainGet) {
  FakeApiServer server;
  server.Add(PostRoute("/topic", {{200, "ok", {}, {}}}));
  server.Add({"/page", {}, {{200, "page", {}, {}}}});
  HttpClient client(FastOptions(), nullptr);
  ASSERT_TRUE(client.Post({server.url() + "/topic", "the push", "text/plain", {{"Title", "T"}}}).ok());
  auto page = client.Get({server.url() + "/page", "", {}, {}});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->status, 200) << "the GET reached the GET route";
  EXPECT_EQ(page->body, "page");
  const auto log = server.Requests();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[1].method, "GET");
  EXPECT_EQ(log[1].body, "");
  EXPECT_EQ(log[1].headers.count("Title"), 0u);
  EXPECT_EQ(log[1].headers.count("Content-Type"), 0u);
  EXPECT_EQ(log[1].headers.count("Content-Length"), 0u);
}

TEST(HttpClientPost, IsRetriedWhenTheServerRefusedIt) {
  FakeApiServer server;
  server.Add(PostRoute("/topic", {{503, "", {}, {}}, {429, "", {}, {}}, {200, "ok", {}, {}}}));
  HttpClient client(FastOptions(), nullptr);
  auto r = client.Post({server.url() + "/topic", "once", "text/plain", {}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  const auto log = server.Requests();
  ASSERT_EQ(log.size(), 3u);
  for (const auto& request : log) EXPECT_EQ(request.body, "once");
}

TEST(HttpClientPost, IsNotRetriedAfterAnErrorOrATimeout) {
  FakeApiServer server;
  server.Add(PostRoute("/boom", {{500, "", {}, {}}, {200, "ok", {}, {}}}));
  server.Add(PostRoute("/slow", {{200, "late", {}, std::chrono::seconds(5)}, {200, "ok", {}, {}}}));
  HttpClient client(FastOptions(), nullptr);
  auto boom = client.Post({server.url() + "/boom?token=SECRET", "x", "text/plain", {}});
  ASSERT_FALSE(boom.ok());
  EXPECT_EQ(boom.status().code(), EIO);
  EXPECT_TRUE(Mentions(boom.status(), "POST " + server.url() + ": HTTP 500")) << boom.status().message();
  EXPECT_FALSE(Mentions(boom.status(), "SECRET")) << boom.status().message();
  EXPECT_FALSE(Mentions(boom.status(), "/boom")) << boom.status().message();
  EXPECT_EQ(client.attempts(), 1);

  auto slow = client.Post({server.url() + "/slow", "x", "text/plain", {}});
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(slow.status().code(), ETIMEDOUT) << slow.status().message();
  EXPECT_TRUE(Mentions(slow.status(), "not retried")) << slow.status().message();
  EXPECT_EQ(client.attempts(), 2);
  EXPECT_EQ(server.Requests().size(), 2u);
}

TEST(HttpClientPost, DoesNotFollowRedirects) {
  FakeApiServer server;
  server.Add(PostRoute("/old", {{302, "", {{"Location", "/new"}}, {}}}));
  server.Add({"/new", {}, {{200, "a GET answer", {}, {}}}});
  HttpClient client(FastOptions(), nullptr);
  auto r = client.Post({server.url() + "/old", "x", "text/plain", {}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 302) << "a redirected POST must not report the GET's 200";
  EXPECT_EQ(server.Requests().size(), 1u);
}

TEST(HttpClientPost, ARefusedConnectionNamesOnlyTheOriginAndMarksItDown) {
  FakeApiServer server;
  server.Add({"/page", {}, {{200, "page", {}, {}}}});
  HttpClient client(FastOptions(), nullptr);
  const std::string origin = "http://127.0.0.1:" + std::to_string(test::ClosedLoopbackPort());
  const std::string url = "http://user:PASSWORD@" + origin.substr(7) + "/SECRET-TOPIC?token=SECRET-TOKEN";
  auto r = client.Post({url, "x", "text/plain", {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ECONNREFUSED);
  EXPECT_TRUE(Mentions(r.status(), "POST " + origin)) << r.status().message();
  for (const char* secret : {"PASSWORD", "SECRET", "user"}) {
    EXPECT_FALSE(Mentions(r.status(), secret)) << r.status().message();
  }
  EXPECT_EQ(client.attempts(), 1);
  auto again = client.Post({url, "x", "text/plain", {}});
  EXPECT_EQ(again.status().code(), ECONNREFUSED);
  EXPECT_EQ(client.attempts(), 1) << "a host that refused is not asked again";
  // Another host of the same client is not down.
  auto page = client.Get({server.url() + "/page", "", {}, {}});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(client.attempts(), 2);
}

TEST(HttpClientPost, RefusesLineBreaksInHeadersAndUrlsThatAreNotHttp) {
  FakeApiServer server;
  server.Add(PostRoute("/topic", {{200, "ok", {}, {}}}));
  HttpClient client(FastOptions(), nullptr);
  const std::string url = server.url() + "/topic";
  for (const HttpPost& bad : {
           HttpPost{url, "x", "text/plain", {{"Title", "a\r\nX-Evil: 1"}}},
           HttpPost{url, "x", "text/plain", {{"Title", "a\nX-Evil: 1"}}},
           HttpPost{url, "x", "text/plain", {{"Title", std::string("a\0b", 3)}}},
           HttpPost{url, "x", "text/plain\r\nX-Evil: 1", {}},
           HttpPost{url, "x", "text/plain", {{"Bad Name", "v"}}},
           HttpPost{url, "x", "text/plain", {{"X-Evil: 1\r\nTitle", "v"}}},
           HttpPost{url, "x", "text/plain", {{"", "v"}}},
       }) {
    auto r = client.Post(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), EINVAL) << r.status().message();
    EXPECT_TRUE(Mentions(r.status(), "POST " + server.url() + ":")) << r.status().message();
  }
  auto ftp = client.Post({"ftp://SECRET@example.org/x", "x", "text/plain", {}});
  EXPECT_EQ(ftp.status().code(), EINVAL);
  EXPECT_FALSE(Mentions(ftp.status(), "SECRET")) << ftp.status().message();
  EXPECT_EQ(client.attempts(), 0);
  EXPECT_TRUE(server.Requests().empty());
}

TEST(UrlEncode, EncodesAllButUnreserved) {
  EXPECT_EQ(UrlEncode("artist:\"AC/DC\" ü"), "artist%3A%22AC%2FDC%22%20%C3%BC");
  EXPECT_EQ(UrlEncode("a-b_c.d~e"), "a-b_c.d~e");
}

}  // namespace
}  // namespace hoard::feed
