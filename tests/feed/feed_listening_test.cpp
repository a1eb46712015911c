// Issue 17 end to end in-process (FeedRunTest): the artists the Last.fm user
// plays as a source, upcoming releases and their release day, mutes, covers
// and pushes, on the project's scenario (tests/data/api: Last.fm
// user.getTopArtists pages of "rj", the Cover Art Archive) plus routes of
// each test's own. Time moves through the store's clock seam, never by
// sleeping.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "feed/atom_writer.h"
#include "feed/feed_document.h"
#include "feed/feed_updater.h"
#include "feed/watch_list.h"
#include "tests/feed/feed_run_fixture.h"

namespace hoard::feed {
namespace {

using nlohmann::json;
using testing::BrowseOf;
using testing::Group;
using testing::JsonReply;
using test::BrowseRoute;
using test::FixtureReply;

constexpr const char* kApiKey = "0123456789abcdefSECRETKEY";
constexpr const char* kNightFerryId = "5f1d2a3b-0000-4000-8000-000000000061";
constexpr const char* kAsaId = "5f1d2a3b-0000-4000-8000-000000000001";
constexpr std::int64_t kJune1 = 1780315200;  // 2026-06-01T12:00:00Z
constexpr std::int64_t kDay = 24 * 3600;

OwnedArtist Asa() { return {"Åsa Öberg", kAsaId, 5, {{"Första albumet", 2001, ""}, {"Andra", 2003, ""}}}; }
OwnedArtist Fixtures() { return {"The Fixtures", "5f1d2a3b-0000-4000-8000-000000000011", 3, {{"Old Tags", 1999, ""}}}; }
OwnedArtist Unplayed() { return {"Never Played", "5f1d2a3b-0000-4000-8000-000000000081", 4, {{"Quiet", 2010, ""}}}; }

test::FakeRoute TopArtists(int page, test::FakeReply reply) {
  return test::LastfmRoute({{"method", "user.gettopartists"}, {"user", "rj"}, {"page", std::to_string(page)}},
                           std::move(reply));
}

class FeedListeningTest : public testing::FeedRunTest {
 protected:
  void SetUp() override {
    FeedRunTest::SetUp();
    config_.lastfm_api_key = kApiKey;
    config_.lastfm_user = "rj";
    config_.min_plays = 50;
    Now(kJune1);
    server_.Add(TopArtists(1, FixtureReply("lastfm/user-gettopartists-rj-page1-of-2.json")));
    server_.Add(TopArtists(2, FixtureReply("lastfm/user-gettopartists-rj-page2-of-2.json")));
    // Artists with a browse of their own in each test; the rest answer nothing new.
    for (const char* id : {kAsaId, "5f1d2a3b-0000-4000-8000-000000000011", "5f1d2a3b-0000-4000-8000-000000000081"}) {
      server_.Add(BrowseRoute(id, 0, JsonReply(BrowseOf({}))));
    }
    server_.Add(test::ArtistSearchRoute("Quiet Hours", FixtureReply("musicbrainz/artist-search-empty-result.json")));
  }

  void Now(std::int64_t t) {
    now_ = t;
    store_->SetNowForTesting([this] { return now_; });
  }

  size_t TopArtistRequests() {
    size_t n = 0;
    for (const auto& r : server_.RequestsTo("/2.0/")) n += r.params.count("method") && r.params.at("method") == "user.gettopartists";
    return n;
  }

