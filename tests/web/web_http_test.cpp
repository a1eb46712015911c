// The web view over real HTTP on loopback: the real WebServer, a real SQLite
// file filled through the catalog and feed APIs, httplib's client.
#include <gtest/gtest.h>
#include <httplib.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "feed/feed_store.h"
#include "feed/xml_text.h"
#include "tests/web/served_web_test.h"

namespace hoard::test {
namespace {

using nlohmann::json;

class WebHttpTest : public ServedWebTest {
 protected:
  httplib::Result Mark(const std::string& token, const std::string& mbid, const httplib::Headers& headers) {
    return client_.Post("/releases/mark", headers, httplib::Params{{"csrf", token}, {"mbid", mbid}, {"reason", "got-it"}});
  }
};

TEST_F(WebHttpTest, ReleasesPageEscapesUserTextAndLinksToMusicBrainz) {
  auto res = Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(res->get_header_value("Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  const std::string& body = res->body;
  EXPECT_EQ(body.find(kEvilArtist), std::string::npos) << "raw <script> reached the page";
  EXPECT_NE(body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(body.find("Evil &amp; &quot;Quoted&quot; &#39;Title&#39;"), std::string::npos);
  EXPECT_NE(body.find("AC/DC &amp; Friends"), std::string::npos);
  // The Last.fm summary is shown as text: its link markup is gone, not escaped.
  EXPECT_NE(body.find("Read more on Last.fm &amp; elsewhere"), std::string::npos);
  EXPECT_EQ(body.find("last.fm/x"), std::string::npos);
  EXPECT_NE(body.find(std::string("href=\"https://musicbrainz.org/release-group/") + kFossoraId + "\""),
            std::string::npos);
  // Filter links carry names percent-encoded.
  EXPECT_NE(body.find("href=\"/?artist=AC%2FDC%20%26%20Friends\""), std::string::npos);
  EXPECT_NE(body.find("5 releases"), std::string::npos);
}

TEST_F(WebHttpTest, FiltersSearchSortingAndPaging) {
  EXPECT_EQ(Ids(""), (std::vector<std::string>{kUndatedId, kAsaId, kPowerUpId, kFossoraId, kEvilId}));
  EXPECT_EQ(Ids("?artist=bjork"), (std::vector<std::string>{kUndatedId, kFossoraId}));  // accents, case
  EXPECT_EQ(Ids("?type=ep"), std::vector<std::string>{kPowerUpId});
  EXPECT_EQ(Ids("?type=live"), std::vector<std::string>{kAsaId});
  EXPECT_EQ(Ids("?year=2021..2022"), (std::vector<std::string>{kAsaId, kFossoraId}));
  EXPECT_EQ(Ids("?year=..2020"), std::vector<std::string>{kPowerUpId});
  EXPECT_EQ(Ids("?q=SANGER%20skogen"), std::vector<std::string>{kAsaId});
  EXPECT_EQ(Ids("?q=mushroom"), std::vector<std::string>{kFossoraId});
  EXPECT_EQ(Ids("?sort=title"), (std::vector<std::string>{kEvilId, kFossoraId, kPowerUpId, kAsaId, kUndatedId}));
  // Undated last in both directions.
  EXPECT_EQ(Ids("?sort=date"), (std::vector<std::string>{kPowerUpId, kAsaId, kFossoraId, kEvilId, kUndatedId}));
  EXPECT_EQ(Ids("?sort=-date"), (std::vector<std::string>{kEvilId, kFossoraId, kAsaId, kPowerUpId, kUndatedId}));
  EXPECT_EQ(Ids("?sort=title&per_page=2&page=2"), (std::vector<std::string>{kPowerUpId, kAsaId}));
  EXPECT_EQ(Ids("?sort=title&per_page=2&page=4"), std::vector<std::string>{});

  auto page = Get("/?sort=title&per_page=2&page=2&artist=");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("page 2 of 3"), std::string::npos);
  EXPECT_NE(page->body.find("href=\"/?sort=title&amp;per_page=2&amp;page=3\" rel=\"next\""), std::string::npos);
  EXPECT_NE(page->body.find("href=\"/?sort=title&amp;per_page=2\" rel=\"prev\""), std::string::npos);
  EXPECT_NE(page->body.find("Power Up"), std::string::npos);
  EXPECT_EQ(page->body.find("Fossora"), std::string::npos);
}

TEST_F(WebHttpTest, BadParametersAre400AndUnknownPaths404) {
  for (const char* path : {"/?sort=bogus", "/?page=0", "/?page=x", "/?per_page=501", "/?year=20x1",
                           "/?year=2022..2020", "/?artsit=Cher", "/?q=a&q=b", "/catalog?x=1"}) {
    auto res = Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 400) << path;
    EXPECT_NE(res->body.find("class=\"error\""), std::string::npos) << path;
  }
  // Found by fuzzing: a NUL byte in a search word failed SQLite's full-text
  // search and answered 500.
  for (const char* path : {"/catalog?q=a%00b", "/api/albums?q=a%00b"}) {
    auto res = Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 400) << path;
  }
  auto api = Get("/api/releases?sort=bogus");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 400);
  EXPECT_EQ(api->get_header_value("Content-Type"), "application/json; charset=utf-8");
  EXPECT_NE(json::parse(api->body)["error"].get<std::string>().find("bogus"), std::string::npos);
  for (const char* path : {"/nope", "/static/../../etc/passwd", "/static/style.css.bak", "/index.html"}) {
    auto res = Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
  }
  auto api404 = Get("/api/nothing");
  ASSERT_TRUE(api404);
  EXPECT_EQ(api404->status, 404);
  EXPECT_TRUE(json::parse(api404->body).contains("error"));
  auto css = Get("/static/style.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
}

TEST_F(WebHttpTest, FeedsHaveValidatorsAndAnswer304) {
  auto atom = Get("/feed.atom");
  ASSERT_TRUE(atom);
  EXPECT_EQ(atom->status, 200);
  EXPECT_EQ(atom->get_header_value("Content-Type"), "application/atom+xml; charset=utf-8");
  const std::string etag = atom->get_header_value("ETag");
  const std::string modified = atom->get_header_value("Last-Modified");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(modified, "Mon, 21 Sep 2026 14:21:40 GMT");  // the newest discovery, kT0 + 500
  EXPECT_NE(atom->body.find("&lt;script"), std::string::npos);

  auto same = Get("/feed.atom", {{"If-None-Match", etag}});
  ASSERT_TRUE(same);
  EXPECT_EQ(same->status, 304);
  EXPECT_TRUE(same->body.empty());
  auto by_date = Get("/feed.atom", {{"If-Modified-Since", modified}});
  ASSERT_TRUE(by_date);
  EXPECT_EQ(by_date->status, 304);
  auto stale = Get("/feed.atom", {{"If-None-Match", "\"0000\""}});
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 200);

