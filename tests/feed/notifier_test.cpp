// The notifier (feed/notifier.h) against the fake server as an ntfy, Gotify
// or webhook target over real loopback HTTP: what each format sends, which
// failures are retried (a refused 503) and which are not (a 500, a timeout,
// a refused connection), that the URL's secret stays out of messages, and
// that a title cannot add a header.
#include "feed/notifier.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "base/base64.h"
#include "base/utf8.h"
#include "feed/musicbrainz_client.h"
#include "tests/feed/fast_http_options.h"
#include "tests/support/fake_api_server.h"

namespace hoard::feed {
namespace {

using test::FakeApiServer;
using test::FakeReply;

using testing::FastOptions;

test::FakeRoute PostRoute(const std::string& path, std::vector<FakeReply> replies,
                          std::map<std::string, std::string> params = {}) {
  return {path, std::move(params), std::move(replies), "POST"};
}

Notification Sample() {
  Notification n;
  n.title = "The Fixtures - Tag Cloud";
  n.message = "Album, 2024-05-01";
  n.link = "https://musicbrainz.org/release-group/5f1d2a3b-0000-4000-8000-0000000000aa";
  n.release_group = "5f1d2a3b-0000-4000-8000-0000000000aa";
  n.artist = "The Fixtures";
  n.date = "2024-05-01";
  n.event = "new";
  return n;
}

// A header value of RFC 2047 encoded-words, "=?UTF-8?B?...?=" separated by
// spaces, decoded as ntfy does (the spaces between words are dropped);
// nullopt when it is not made of such words only, or one is over 75 characters.
std::optional<std::string> DecodeEncodedWords(const std::string& value) {
  constexpr std::string_view kPrefix = "=?UTF-8?B?";
  constexpr std::string_view kSuffix = "?=";
  std::istringstream words(value);
  std::string word;
  std::string out;
  int count = 0;
  while (words >> word) {
    if (word.size() > 75 || !word.starts_with(kPrefix) || !word.ends_with(kSuffix)) return std::nullopt;
    const auto text = DecodeBase64(
        std::string_view(word).substr(kPrefix.size(), word.size() - kPrefix.size() - kSuffix.size()));
    if (!text) return std::nullopt;
    out += *text;
    ++count;
  }
  if (count == 0) return std::nullopt;
  return out;
}

bool Mentions(const Status& status, const std::string& text) {
  return status.message().find(text) != std::string::npos;
}

TEST(NotifierNtfy, PostsTheMessageWithTitleClickAndTags) {
  FakeApiServer server;
  server.Add(PostRoute("/hoard-releases", {{200, "{\"id\":\"abc\"}", {}, {}}}));
  HttpClient http(FastOptions(), nullptr);
  Notifier notifier(http, server.url() + "/hoard-releases", NotifyFormat::kNtfy);
  const Notification n = Sample();
  const Status s = notifier.Push(n);
  ASSERT_TRUE(s.ok()) << s.ToString();
  const auto log = server.Requests();
  ASSERT_EQ(log.size(), 1u);
  const auto& r = log[0];
  EXPECT_TRUE(r.matched);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.body, n.message);
  EXPECT_EQ(r.headers.at("Title"), n.title);
  EXPECT_EQ(r.headers.at("Click"), n.link);
  EXPECT_EQ(r.headers.at("Tags"), "cd");
  EXPECT_EQ(r.headers.at("Content-Type"), "text/plain; charset=utf-8");
}

TEST(NotifierNtfy, ATitleOutsideAsciiIsSentAsRfc2047Words) {
  FakeApiServer server;
  server.Add(PostRoute("/t", {{200, "{}", {}, {}}}));
  HttpClient http(FastOptions(), nullptr);
  Notifier notifier(http, server.url() + "/t", NotifyFormat::kNtfy);
  Notification n = Sample();
  // Long enough for several encoded-words, with two- and three-byte
  // characters to fall on their boundaries.
  n.title = "Åsa Öberg – Sånger från skärgården, ljus över vatten och sten (deluxe) ♫";
  n.message = "Album av Åsa Öberg, 2024";
  ASSERT_TRUE(notifier.Push(n).ok());
  const auto log = server.Requests();
  ASSERT_EQ(log.size(), 1u);
  const std::string& title = log[0].headers.at("Title");
  EXPECT_TRUE(title.starts_with("=?UTF-8?B?")) << title;
  EXPECT_NE(title.find(' '), std::string::npos) << "more than one encoded-word: " << title;
  const auto decoded = DecodeEncodedWords(title);
  ASSERT_TRUE(decoded) << title;
  EXPECT_EQ(*decoded, n.title);
  EXPECT_EQ(log[0].body, n.message) << "the body is UTF-8 as it is";

  // Each word holds whole characters: every one is valid UTF-8 alone (the
  // codec drops what is not, so a split character would not round-trip).
  std::istringstream words(title);
  for (std::string word; words >> word;) {
    const auto part = DecodeEncodedWords(word);
    ASSERT_TRUE(part) << word;
    EXPECT_EQ(EncodeUtf8(DecodeUtf8(*part)), *part) << "a character split across words: " << word;
  }
}

TEST(NotifierNtfy, PlainAsciiThatLooksEncodedIsEncoded) {
  EXPECT_EQ(HeaderText("Plain title"), "Plain title");
  const std::string tricky = "=?UTF-8?B?SGk=?=";
  const std::string sent = HeaderText(tricky);
  EXPECT_NE(sent, tricky);
  EXPECT_EQ(DecodeEncodedWords(sent).value_or(""), tricky);
}

TEST(NotifierNtfy, LineBreaksInTheTitleCreateNoHeader) {
  FakeApiServer server;
  server.Add(PostRoute("/t", {{200, "{}", {}, {}}}));
  HttpClient http(FastOptions(), nullptr);
  Notifier notifier(http, server.url() + "/t", NotifyFormat::kNtfy);
  Notification n = Sample();
  n.title = "Hello\r\nX-Evil: 1";
  ASSERT_TRUE(notifier.Push(n).ok());
  n.title = "Åsa\r\nX-Evil: 2\n\n";
  ASSERT_TRUE(notifier.Push(n).ok());
  const auto log = server.Requests();
  ASSERT_EQ(log.size(), 2u);
  for (const auto& r : log) {
    EXPECT_EQ(r.headers.count("X-Evil"), 0u);
    EXPECT_EQ(r.body, n.message) << "nothing leaked into the body";
  }
  EXPECT_EQ(log[0].headers.at("Title"), "Hello X-Evil: 1");
  EXPECT_EQ(DecodeEncodedWords(log[1].headers.at("Title")).value_or(""), "Åsa X-Evil: 2 ");
}

TEST(NotifierNtfy, ALinkThatIsNotAWebLinkIsLeftOut) {
  FakeApiServer server;
  server.Add(PostRoute("/t", {{200, "{}", {}, {}}}));
  HttpClient http(FastOptions(), nullptr);
  Notifier notifier(http, server.url() + "/t", NotifyFormat::kNtfy);
  Notification n = Sample();
  for (const char* link : {"javascript:alert(1)", "https://example.org/x\r\nX-Evil: 1", ""}) {
    n.link = link;
    ASSERT_TRUE(notifier.Push(n).ok()) << link;
  }
  const auto log = server.Requests();
  ASSERT_EQ(log.size(), 3u);
  for (const auto& r : log) {
    EXPECT_EQ(r.headers.count("Click"), 0u);
    EXPECT_EQ(r.headers.count("X-Evil"), 0u);
  }
}

TEST(NotifierNtfy, AnEmptyMessageSendsTheTitle) {
  FakeApiServer server;
  server.Add(PostRoute("/t", {{200, "{}", {}, {}}}));
  HttpClient http(FastOptions(), nullptr);
  Notifier notifier(http, server.url() + "/t", NotifyFormat::kNtfy);
  Notification n = Sample();
  n.message.clear();
  ASSERT_TRUE(notifier.Push(n).ok());
  ASSERT_EQ(server.Requests().size(), 1u);
  EXPECT_EQ(server.Requests()[0].body, n.title);
}

TEST(NotifierJson, PostsEveryFieldAsGotifyAndWebhooksTakeThem) {
  FakeApiServer server;
  // Gotify's endpoint: the app token in the query.
  server.Add(PostRoute("/message", {{200, "{\"id\":1}", {}, {}}}, {{"token", "SECRET-TOKEN"}}));
  HttpClient http(FastOptions(), nullptr);
  Notifier notifier(http, server.url() + "/message?token=SECRET-TOKEN", NotifyFormat::kJson);
  Notification n = Sample();
  n.title = "\"Quoted\" \\ Åsa\n";  // escaped by construction, not by hand
  n.event = "out";
  const Status s = notifier.Push(n);
  ASSERT_TRUE(s.ok()) << s.ToString();
  const auto log = server.Requests();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_TRUE(log[0].matched) << "the token reached the server";
  EXPECT_EQ(log[0].method, "POST");
  EXPECT_EQ(log[0].headers.at("Content-Type"), "application/json");
  const auto body = nlohmann::json::parse(log[0].body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << log[0].body;
  EXPECT_EQ(body.size(), 8u) << log[0].body;
  EXPECT_EQ(body.value("title", ""), n.title);
  EXPECT_EQ(body.value("message", ""), n.message);
  EXPECT_EQ(body.value("priority", 0), 5);
  EXPECT_EQ(body.value("url", ""), n.link);
  EXPECT_EQ(body.value("release_group", ""), n.release_group);
  EXPECT_EQ(body.value("artist", ""), n.artist);
  EXPECT_EQ(body.value("date", ""), n.date);
  EXPECT_EQ(body.value("event", ""), "out");
  EXPECT_EQ(log[0].headers.count("Title"), 0u) << "json carries the title in the body only";
}

TEST(NotifierJson, AnEmptyMessageAndABadLinkStillMakeAValidPush) {
  FakeApiServer server;
  server.Add(PostRoute("/hook", {{204, "", {}, {}}}));
  HttpClient http(FastOptions(), nullptr);
  Notifier notifier(http, server.url() + "/hook", NotifyFormat::kJson);
  Notification n = Sample();
  n.message.clear();  // Gotify refuses a push without a message
  n.link = "javascript:alert(1)";
  const Status s = notifier.Push(n);
  ASSERT_TRUE(s.ok()) << "204 is a 2xx: " << s.ToString();
  const auto body = nlohmann::json::parse(server.Requests().at(0).body, nullptr, false);
  EXPECT_EQ(body.value("message", ""), n.title);
  EXPECT_EQ(body.value("url", "x"), "");
}

TEST(Notifier, AServerErrorNamesHostAndStatusButNotTheToken) {
  FakeApiServer server;
  server.Add(PostRoute("/message", {{500, "{\"error\":\"boom\"}", {}, {}}, {200, "{}", {}, {}}}));
  server.Add(PostRoute("/denied", {{401, "{\"error\":\"Unauthorized\"}", {}, {}}}));
  HttpClient http(FastOptions(), nullptr);
  Notifier gotify(http, server.url() + "/message?token=SECRET-TOKEN", NotifyFormat::kJson);
  const Status s = gotify.Push(Sample());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), EIO);
  EXPECT_TRUE(Mentions(s, "127.0.0.1:" + std::to_string(server.port()))) << s.message();
  EXPECT_TRUE(Mentions(s, "HTTP 500")) << s.message();
  EXPECT_FALSE(Mentions(s, "SECRET-TOKEN")) << s.message();
  EXPECT_FALSE(Mentions(s, "/message")) << s.message();
  EXPECT_EQ(http.attempts(), 1) << "a 500 may have been acted on: not retried";