  std::int64_t now_ = 0;
};

TEST_F(FeedListeningTest, AnArtistPlayedButNotOwnedIsWatchedWithTheLastYearAtFirstSightThenEverythingNew) {
  server_.Add(BrowseRoute(kNightFerryId, 0,
                          {200,
                           BrowseOf({Group("rg-harbour", "Harbour", "2026-03-01"), Group("rg-old", "Old Light", "2023-05-01"),
                                     Group("rg-undated", "Undated Demo", ""), Group("rg-2025", "Some Year", "2025")})
                               .dump(),
                           {},
                           {}}));
  const UpdateSummary first = Run({Asa(), Fixtures()});
  EXPECT_EQ(first.failed, 0) << first.ToString();
  // Within 365 days of the first check: Harbour (March) and "2025" (some day
  // of it may be); not 2023, not undated.
  EXPECT_EQ(Titles(), (std::vector<std::string>{"Harbour", "Some Year"}));
  EXPECT_EQ(Release("Harbour").artist, "Night Ferry");

  // Forty days later MusicBrainz lists a back-catalogue album added late and
  // a new one (the browse is past its TTL, so it is asked again).
  Now(kJune1 + 40 * kDay);
  server_.Add(BrowseRoute(kNightFerryId, 0,
                          JsonReply(BrowseOf({Group("rg-harbour", "Harbour", "2026-03-01"),
                                              Group("rg-backfill", "Backfill", "1999-01-01"),
                                              Group("rg-late", "Late Bloom", "2026-07-01")}))));
  const UpdateSummary second = Run({Asa(), Fixtures()});
  EXPECT_EQ(second.new_releases, 1) << second.ToString();
  EXPECT_EQ(Titles(), (std::vector<std::string>{"Harbour", "Late Bloom", "Some Year"}));
}

TEST_F(FeedListeningTest, TheLastfmImportStopsBelowMinPlaysAndIsCachedForTheTtl) {
  server_.Add(BrowseRoute(kNightFerryId, 0, JsonReply(BrowseOf({}))));
  Run({Asa()});
  // Page 2 starts at 51 plays and ends at 3: asked, and nothing after it.
  EXPECT_EQ(TopArtistRequests(), 2u);
  auto listened = store_->ListListened();
  ASSERT_TRUE(listened.ok());
  std::vector<std::string> names;
  for (const auto& a : *listened) names.push_back(a.name + " " + std::to_string(a.plays));
  EXPECT_EQ(names, (std::vector<std::string>{"Night Ferry 1843", "Åsa Öberg 977", "the fixtures 120", "Quiet Hours 51"}));
  for (const auto& r : server_.RequestsTo("/2.0/")) {
    EXPECT_EQ(r.params.at("period"), "overall");
    EXPECT_EQ(r.params.at("api_key"), kApiKey);
  }
  Now(kJune1 + kDay);
  Run({Asa()});
  EXPECT_EQ(TopArtistRequests(), 2u) << "a second run within the TTL asks Last.fm nothing";
}

TEST_F(FeedListeningTest, WhoIsWatchedAndWhy) {
  config_.require_plays = true;
  const std::vector<ListenedArtist> listened = {
      {"Night Ferry", kNightFerryId, 1843}, {"Åsa Öberg", kAsaId, 977}, {"the fixtures", "", 120}};
  ASSERT_TRUE(store_->ReplaceListened(listened).ok());
  ASSERT_TRUE(store_->Mute("THE FIXTURES").ok());
  auto muted = store_->ListMuted();
  ASSERT_TRUE(muted.ok());
  std::vector<std::string> rows;
  for (const WatchEntry& e : BuildWatchList({Asa(), Fixtures(), Unplayed()}, listened, *muted, config_, true)) {
    rows.push_back(e.artist.name + " | " + (e.watched ? "watched" : "not watched") + " | " + e.why);
  }
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "Åsa Öberg | watched | owned, played 977 times",
                      "The Fixtures | not watched | muted",
                      "Never Played | not watched | owned, played fewer than 50 times (require_plays)",
                      "Night Ferry | watched | played 1843 times",
                  }));
  // Without a Last.fm user, require_plays has nothing to go by.
  rows.clear();
  for (const WatchEntry& e : BuildWatchList({Unplayed()}, {}, {}, config_, false)) rows.push_back(e.why);
  EXPECT_EQ(rows, std::vector<std::string>{"owned"});
}

TEST_F(FeedListeningTest, RequirePlaysAsksNothingAboutAnOwnedArtistNotPlayed) {
  config_.require_plays = true;
  server_.Add(BrowseRoute(kNightFerryId, 0, JsonReply(BrowseOf({}))));
  Run({Asa(), Unplayed()});
  EXPECT_TRUE(server_.RequestsTo("/ws/2/release-group").size() >= 2u);
  for (const auto& r : server_.RequestsTo("/ws/2/")) {
    EXPECT_EQ(r.target.find("000000000081"), std::string::npos) << r.target;
  }
}