  auto rss = Get("/feed.rss");
  ASSERT_TRUE(rss);
  EXPECT_EQ(rss->status, 200);
  EXPECT_EQ(rss->get_header_value("Content-Type"), "application/rss+xml; charset=utf-8");
  EXPECT_NE(rss->get_header_value("ETag"), etag);
  auto rss_same = Get("/feed.rss", {{"If-None-Match", rss->get_header_value("ETag")}});
  ASSERT_TRUE(rss_same);
  EXPECT_EQ(rss_same->status, 304);
}

TEST_F(WebHttpTest, MarkingNeedsTheCsrfTokenAndHidesTheReleaseEverywhere) {
  const std::string etag = Get("/feed.atom")->get_header_value("ETag");
  const std::string token = CsrfToken();
  ASSERT_FALSE(token.empty());
  const std::string wrong = std::string(64, '0');
  for (const std::string& t : {std::string(), wrong}) {
    httplib::Params form = {{"mbid", kFossoraId}, {"reason", "got-it"}};
    if (!t.empty()) form.emplace("csrf", t);
    auto res = client_.Post("/releases/mark", OwnOrigin(), form);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403);
  }
  EXPECT_EQ(Ids("?artist=bjork"), (std::vector<std::string>{kUndatedId, kFossoraId}));