  Notifier ntfy(http, server.url() + "/denied?auth=SECRET-AUTH", NotifyFormat::kNtfy);
  const Status denied = ntfy.Push(Sample());
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.code(), EIO);
  EXPECT_TRUE(Mentions(denied, "127.0.0.1")) << denied.message();
  EXPECT_TRUE(Mentions(denied, "HTTP 401")) << denied.message();
  EXPECT_FALSE(Mentions(denied, "SECRET-AUTH")) << denied.message();
  EXPECT_FALSE(Mentions(denied, "/denied")) << denied.message();
  EXPECT_EQ(server.Requests().size(), 2u);
}

TEST(Notifier, A503IsRetriedOnceThenSucceeds) {
  FakeApiServer server;
  server.Add(PostRoute("/t", {{503, "", {}, {}}, {200, "{}", {}, {}}}));
  HttpClient http(FastOptions(), nullptr);
  Notifier notifier(http, server.url() + "/t", NotifyFormat::kNtfy);
  const Status s = notifier.Push(Sample());
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(http.attempts(), 2);
  const auto log = server.Requests();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].body, log[1].body);
  EXPECT_EQ(log[1].headers.at("Title"), Sample().title);
}

TEST(Notifier, ARefusedConnectionFailsAtOnce) {
  HttpClient http(FastOptions(), nullptr);
  const std::string url =
      "http://127.0.0.1:" + std::to_string(test::ClosedLoopbackPort()) + "/SECRET-TOPIC";
  Notifier notifier(http, url, NotifyFormat::kNtfy);
  const Status s = notifier.Push(Sample());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ECONNREFUSED) << s.message();
  EXPECT_FALSE(Mentions(s, "SECRET-TOPIC")) << s.message();
  EXPECT_EQ(http.attempts(), 1);
}