TEST_F(FeedListeningTest, AMutedArtistIsNeverAskedNorListedAndTheMuteOutlivesAnImport) {
  server_.Add(BrowseRoute(kNightFerryId, 0, JsonReply(BrowseOf({Group("rg-harbour", "Harbour", "2026-03-01")}))));
  Run({Asa()});
  ASSERT_EQ(Titles(), std::vector<std::string>{"Harbour"});
  // Muted by another spelling: the release goes at once, by MusicBrainz id.
  ASSERT_TRUE(store_->Mute("night  FERRY").ok());
  EXPECT_TRUE(Titles().empty());
  server_.ClearLog();
  Now(kJune1 + 30 * kDay);  // past every TTL: Last.fm and MusicBrainz are asked again
  Run({Asa()});
  EXPECT_EQ(TopArtistRequests(), 2u) << "Last.fm imported again";
  for (const auto& r : server_.RequestsTo("/ws/2/")) {
    EXPECT_EQ(r.target.find(kNightFerryId), std::string::npos) << "a muted artist was asked about: " << r.target;
  }
  EXPECT_TRUE(Titles().empty());
  ASSERT_TRUE(store_->Unmute("Night Ferry").ok());
  EXPECT_EQ(Titles(), std::vector<std::string>{"Harbour"});
  EXPECT_EQ(store_->Unmute("Night Ferry").code(), ENOENT);
}

TEST_F(FeedListeningTest, AnUpcomingReleaseIsAnnouncedThenAgainOnItsDay) {
  server_.Add(BrowseRoute(kNightFerryId, 0, JsonReply(BrowseOf({Group("rg-tide", "Next Tide", "2026-06-20")}))));
  Run({Asa()});
  StoredRelease tide = Release("Next Tide");
  EXPECT_TRUE(tide.upcoming);
  EXPECT_EQ(tide.out_at, 0);
  EXPECT_EQ(EntryTitle(tide), "Night Ferry \u2013 Next Tide (out on 2026-06-20, Album)");
  ReleaseQuery after_today;
  after_today.upcoming_after = IsoDay(now_);
  auto upcoming = store_->ListReleases(after_today);
  ASSERT_TRUE(upcoming.ok());
  EXPECT_EQ(upcoming->size(), 1u);

  Now(kJune1 + 10 * kDay);  // 2026-06-11: not yet
  EXPECT_EQ(Run({Asa()}).out_now, 0);
  Now(kJune1 + 19 * kDay);  // 2026-06-20, the day
  const UpdateSummary day = Run({Asa()});
  EXPECT_EQ(day.out_now, 1) << day.ToString();
  EXPECT_EQ(Run({Asa()}).out_now, 0) << "out once";
  tide = Release("Next Tide");
  EXPECT_EQ(tide.out_at, kJune1 + 19 * kDay);
  EXPECT_EQ(EntryTitle(tide), "Night Ferry \u2013 Next Tide (2026, Album)");
  after_today.upcoming_after = IsoDay(now_);
  upcoming = store_->ListReleases(after_today);
  ASSERT_TRUE(upcoming.ok());
  EXPECT_TRUE(upcoming->empty());

  // Two Atom entries: the announcement and the release day, newest first.
  FeedDocument doc;
  doc.releases = Releases();
  const std::vector<FeedEntry> entries = FeedEntries(doc);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_TRUE(entries[0].out_now);
  EXPECT_EQ(entries[0].id, ReleaseGroupUrl("rg-tide") + "#out");
  EXPECT_EQ(entries[0].title, "Out now: Night Ferry \u2013 Next Tide (2026-06-20, Album)");
  EXPECT_EQ(entries[1].id, ReleaseGroupUrl("rg-tide"));
  const std::string atom = RenderAtom(doc);
  EXPECT_NE(atom.find("<id>https://musicbrainz.org/release-group/rg-tide#out</id>"), std::string::npos) << atom;
  EXPECT_NE(atom.find("<updated>2026-06-20T12:00:00Z</updated>"), std::string::npos) << atom;
}