  auto bad = client_.Post("/releases/mark", OwnOrigin(),
                          httplib::Params{{"csrf", token}, {"mbid", kFossoraId}, {"reason", "meh"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);

  auto ok = client_.Post("/releases/mark", OwnOrigin(),
                         httplib::Params{{"csrf", token},
                                         {"mbid", kFossoraId},
                                         {"reason", "got-it"},
                                         {"back", "artist=Bj%C3%B6rk&sort=title"}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 303);
  // The server sends /?artist=Bj%C3%B6rk&sort=title; httplib 0.11's client
  // percent-decodes every header value it reads.
  EXPECT_EQ(ok->get_header_value("Location"), "/?artist=Björk&sort=title");
  EXPECT_EQ(Ids("?artist=bjork"), std::vector<std::string>{kUndatedId});
  EXPECT_EQ(Get("/")->body.find("Fossora"), std::string::npos);
  auto atom = Get("/feed.atom", {{"If-None-Match", etag}});
  ASSERT_TRUE(atom);
  EXPECT_EQ(atom->status, 200) << "the mark must change the feed's ETag";
  EXPECT_EQ(atom->body.find("Fossora"), std::string::npos);
  EXPECT_NE(atom->body.find("Power Up"), std::string::npos);
}

// DNS rebinding: attacker.example resolving to 127.0.0.1 reaches the server
// with its own name in Host. Nothing is answered for it, on any route.
TEST_F(WebHttpTest, AHostOtherThanTheServersIsRefusedOnEveryRoute) {
  const std::string port = std::to_string(served_.port());
  for (const char* path : {"/", "/?artist=bjork", "/catalog", "/catalog/artist?name=Bj%C3%B6rk", "/catalog/stats",
                           "/api/releases", "/api/artists", "/api/stats", "/feed.atom", "/feed.rss",
                           "/static/app.js", "/static/style.css", "/nope"}) {
    for (const std::string& host : {"attacker.example:" + port, std::string("attacker.example"), "127.0.0.1.attacker.example:" + port,
                                    "localhost.:" + port, "127.0.0.1:" + std::to_string(served_.port() + 1)}) {
      auto res = Get(path, {{"Host", host}});
      ASSERT_TRUE(res) << path;
      EXPECT_EQ(res->status, 421) << path << " for " << host;
      EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; charset=utf-8") << path;
      EXPECT_LT(res->body.size(), 300u) << path;
      EXPECT_EQ(CsrfTokenIn(res->body), "") << path;
      for (const char* data : {"csrf", "Fossora", "Björk", "Homogenic", "release-group", "alert"}) {
        EXPECT_EQ(res->body.find(data), std::string::npos) << path << " for " << host << " shows " << data;
      }
    }
  }
  // A forged Host on a POST changes nothing either, token or not.
  const std::string token = CsrfToken();
  ASSERT_FALSE(token.empty());
  auto post = Mark(token, kFossoraId, {{"Host", "attacker.example:" + port}, {"Origin", "http://attacker.example:" + port}});
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 421);
  EXPECT_EQ(Ids("?artist=bjork"), (std::vector<std::string>{kUndatedId, kFossoraId}));
  // The names this loopback server is reached by: as listened, and localhost.
  for (const std::string& host : {"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port}) {
    auto res = Get("/", {{"Host", host}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << host;
    EXPECT_NE(CsrfTokenIn(res->body), "") << host;
  }
}

// A form on another site posting here, even with a valid token, changes nothing.
TEST_F(WebHttpTest, AMarkFromAnotherOriginIsRefusedAndChangesNothing) {
  const std::string token = CsrfToken();
  ASSERT_FALSE(token.empty());
  const std::string port = std::to_string(served_.port());
  const httplib::Headers foreign[] = {
      {{"Origin", "http://attacker.example:" + port}},
      {{"Origin", "http://attacker.example"}},
      {{"Origin", "null"}},
      {{"Origin", "http://127.0.0.1:" + std::to_string(served_.port() + 1)}},
      {{"Origin", "http://127.0.0.1:" + port + ".attacker.example"}},
      {{"Referer", "http://attacker.example/page"}},
      {{"Referer", "http://127.0.0.1:" + port + "@attacker.example/"}},
      {},  // neither Origin nor Referer
  };
  for (const httplib::Headers& headers : foreign) {
    auto res = Mark(token, kFossoraId, headers);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << (headers.empty() ? "no Origin" : headers.begin()->second);
  }
  EXPECT_EQ(Ids("?artist=bjork"), (std::vector<std::string>{kUndatedId, kFossoraId}));
  auto dismissed = feed::FeedStore::Open(served_.db_path().string());
  ASSERT_TRUE(dismissed.ok());
  feed::ReleaseQuery marked;
  marked.dismissed = true;
  auto marks = (*dismissed)->ListReleases(marked);
  ASSERT_TRUE(marks.ok());
  EXPECT_TRUE(marks->empty()) << "a refused mark reached the database";

  // The server's own pages: Origin, or Referer when a browser sends no Origin.
  auto by_origin = Mark(token, kFossoraId, OwnOrigin());
  ASSERT_TRUE(by_origin);
  EXPECT_EQ(by_origin->status, 303) << by_origin->body;
  auto by_referer = Mark(token, kPowerUpId, {{"Referer", "http://127.0.0.1:" + port + "/?artist=x"}});
  ASSERT_TRUE(by_referer);
  EXPECT_EQ(by_referer->status, 303) << by_referer->body;
  EXPECT_EQ(Ids("?artist=bjork"), std::vector<std::string>{kUndatedId});
  EXPECT_EQ(Ids("?type=ep"), std::vector<std::string>{});
  // The CSRF token is still needed from our own origin.
  auto no_token = Mark(std::string(64, '0'), kAsaId, OwnOrigin());
  ASSERT_TRUE(no_token);
  EXPECT_EQ(no_token->status, 403);
}

// A Last.fm `url` is data from the network: the page links it only when it
// is http(s), and keeps the release either way.
TEST_F(WebHttpTest, OnlyHttpAndHttpsUrlsFromTheServicesBecomeLinks) {
  const struct {
    const char* id;
    const char* url;
    bool linked;
  } cases[] = {{"66666666-0000-0000-0000-000000000001", "javascript:alert(document.domain)", false},
               {"66666666-0000-0000-0000-000000000002", "data:text/html,<script>alert(1)</script>", false},
               {"66666666-0000-0000-0000-000000000003", "JAVASCRIPT:alert(1)", false},
               {"66666666-0000-0000-0000-000000000004", " javascript:alert(1)", false},
               {"66666666-0000-0000-0000-000000000005", "vbscript:msgbox(1)", false},
               {"66666666-0000-0000-0000-000000000006", "https://www.last.fm/music/Linker/Good", true}};
  {
    auto store = feed::FeedStore::Open(served_.db_path().string());
    ASSERT_TRUE(store.ok());
    for (const auto& c : cases) {
      feed::StoredRelease r;
      r.mbid = c.id;
      r.artist = "Linker";
      r.title = std::string("Linked ") + c.id;
      r.primary_type = "Album";
      r.discovered = 1'800'000'000;
      r.lastfm_url = c.url;
      feed::ArtistOutcome outcome{{std::string("key-") + c.id, "Linker", "", "resolved", ""},
                                  {{r.mbid, feed::Verdict::kNew}},
                                  {r}};
      ASSERT_TRUE((*store)->CommitArtist(outcome).ok());
    }
  }
  auto page = Get("/?artist=Linker");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("6 releases"), std::string::npos) << "every release is listed";
  for (const char* scheme : {"javascript:", "vbscript:", "data:"}) {
    std::string lower = page->body;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(lower.find(scheme), std::string::npos) << "the page carries " << scheme;
  }
  EXPECT_NE(page->body.find("href=\"https://www.last.fm/music/Linker/Good\""), std::string::npos) << page->body;
}

// The same filter as the feeds' XML (feed::ValidXmlText): U+FFFE, U+FFFF,
// C0 controls and broken UTF-8 never reach a page.
TEST_F(WebHttpTest, CharactersXmlForbidsAreLeftOutOfThePages) {
  {
    auto store = feed::FeedStore::Open(served_.db_path().string());
    ASSERT_TRUE(store.ok());
    feed::StoredRelease r;
    r.mbid = "77777777-0000-0000-0000-000000000001";
    r.artist = "Odd\xEF\xBF\xBE" "Chars";
    r.title = "A\xEF\xBF\xBF" "B\x01" "C\xFF" "D";
    r.primary_type = "Album";
    r.discovered = 1'800'000'000;
    r.summary = "sum\x02mary";
    feed::ArtistOutcome outcome{{"key-odd", r.artist, "", "resolved", ""}, {{r.mbid, feed::Verdict::kNew}}, {r}};
    ASSERT_TRUE((*store)->CommitArtist(outcome).ok());
  }
  for (const char* path : {"/", "/feed.atom", "/feed.rss"}) {
    auto res = Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path;
    EXPECT_EQ(feed::ValidXmlText(res->body), res->body) << path << " carries what XML forbids";
    EXPECT_NE(res->body.find("OddChars"), std::string::npos) << path;
    EXPECT_NE(res->body.find("ABCD"), std::string::npos) << path;
    EXPECT_NE(res->body.find("summary"), std::string::npos) << path;
  }
}

TEST_F(WebHttpTest, CatalogPagesAndApis) {
  auto catalog = Get("/catalog");
  ASSERT_TRUE(catalog);
  EXPECT_EQ(catalog->status, 200);
  EXPECT_NE(catalog->body.find("3 artists, 3 albums, 4 tracks, 12:01"), std::string::npos) << catalog->body;
  EXPECT_EQ(catalog->body.find(kEvilArtist), std::string::npos);
  EXPECT_NE(catalog->body.find("href=\"/catalog/artist?name=Bj%C3%B6rk\""), std::string::npos);

  auto artist = Get("/catalog/artist?name=Bj%C3%B6rk");
  ASSERT_TRUE(artist);
  EXPECT_EQ(artist->status, 200);
  EXPECT_NE(artist->body.find("href=\"/catalog/album?artist=Bj%C3%B6rk&amp;album=Homogenic&amp;year=1997\""),
            std::string::npos);
  auto album = Get("/catalog/album?artist=Bj%C3%B6rk&album=Homogenic&year=1997");
  ASSERT_TRUE(album);
  EXPECT_EQ(album->status, 200);
  EXPECT_NE(album->body.find("Jóga"), std::string::npos);
  EXPECT_NE(album->body.find("2 tracks, 9:20"), std::string::npos);
  auto evil = Get("/catalog?q=quoted");
  ASSERT_TRUE(evil);
  EXPECT_EQ(evil->status, 200);
  EXPECT_NE(evil->body.find("Evil &amp; &quot;Quoted&quot;"), std::string::npos);
  EXPECT_EQ(Get("/catalog/artist?name=Nobody")->status, 404);
  EXPECT_EQ(Get("/catalog/stats")->status, 200);

  auto artists = json::parse(Get("/api/artists")->body);
  ASSERT_EQ(artists.size(), 3u);
  auto albums = json::parse(Get("/api/albums?artist=Bj%C3%B6rk")->body);
  ASSERT_EQ(albums.size(), 1u);
  EXPECT_EQ(albums[0]["album"], "Homogenic");
  auto stats = json::parse(Get("/api/stats")->body);
  EXPECT_EQ(stats["tracks"], 4);
  EXPECT_EQ(stats["duration_ms"], 721'000);
  EXPECT_EQ(Get("/api/albums?q=nosuchfield:x")->status, 400);
}

}  // namespace
}  // namespace hoard::test

namespace hoard::test {
namespace {

TEST(ListenAddress, ParsesHostAndPortAndKnowsLoopback) {
  struct {
    const char* text;
    const char* host;
    int port;
  } good[] = {{"127.0.0.1:8484", "127.0.0.1", 8484}, {"[::1]:0", "::1", 0}, {"localhost:80", "localhost", 80},
              {"0.0.0.0:8484", "0.0.0.0", 8484}};
  for (const auto& c : good) {
    auto parsed = web::ParseListenAddress(c.text);
    ASSERT_TRUE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed->first, c.host);
    EXPECT_EQ(parsed->second, c.port);
  }
  for (const char* bad : {"", ":80", "8484", "::1:80", "[::1:80", "host:", "host:-1", "host:65536"}) {
    EXPECT_FALSE(web::ParseListenAddress(bad).ok()) << bad;
  }
  for (const char* loopback : {"127.0.0.1", "127.1.2.3", "::1", "localhost"}) EXPECT_TRUE(web::IsLoopbackHost(loopback));
  for (const char* open : {"0.0.0.0", "::", "192.168.1.2", "example.org"}) EXPECT_FALSE(web::IsLoopbackHost(open));
}

TEST(HostAllowlist, TheListenAddressesNamesAndTheAllowedOnes) {
  const struct {
    const char* listen;
    int port;
    std::vector<std::string> answered, refused;
  } cases[] = {
      {"127.0.0.1", 8484, {"127.0.0.1:8484", "localhost:8484", "LocalHost:8484"},
       {"[::1]:8484", "127.0.0.1:8485", "127.0.0.1", "attacker.example:8484", "localhost.:8484", "", ":8484",
        "127.0.0.1:8484/", "a b:8484", "user@127.0.0.1:8484", "127.0.0.1:08484x"}},
      {"127.0.0.1", 80, {"127.0.0.1", "localhost", "localhost:80"}, {"localhost:8080"}},
      {"::1", 8484, {"[::1]:8484", "localhost:8484"}, {"::1:8484", "127.0.0.1:8484", "[::1]:8485"}},
      {"localhost", 8484, {"localhost:8484", "127.0.0.1:8484", "[::1]:8484"}, {"localhost:1"}},
      {"0.0.0.0", 8484, {"127.0.0.1:8484", "localhost:8484", "[::1]:8484"}, {"192.168.1.2:8484", "0.0.0.0:8484"}},
      {"192.168.1.2", 8484, {"192.168.1.2:8484"}, {"localhost:8484", "127.0.0.1:8484"}},
      {"Box.Lan", 8484, {"box.lan:8484", "BOX.LAN:8484"}, {"box.lan:80"}},
  };
  for (const auto& c : cases) {
    web::HostAllowlist hosts;
    hosts.AllowListenAddress(c.listen, c.port);
    for (const std::string& h : c.answered) EXPECT_TRUE(hosts.Allows(h)) << c.listen << ": " << h;
    for (const std::string& h : c.refused) EXPECT_FALSE(hosts.Allows(h)) << c.listen << ": " << h;
  }
  web::HostAllowlist hosts;
  ASSERT_TRUE(hosts.Allow("Music.Example.org").ok());
  ASSERT_TRUE(hosts.Allow("localhost:9000").ok());
  ASSERT_TRUE(hosts.Allow("[::1]:9001").ok());
  for (const char* h : {"music.example.org", "music.example.org:443", "MUSIC.EXAMPLE.ORG:8484", "localhost:9000",
                        "[::1]:9001"}) {
    EXPECT_TRUE(hosts.Allows(h)) << h;
  }
  for (const char* h : {"example.org", "evil-music.example.org", "music.example.org.evil", "localhost:9001",
                        "localhost", "[::1]:9000"}) {
    EXPECT_FALSE(hosts.Allows(h)) << h;
  }
  for (const char* bad : {"", "a b", "host:", "host:0", "host:65536", "host:x", "::1", "[::1", "[]", "[x]:1",
                          "http://host", "host/path", "user@host", "host:1:2"}) {
    const Status s = hosts.Allow(bad);
    EXPECT_EQ(s.code(), EINVAL) << bad;
    EXPECT_NE(s.message().find("--allow-host"), std::string::npos) << bad;
  }
}

TEST(SameOrigin, SchemeHttpOrHttpsAndTheRequestsHost) {
  for (const char* url : {"http://127.0.0.1:8484", "https://127.0.0.1:8484", "HTTP://127.0.0.1:8484/?x=1",
                          "http://127.0.0.1:8484/catalog#top"}) {
    EXPECT_TRUE(web::IsSameOrigin(url, "127.0.0.1:8484")) << url;
  }
  EXPECT_TRUE(web::IsSameOrigin("https://Music.Example.org", "music.example.org"));
  for (const char* url : {"", "null", "http://127.0.0.1:8485", "http://127.0.0.1", "http://localhost:8484",
                          "http://127.0.0.1:8484.attacker.example", "http://user@127.0.0.1:8484/",
                          "http://127.0.0.1:8484@attacker.example/", "ftp://127.0.0.1:8484", "//127.0.0.1:8484/",
                          "127.0.0.1:8484"}) {
    EXPECT_FALSE(web::IsSameOrigin(url, "127.0.0.1:8484")) << url;
  }
  EXPECT_FALSE(web::IsSameOrigin("http://", ""));
}

}  // namespace
}  // namespace hoard::test