TEST(Notifier, ATimeoutIsNotRetried) {
  FakeApiServer server;
  server.Add(PostRoute("/t", {{200, "{}", {}, std::chrono::seconds(5)}, {200, "{}", {}, {}}}));
  HttpClient http(FastOptions(), nullptr);  // 1 s timeout
  Notifier notifier(http, server.url() + "/t", NotifyFormat::kNtfy);
  const Status s = notifier.Push(Sample());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ETIMEDOUT) << s.message();
  EXPECT_EQ(http.attempts(), 1) << "the push may have arrived: a second could notify twice";
  EXPECT_EQ(server.Requests().size(), 1u);
}

TEST(ParseNotifyFormat, KnowsNtfyAndJson) {
  ASSERT_TRUE(ParseNotifyFormat("ntfy").ok());
  EXPECT_EQ(*ParseNotifyFormat("ntfy"), NotifyFormat::kNtfy);
  ASSERT_TRUE(ParseNotifyFormat("json").ok());
  EXPECT_EQ(*ParseNotifyFormat("json"), NotifyFormat::kJson);
  for (const char* bad : {"xml", "JSON", "", "ntfy "}) {
    const auto r = ParseNotifyFormat(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), EINVAL);
    EXPECT_TRUE(Mentions(r.status(), "\"ntfy\"")) << r.status().message();
    EXPECT_TRUE(Mentions(r.status(), "\"json\"")) << r.status().message();
  }
}

}  // namespace
}  // namespace hoard::feed