TEST_F(FeedListeningTest, CoversComeFromTheCoverArtArchiveElseLastfm) {
  config_.cover_art = true;
  server_.Add(BrowseRoute(kNightFerryId, 0,
                          JsonReply(BrowseOf({Group("rg-harbour", "Harbour", "2026-03-01"),
                                              Group("rg-bare", "Bare", "2026-04-01")}))));
  server_.Add({"/release-group/rg-harbour", {}, {FixtureReply("coverartarchive/release-group-night-ferry-harbour.json")}});
  server_.Add({"/release-group/rg-bare", {}, {{404, "Not Found", {}, {}}}});
  server_.Add(test::LastfmRoute({{"method", "album.getinfo"}, {"artist", "Night Ferry"}, {"album", "Bare"}},
                                JsonReply({{"album",
                                            {{"name", "Bare"},
                                             {"url", "https://www.last.fm/music/Night+Ferry/Bare"},
                                             {"image", {{{"size", "extralarge"}, {"#text", "https://lastfm.freetls.fastly.net/i/u/300x300/bare.png"}}}}}}})));
  Run({Asa()});
  const StoredRelease harbour = Release("Harbour");
  // The front image's 250 px thumbnail, not the back's; http taken as https.
  EXPECT_EQ(harbour.cover,
            "https://coverartarchive.org/release/5f1d2a3b-0000-4000-a000-000000006101/30000000001-250.jpg");
  EXPECT_EQ(CoverUrl(harbour, true), harbour.cover);
  EXPECT_EQ(CoverUrl(harbour, false), "");
  const StoredRelease bare = Release("Bare");
  EXPECT_EQ(bare.cover, "");
  EXPECT_EQ(CoverUrl(bare, true), "https://lastfm.freetls.fastly.net/i/u/300x300/bare.png");
  // Asked once each, then cached.
  Now(kJune1 + kDay);
  Run({Asa()});
  EXPECT_EQ(server_.RequestsTo("/release-group/").size(), 2u);
}

TEST_F(FeedListeningTest, WithCoverArtOffTheArchiveIsNeverAsked) {
  config_.cover_art = false;
  server_.Add(BrowseRoute(kNightFerryId, 0, JsonReply(BrowseOf({Group("rg-harbour", "Harbour", "2026-03-01")}))));
  Run({Asa()});
  EXPECT_TRUE(server_.RequestsTo("/release-group/").empty());
  EXPECT_EQ(Release("Harbour").cover, "");
}

TEST_F(FeedListeningTest, WhenLastfmFailsTheLastImportStandsIn) {
  server_.Add(BrowseRoute(kNightFerryId, 0, JsonReply(BrowseOf({Group("rg-harbour", "Harbour", "2026-03-01")}))));
  Run({Asa()});
  ASSERT_EQ(Titles(), std::vector<std::string>{"Harbour"});
  Now(kJune1 + 30 * kDay);
  server_.Add(TopArtists(1, {500, "oops", {}, {}}));
  server_.Add(BrowseRoute(kNightFerryId, 0,
                          JsonReply(BrowseOf({Group("rg-harbour", "Harbour", "2026-03-01"),
                                              Group("rg-late", "Late Bloom", "2026-06-25")}))));
  const UpdateSummary s = Run({Asa()});
  EXPECT_EQ(s.new_releases, 1) << s.ToString();
  EXPECT_EQ(Titles(), (std::vector<std::string>{"Harbour", "Late Bloom"}));
}

std::vector<std::string> PushTitles(const std::vector<test::LoggedRequest>& pushes) {
  std::vector<std::string> titles;
  for (const auto& p : pushes) titles.push_back(json::parse(p.body).value("title", ""));
  return titles;
}

