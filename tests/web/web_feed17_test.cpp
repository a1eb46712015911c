// The web view's part of issue 17 over real HTTP on loopback: the
// Content-Security-Policy of web/cover_policy.h on every answer, covers on
// the releases page only from the allowed hosts, upcoming releases, the
// calendar at /feed.ics, and muting an artist from the page.
#include <gtest/gtest.h>
#include <httplib.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "feed/feed_document.h"
#include "feed/feed_store.h"
#include "tests/web/served_web_test.h"

namespace hoard::test {
namespace {

using nlohmann::json;

constexpr const char* kFixedCoverHosts =
    "https://coverartarchive.org https://archive.org https://*.archive.org https://lastfm.freetls.fastly.net";

constexpr const char* kArchiveCoverId = "88888888-0000-0000-0000-000000000001";
constexpr const char* kEvilHostCoverId = "88888888-0000-0000-0000-000000000002";
constexpr const char* kScriptCoverId = "88888888-0000-0000-0000-000000000003";
constexpr const char* kLastfmImageId = "88888888-0000-0000-0000-000000000004";
constexpr const char* kMirrorCoverId = "88888888-0000-0000-0000-000000000005";
constexpr const char* kUpcomingId = "99999999-0000-0000-0000-000000000001";

constexpr const char* kArchiveCover = "https://coverartarchive.org/release-group/88888888/front-250";
constexpr const char* kMirrorCover = "https://ia800.us.archive.org/32/items/mbid-x/front-250.jpg";
constexpr const char* kLastfmImage = "https://lastfm.freetls.fastly.net/i/u/300x300/abc.png";

// The img-src directive of a Content-Security-Policy, without its name.
std::string ImgSrc(const std::string& csp) {
  const std::string name = "img-src ";
  const std::size_t start = csp.find(name);
  if (start == std::string::npos) return "<no img-src in \"" + csp + "\">";
  const std::size_t end = csp.find(';', start);
  return csp.substr(start + name.size(), end == std::string::npos ? std::string::npos : end - start - name.size());
}

// The <tr> of the releases page for `mbid`; "" when there is none.
std::string RowOf(const std::string& page, const std::string& mbid) {
  const std::size_t start = page.find("<tr data-mbid=\"" + mbid + "\"");
  if (start == std::string::npos) return "";
  const std::size_t end = page.find("</tr>", start);
  return page.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The UTC day `days` from now by the real clock, as the page compares dates.
std::string DayFromNow(int days) { return feed::IsoDay(std::time(nullptr) + std::int64_t{days} * 86'400); }

void AddReleases(const std::filesystem::path& db_path, const std::vector<feed::StoredRelease>& releases) {
  auto store = feed::FeedStore::Open(db_path.string());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  for (const feed::StoredRelease& r : releases) {
    feed::ArtistOutcome outcome;
    outcome.resolution.name_key = "key-" + r.mbid;
    outcome.resolution.name = r.artist;
    outcome.resolution.status = "resolved";
    outcome.verdicts = {{r.mbid, feed::Verdict::kNew}};
    outcome.releases = {r};
    ASSERT_TRUE((*store)->CommitArtist(outcome).ok()) << r.mbid;
  }
}

feed::StoredRelease CoverRelease(const char* id, const char* title, const std::string& cover,
                                 const std::string& image = "") {
  feed::StoredRelease r;
  r.mbid = id;
  r.artist = "Coverer";
  r.artist_mbid = std::string("artist-") + id;
  r.title = title;
  r.primary_type = "Album";
  r.date = "2025-01-10";
  r.year = 2025;
  r.discovered = 1'800'000'000;
  r.cover = cover;
  r.image = image;
  return r;
}

std::vector<feed::StoredRelease> CoverReleases() {
  return {CoverRelease(kArchiveCoverId, "Archived", kArchiveCover),
          CoverRelease(kEvilHostCoverId, "Elsewhere", "https://evil.example/x.jpg"),
          CoverRelease(kScriptCoverId, "Scripted", "javascript:alert(1)"),
          CoverRelease(kLastfmImageId, "Fallback", "", kLastfmImage),
          CoverRelease(kMirrorCoverId, "Mirrored", kMirrorCover)};
}

class WebFeed17Test : public ServedWebTest {
 protected:
  explicit WebFeed17Test(feed::FeedConfig config = {}) : ServedWebTest(std::move(config)) {}

  // The img-src of every kind of answer: page, API, feed, calendar, static
  // file, 404, 400, 304, refused POST; all must be `expected`.
  void ExpectImgSrcEverywhere(const std::string& expected) {
    const std::string etag = Get("/feed.atom")->get_header_value("ETag");
    std::vector<std::pair<std::string, httplib::Result>> answers;
    for (const char* path : {"/", "/?sort=bogus", "/catalog", "/api/releases", "/api/nothing", "/feed.atom",
                             "/feed.rss", "/feed.ics", "/static/style.css", "/nope"}) {
      answers.emplace_back(path, Get(path));
    }
    answers.emplace_back("/feed.atom (304)", Get("/feed.atom", {{"If-None-Match", etag}}));
    answers.emplace_back("POST /artists/mute (403)",
                         client_.Post("/artists/mute", OwnOrigin(), httplib::Params{{"artist", "Björk"}}));
    for (const auto& [what, res] : answers) {
      ASSERT_TRUE(res) << what;
      EXPECT_NE(res->status, 500) << what;
      EXPECT_TRUE(res->has_header("Content-Security-Policy")) << what;
      EXPECT_EQ(ImgSrc(res->get_header_value("Content-Security-Policy")), expected) << what;
    }
    EXPECT_EQ(answers[answers.size() - 2].second->status, 304);
    EXPECT_EQ(answers.back().second->status, 403);
  }
};

TEST_F(WebFeed17Test, ContentSecurityPolicyAllowsExactlyTheCoverHosts) {
  ExpectImgSrcEverywhere(std::string("'self' ") + kFixedCoverHosts);
  const std::string csp = Get("/")->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
}

class WebFeed17OwnArchiveTest : public WebFeed17Test {
 protected:
  static feed::FeedConfig Config() {
    feed::FeedConfig config;
    config.cover_art_url = "https://Covers.Example.org:8443/caa";
    return config;
  }
  WebFeed17OwnArchiveTest() : WebFeed17Test(Config()) {}
};

TEST_F(WebFeed17OwnArchiveTest, TheConfiguredArchiveComesFirst) {
  ExpectImgSrcEverywhere(std::string("'self' https://covers.example.org:8443 ") + kFixedCoverHosts);
  AddReleases(served_.db_path(),
              {CoverRelease(kArchiveCoverId, "Own archive", "https://covers.example.org:8443/release-group/x/front-250"),
               CoverRelease(kEvilHostCoverId, "Other port", "https://covers.example.org/release-group/x/front-250")});
  auto page = Get("/?artist=Coverer");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(RowOf(page->body, kArchiveCoverId).find("src=\"https://covers.example.org:8443/release-group/x/front-250\""),
            std::string::npos)
      << RowOf(page->body, kArchiveCoverId);
  EXPECT_EQ(RowOf(page->body, kEvilHostCoverId).find("<img"), std::string::npos);
}

class WebFeed17NoCoversTest : public WebFeed17Test {
 protected:
  static feed::FeedConfig Config() {
    feed::FeedConfig config;
    config.cover_art = false;
    return config;
  }
  WebFeed17NoCoversTest() : WebFeed17Test(Config()) {}
};

TEST_F(WebFeed17NoCoversTest, NoImageHostAndNoImage) {
  ExpectImgSrcEverywhere("'self'");
  AddReleases(served_.db_path(), CoverReleases());
  auto page = Get("/");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  ASSERT_NE(RowOf(page->body, kArchiveCoverId), "") << "the release is listed, without its cover";
  EXPECT_EQ(page->body.find("<img"), std::string::npos);
  EXPECT_EQ(page->body.find("coverartarchive.org"), std::string::npos);
  for (const char* path : {"/feed.atom", "/feed.rss"}) {
    auto feed = Get(path);
    ASSERT_TRUE(feed) << path;
    EXPECT_EQ(feed->body.find("<media:thumbnail"), std::string::npos) << path;
    EXPECT_EQ(feed->body.find(kArchiveCover), std::string::npos) << path;
  }
}

TEST_F(WebFeed17Test, CoversOnlyFromTheAllowedHostsAndLazily) {
  AddReleases(served_.db_path(), CoverReleases());
  auto page = Get("/?artist=Coverer");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("5 releases"), std::string::npos) << "every release is listed, cover or not";
  for (const auto& [id, url] : {std::pair{kArchiveCoverId, kArchiveCover}, std::pair{kMirrorCoverId, kMirrorCover},
                                std::pair{kLastfmImageId, kLastfmImage}}) {
    const std::string row = RowOf(page->body, id);
    ASSERT_NE(row, "") << id;
    const std::size_t cell = row.find("<td class=\"cover\">");
    ASSERT_NE(cell, std::string::npos) << row;
    const std::size_t img = row.find("<img ", cell);
    ASSERT_NE(img, std::string::npos) << id << ": " << row;
    const std::string tag = row.substr(img, row.find('>', img) - img);
    EXPECT_NE(tag.find(std::string("src=\"") + url + "\""), std::string::npos) << tag;
    EXPECT_NE(tag.find("loading=\"lazy\""), std::string::npos) << tag;
    EXPECT_NE(tag.find("referrerpolicy=\"no-referrer\""), std::string::npos) << tag;
    EXPECT_LT(img, row.find("</td>", cell)) << "the <img> is in the cover cell";
  }
  for (const char* id : {kEvilHostCoverId, kScriptCoverId}) {
    const std::string row = RowOf(page->body, id);
    ASSERT_NE(row, "") << id;
    EXPECT_NE(row.find("<td class=\"cover\"></td>"), std::string::npos) << row;
    EXPECT_EQ(row.find("<img"), std::string::npos) << row;
  }
  EXPECT_EQ(page->body.find("evil.example"), std::string::npos);
  EXPECT_EQ(page->body.find("javascript:"), std::string::npos);
  // Exactly the three allowed covers, and each of their hosts is in the policy.
  std::size_t images = 0;
  for (std::size_t at = page->body.find("<img"); at != std::string::npos; at = page->body.find("<img", at + 1)) ++images;
  EXPECT_EQ(images, 3u);
}

TEST_F(WebFeed17Test, AnUpcomingReleaseIsListedWithItsDay) {
  const std::string day = DayFromNow(30);
  feed::StoredRelease r = CoverRelease(kUpcomingId, "Coming Soon", "");
  r.artist = "Futurist";
  r.date = day;
  r.year = std::stoi(day.substr(0, 4));
  r.upcoming = true;
  AddReleases(served_.db_path(), {r});
  auto page = Get("/");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  const std::string& body = page->body;
  const std::size_t heading = body.find("<h2>Upcoming</h2>");
  ASSERT_NE(heading, std::string::npos) << body;
  const std::size_t list = body.find("<ul id=\"upcoming\">");
  ASSERT_NE(list, std::string::npos) << body;
  EXPECT_LT(heading, list);
  const std::string upcoming = body.substr(list, body.find("</ul>", list) - list);
  EXPECT_NE(upcoming.find("<time datetime=\"" + day + "\">" + day + "</time>"), std::string::npos) << upcoming;
  EXPECT_NE(upcoming.find("Futurist"), std::string::npos) << upcoming;
  EXPECT_NE(upcoming.find(std::string("href=\"https://musicbrainz.org/release-group/") + kUpcomingId + "\""),
            std::string::npos)
      << upcoming;
  EXPECT_NE(upcoming.find("Coming Soon"), std::string::npos) << upcoming;
  // Releases of the past are not upcoming.
  for (const char* past : {"Fossora", "Power Up", "Undated Thing"}) {
    EXPECT_EQ(upcoming.find(past), std::string::npos) << past;
  }
  const std::string row = RowOf(body, kUpcomingId);
  ASSERT_NE(row, "");
  EXPECT_NE(row.find("<td>out on " + day + "</td>"), std::string::npos) << row;
  EXPECT_NE(RowOf(body, kFossoraId).find("<td>2022-09-30</td>"), std::string::npos);
}

TEST_F(WebFeed17Test, NoUpcomingSectionWhenNothingIsComing) {
  auto page = Get("/");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_EQ(page->body.find("id=\"upcoming\""), std::string::npos);
  EXPECT_EQ(page->body.find("<h2>Upcoming</h2>"), std::string::npos);
}

TEST_F(WebFeed17Test, CalendarHasAnEventPerDatedReleaseAndAnswers304) {
  auto ics = Get("/feed.ics");
  ASSERT_TRUE(ics);
  EXPECT_EQ(ics->status, 200);
  EXPECT_EQ(ics->get_header_value("Content-Type"), "text/calendar; charset=utf-8");
  const std::string& body = ics->body;
  EXPECT_EQ(body.rfind("BEGIN:VCALENDAR\r\n", 0), 0u) << body.substr(0, 200);
  EXPECT_NE(body.find("END:VCALENDAR\r\n"), std::string::npos);
  EXPECT_NE(body.find("BEGIN:VEVENT\r\n"), std::string::npos);
  EXPECT_NE(body.find(std::string("UID:") + kFossoraId + "@hoard\r\n"), std::string::npos) << body;
  EXPECT_NE(body.find("DTSTART;VALUE=DATE:20220930\r\n"), std::string::npos) << body;
  // A year alone ("2021") and no date at all make no event.
  EXPECT_EQ(body.find(std::string("UID:") + kAsaId), std::string::npos);
  EXPECT_EQ(body.find(std::string("UID:") + kUndatedId), std::string::npos);

  const std::string etag = ics->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_NE(etag, Get("/feed.atom")->get_header_value("ETag"));
  auto same = Get("/feed.ics", {{"If-None-Match", etag}});
  ASSERT_TRUE(same);
  EXPECT_EQ(same->status, 304);
  EXPECT_TRUE(same->body.empty());
  auto by_date = Get("/feed.ics", {{"If-Modified-Since", ics->get_header_value("Last-Modified")}});
  ASSERT_TRUE(by_date);
  EXPECT_EQ(by_date->status, 304);
  auto stale = Get("/feed.ics", {{"If-None-Match", "\"0000\""}});
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 200);
  EXPECT_EQ(stale->body, body);
}

TEST_F(WebFeed17Test, MutingNeedsTheCsrfTokenAndHidesTheArtistEverywhere) {
  const std::vector<std::string> all = {kUndatedId, kAsaId, kPowerUpId, kFossoraId, kEvilId};
  ASSERT_EQ(Ids(""), all);
  const std::string atom_etag = Get("/feed.atom")->get_header_value("ETag");
  const std::string token = CsrfToken();
  ASSERT_FALSE(token.empty());
  // The releases page offers the form, with the token.
  auto page = Get("/");
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("action=\"/artists/mute\""), std::string::npos);
  EXPECT_NE(page->body.find("Mute artist"), std::string::npos);

  for (const std::string& t : {std::string(), std::string(64, '0')}) {
    httplib::Params form = {{"artist", "Björk"}, {"back", ""}};
    if (!t.empty()) form.emplace("csrf", t);
    auto res = client_.Post("/artists/mute", OwnOrigin(), form);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << (t.empty() ? "no token" : "wrong token");
  }
  // The right token from another origin changes nothing either.
  auto foreign = client_.Post("/artists/mute", {{"Origin", "http://attacker.example"}},
                              httplib::Params{{"csrf", token}, {"artist", "Björk"}});
  ASSERT_TRUE(foreign);
  EXPECT_EQ(foreign->status, 403);
  auto no_artist = client_.Post("/artists/mute", OwnOrigin(), httplib::Params{{"csrf", token}});
  ASSERT_TRUE(no_artist);
  EXPECT_EQ(no_artist->status, 400);
  EXPECT_EQ(Ids(""), all);
  {
    auto store = feed::FeedStore::Open(served_.db_path().string());
    ASSERT_TRUE(store.ok());
    auto muted = (*store)->ListMuted();
    ASSERT_TRUE(muted.ok());
    EXPECT_TRUE(muted->empty()) << "a refused mute reached the database";
  }

  auto ok = client_.Post("/artists/mute", OwnOrigin(),
                         httplib::Params{{"csrf", token}, {"artist", "Björk"}, {"back", "sort=title"}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 303) << ok->body;
  EXPECT_EQ(ok->get_header_value("Location"), "/?sort=title");

  EXPECT_EQ(Ids(""), (std::vector<std::string>{kAsaId, kPowerUpId, kEvilId}));
  EXPECT_EQ(Ids("?artist=bjork"), std::vector<std::string>{});
  auto after = Get("/");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
  EXPECT_EQ(RowOf(after->body, kFossoraId), "");
  EXPECT_EQ(RowOf(after->body, kUndatedId), "");
  EXPECT_EQ(after->body.find("Fossora"), std::string::npos);
  EXPECT_EQ(after->body.find("Undated Thing"), std::string::npos);
  EXPECT_NE(RowOf(after->body, kPowerUpId), "");
  EXPECT_NE(after->body.find("3 releases"), std::string::npos);
  auto atom = Get("/feed.atom", {{"If-None-Match", atom_etag}});
  ASSERT_TRUE(atom);
  EXPECT_EQ(atom->status, 200) << "the mute must change the feed's ETag";
  EXPECT_EQ(atom->body.find("Fossora"), std::string::npos);
  EXPECT_EQ(atom->body.find(kFossoraId), std::string::npos);
  EXPECT_EQ(atom->body.find("Undated Thing"), std::string::npos);
  EXPECT_NE(atom->body.find("Power Up"), std::string::npos);
  for (const char* path : {"/feed.rss", "/feed.ics"}) {
    auto feed = Get(path);
    ASSERT_TRUE(feed) << path;
    EXPECT_EQ(feed->body.find(kFossoraId), std::string::npos) << path;
  }

  // The mute is in the database: another process opening it sees it.
  auto store = feed::FeedStore::Open(served_.db_path().string());
  ASSERT_TRUE(store.ok());
  auto muted = (*store)->ListMuted();
  ASSERT_TRUE(muted.ok());
  ASSERT_EQ(muted->size(), 1u);
  EXPECT_EQ((*muted)[0].name, "Björk");
  auto listed = (*store)->ListReleases(feed::ReleaseQuery{});
  ASSERT_TRUE(listed.ok());
  for (const auto& r : *listed) EXPECT_NE(r.artist, "Björk") << r.mbid;
  EXPECT_EQ(listed->size(), 3u);
}

}  // namespace
}  // namespace hoard::test