TEST_F(FeedListeningTest, EachNewReleaseAndReleaseDayIsPushedOnceAndAFailedPushIsRetriedNextRun) {
  config_.notify_url = server_.url() + "/hooks/hoard?token=SECRET-TOKEN";
  config_.notify_format = "json";
  // The target fails the first push, then takes everything.
  server_.Add({"/hooks/hoard", {}, {{500, "down", {}, {}}, {200, "{}", {}, {}}}, "POST"});
  server_.Add(BrowseRoute(kNightFerryId, 0,
                          JsonReply(BrowseOf({Group("rg-harbour", "Harbour", "2026-03-01"),
                                              Group("rg-tide", "Next Tide", "2026-06-20")}))));
  const UpdateSummary first = Run({Asa()});
  EXPECT_EQ(first.pushed, 1) << first.ToString();
  EXPECT_EQ(first.push_failed, 1) << first.ToString();
  EXPECT_EQ(server_.RequestsTo("/hooks/").size(), 2u) << "a 500 is not retried within the run";

  Now(kJune1 + kDay);
  const UpdateSummary second = Run({Asa()});
  EXPECT_EQ(second.pushed, 1) << "the failed one, once: " << second.ToString();
  EXPECT_EQ(second.push_failed, 0);
  Now(kJune1 + 2 * kDay);
  EXPECT_EQ(Run({Asa()}).pushed, 0) << "nothing twice";

  Now(kJune1 + 19 * kDay);  // Next Tide's day
  const UpdateSummary day = Run({Asa()});
  EXPECT_EQ(day.pushed, 1) << day.ToString();
  const auto pushes = server_.RequestsTo("/hooks/");
  ASSERT_EQ(pushes.size(), 4u);
  std::vector<std::string> delivered = PushTitles({pushes[1], pushes[2], pushes[3]});
  std::sort(delivered.begin(), delivered.end() - 1);
  EXPECT_EQ(delivered, (std::vector<std::string>{"Night Ferry \u2013 Harbour (2026, Album)",
                                                 "Night Ferry \u2013 Next Tide (out on 2026-06-20, Album)",
                                                 "Out now: Night Ferry \u2013 Next Tide (2026-06-20, Album)"}));
  const json out = json::parse(pushes[3].body);
  EXPECT_EQ(out.value("event", ""), "out");
  EXPECT_EQ(out.value("url", ""), ReleaseGroupUrl("rg-tide"));
  EXPECT_EQ(pushes[3].headers.at("Content-Type").rfind("application/json", 0), 0u);
}

TEST_F(FeedListeningTest, AnUnreachablePushTargetKeepsEverythingOwed) {
  config_.notify_url = "http://127.0.0.1:" + std::to_string(test::ClosedLoopbackPort()) + "/topic";
  server_.Add(BrowseRoute(kNightFerryId, 0,
                          JsonReply(BrowseOf({Group("rg-harbour", "Harbour", "2026-03-01"),
                                              Group("rg-bloom", "Bloom", "2026-04-01")}))));
  const UpdateSummary s = Run({Asa()});
  EXPECT_EQ(s.pushed, 0);
  EXPECT_EQ(s.push_failed, 2) << s.ToString();
  EXPECT_EQ(s.checked, 2) << "a push target down does not fail the run";
  auto owed = store_->PendingPushes();
  ASSERT_TRUE(owed.ok());
  EXPECT_EQ(owed->size(), 2u);
}

TEST_F(FeedListeningTest, WithoutAPushTargetNothingIsOwedForLater) {
  server_.Add(BrowseRoute(kNightFerryId, 0, JsonReply(BrowseOf({Group("rg-harbour", "Harbour", "2026-03-01")}))));
  Run({Asa()});
  auto owed = store_->PendingPushes();
  ASSERT_TRUE(owed.ok());
  EXPECT_TRUE(owed->empty()) << "configuring a target later must not flood it with the past";
}

TEST_F(FeedListeningTest, APushToNtfyCarriesTitleAndLink) {
  config_.notify_url = server_.url() + "/hoard-releases-SECRET";
  server_.Add({"/hoard-releases-SECRET", {}, {{200, "{}", {}, {}}}, "POST"});
  server_.Add(BrowseRoute(kNightFerryId, 0, JsonReply(BrowseOf({Group("rg-harbour", "Harbour", "2026-03-01")}))));
  EXPECT_EQ(Run({Asa()}).pushed, 1);
  const auto pushes = server_.RequestsTo("/hoard-releases-SECRET");
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_EQ(pushes[0].headers.at("Click"), ReleaseGroupUrl("rg-harbour"));
  EXPECT_NE(pushes[0].body.find("Harbour"), std::string::npos);
}

}  // namespace
}  // namespace hoard::feed
