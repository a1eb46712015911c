// The update pipeline end to end in-process: config -> MakeFeedClients ->
// FeedUpdater, against the fake server replaying the recorded responses over
// loopback HTTP, with a real SQLite store. Most tests raise the MusicBrainz
// rate through the config (a local server may go faster); the spacing test
// uses the real 1 request/s.
#include "feed/feed_updater.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "feed/feed_clients.h"
#include "hoard/version.h"
#include "tests/support/fake_api_server.h"
#include "tests/support/paths.h"

namespace hoard::feed {
namespace {

using nlohmann::json;
using test::FakeApiServer;
using test::FakeReply;
using test::ReadFixture;

constexpr const char* kManowarId = "00eeed6b-5897-4359-8347-b8cd28375331";
constexpr const char* kApiKey = "0123456789abcdefSECRETKEY";

FakeReply Json(const json& body) { return {200, body.dump(), {}, {}}; }

json BrowseOf(std::vector<json> groups, int total = -1) {
  return {{"release-group-count", total < 0 ? static_cast<int>(groups.size()) : total},
          {"release-group-offset", 0},
          {"release-groups", groups}};
}

json Group(const std::string& id, const std::string& title, const std::string& date,
           const json& primary = "Album", const json& secondary = json::array()) {
  return {{"id", id}, {"title", title}, {"first-release-date", date}, {"primary-type", primary},
          {"secondary-types", secondary}};
}

test::FakeRoute BrowseRoute(const std::string& artist, int offset, FakeReply reply) {
  return {"/ws/2/release-group", {{"artist", artist}, {"offset", std::to_string(offset)}}, {std::move(reply)}};
}

class FeedUpdaterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.AddRecordedRoutes();
    config_.musicbrainz_url = server_.url() + "/ws/2";
    config_.lastfm_url = server_.url() + "/2.0/";
    config_.contact = "tests@example.org";
    config_.musicbrainz_rate = 200;
    config_.lastfm_rate = 200;
    config_.timeout = std::chrono::seconds(2);
    config_.retries = 1;
    auto store = FeedStore::Open((dir_.path() / "catalog.db").string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }

  UpdateSummary Run(const std::vector<OwnedArtist>& artists) {
    FeedClients clients = MakeFeedClients(config_, *store_);
    FeedUpdater updater(config_, *store_, *clients.musicbrainz, clients.lastfm.get());
    return updater.Run(artists);
  }

  std::vector<StoredRelease> Releases() {
    auto r = store_->ListReleases({});
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<StoredRelease>{};
  }

  std::vector<std::string> Titles() {
    std::vector<std::string> titles;
    for (const auto& r : Releases()) titles.push_back(r.title);
    std::sort(titles.begin(), titles.end());
    return titles;
  }

  static OwnedArtist Perkele() {
    return {"Perkele", test::kPerkeleId, 40,
            {{"Fran flykt till kamp", 1998, ""}, {"Längtan (Deluxe Edition)", 2008, ""}, {"Perkel Forever", 2010, ""}}};
  }

  FakeApiServer server_;
  test::TempDir dir_;
  FeedConfig config_;
  std::unique_ptr<FeedStore> store_;
};

TEST_F(FeedUpdaterTest, TaggedArtistOwnedEditionsTyposAndOlderDropped) {
  const UpdateSummary s = Run({Perkele()});
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(s.failed, 0);
  // Studio albums after 2010 that the user lacks; "Perkel Forever" is a typo of one owned.
  EXPECT_EQ(Titles(), (std::vector<std::string>{"A Way Out", "Leaders Of Tomorrow"}));
  EXPECT_EQ(s.new_releases, 2);
  EXPECT_TRUE(server_.RequestsTo("/ws/2/artist").empty()) << "a tagged artist is never searched";
  EXPECT_EQ(server_.RequestsTo("/ws/2/release-group").size(), 1u);
  for (const char* owned_or_older : {"Voice of Anger", "Längtan", "Perkele Forever"}) {
    for (const auto& r : Releases()) EXPECT_NE(r.title, owned_or_older);
  }
}

TEST_F(FeedUpdaterTest, ChineseTitlesEmptyDateKeptAsUndatedWithSecondaryTypes) {
  config_.secondary_types = {"Live"};
  const OwnedArtist jay{"周杰倫", test::kJayChouId, 120, {{"跨時代", 2010, ""}, {"魔杰座", 2008, ""}}};
  const UpdateSummary s = Run({jay});
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(Titles(), (std::vector<std::string>{"12 新作", "2010超時代演唱會", "Fantasy Show", "哎呦, 不錯哦", "驚嘆號"}));
  for (const auto& r : Releases()) {
    if (r.title == "Fantasy Show") {
      EXPECT_TRUE(r.undated());
      EXPECT_EQ(r.date, "");
      EXPECT_EQ(r.secondary_types, std::vector<std::string>{"Live"});
    }
  }
}

TEST_F(FeedUpdaterTest, UndatedGetsAYearFromLastfmTags) {
  config_.secondary_types = {"Live"};
  config_.lastfm_api_key = kApiKey;
  json cher = json::parse(ReadFixture("lastfm/album-getinfo-cher-believe.json"));
  cher["album"]["tags"] = {{"tag", {{"name", "2001"}, {"url", "u"}}}};  // also the single-object quirk
  server_.Add({"/2.0/", {{"method", "album.getinfo"}, {"album", "Fantasy Show"}}, {Json(cher)}});
  const OwnedArtist jay{"周杰倫", test::kJayChouId, 120, {{"跨時代", 2010, ""}}};
  Run({jay});
  for (const auto& r : Releases()) EXPECT_NE(r.title, "Fantasy Show") << "2001 < 2010: older";
  EXPECT_FALSE(Releases().empty());
}

TEST_F(FeedUpdaterTest, SearchResolvesClearNamesAndRecordsAmbiguousOnes) {
  server_.Add(BrowseRoute(kManowarId, 0, Json(BrowseOf({Group("m1", "Kings of Metal", "1988"),
                                                        Group("m2", "The Lord of Steel", "2012")}))));
  const UpdateSummary s = Run({{"Manowar", "", 50, {{"Kings of Metal MMXIV", 2014, ""}, {"Kings of Metal", 1988, ""}}},
                               {"Solstice", "", 10, {}},
                               {"Fred", "", 10, {}},
                               {"Nobody At All", "", 10, {}}});
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(s.unresolved, 3);
  EXPECT_EQ(Titles(), std::vector<std::string>{});  // 2012 < 2014
  ASSERT_EQ(server_.RequestsTo("/ws/2/artist").size(), 4u);
  EXPECT_EQ(server_.RequestsTo("/ws/2/artist")[0].params.at("query"), "artist:\"Manowar\"");
  auto unresolved = store_->ListUnresolved();
  ASSERT_TRUE(unresolved.ok());
  ASSERT_EQ(unresolved->size(), 3u);
  for (const auto& u : *unresolved) {
    EXPECT_FALSE(u.reason.empty());
    EXPECT_EQ(u.status, u.name == "Nobody At All" ? "no-match" : "ambiguous");
  }
  EXPECT_EQ(store_->FindResolution("manowar")->mbid, kManowarId);
}

TEST_F(FeedUpdaterTest, AmbiguousNameSettledByTheOwnedAlbums) {
  // Solstice: the UK doom band (score 100) made "New Dark Age"; the others did not.
  server_.Add(BrowseRoute("3f03ad4f-99e1-4e52-8eb8-eb79f2a0c55e", 0,
                          Json(BrowseOf({Group("s1", "New Dark Age", "1998"), Group("s2", "White Horse Hill", "2018")}))));
  server_.Add(BrowseRoute("06942e9b-567b-45c4-97a6-9d98265ba479", 0,
                          Json(BrowseOf({Group("n1", "Silent Dance", "1984")}))));
  const UpdateSummary s = Run({{"Solstice", "", 10, {{"New Dark Age", 1998, ""}}}});
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(Titles(), std::vector<std::string>{"White Horse Hill"});
  EXPECT_EQ(store_->FindResolution("solstice")->mbid, "3f03ad4f-99e1-4e52-8eb8-eb79f2a0c55e");
}

TEST_F(FeedUpdaterTest, ScoreAsStringResolves) {
  server_.Add({"/ws/2/artist", {{"query", "artist:\"Bob Dylan\""}},
               {test::FixtureReply("musicbrainz/artist-search-bob-dylan-2015-score-as-string.json")}});
  server_.Add(BrowseRoute("72c536dc-7137-4477-a521-567eeb840fa8", 0,
                          Json(BrowseOf({Group("d1", "Rough and Rowdy Ways", "2020-06-19")}))));
  const UpdateSummary s = Run({{"Bob Dylan", "", 300, {{"Tempest", 2012, ""}}}});
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(Titles(), std::vector<std::string>{"Rough and Rowdy Ways"});
}

TEST_F(FeedUpdaterTest, BrowsePagesUntilTheCount) {
  json page1 = json::parse(ReadFixture("musicbrainz/release-groups-britney-spears-page1-limit10.json"));
  page1["release-group-count"] = 12;
  server_.Add(BrowseRoute(test::kBritneyId, 0, Json(page1)));
  server_.Add(BrowseRoute(test::kBritneyId, 10, Json(BrowseOf({Group("b11", "Blackout Remixes", "2009"),
                                                               Group("b12", "Brand New Album", "2025")}, 12))));
  Run({{"Britney Spears", test::kBritneyId, 100, {{"Glory", 2016, ""}}}});
  const auto browses = server_.RequestsTo("/ws/2/release-group");
  ASSERT_EQ(browses.size(), 2u);
  EXPECT_EQ(browses[0].params.at("offset"), "0");
  EXPECT_EQ(browses[0].params.at("limit"), "100");
  EXPECT_EQ(browses[1].params.at("offset"), "10");
  EXPECT_EQ(Titles(), std::vector<std::string>{"Brand New Album"});
}

TEST_F(FeedUpdaterTest, RateLimited503ThenSuccess) {
  json browse = BrowseOf(json::parse(ReadFixture("musicbrainz/artist-lookup-perkele-inc-release-groups.json"))["release-groups"]);
  server_.Add({"/ws/2/release-group", {{"artist", test::kPerkeleId}, {"offset", "0"}},
               {test::RateLimitedReply(1), Json(browse)}});
  const UpdateSummary s = Run({Perkele()});
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(s.failed, 0);
  const auto browses = server_.RequestsTo("/ws/2/release-group");
  ASSERT_EQ(browses.size(), 2u);
  EXPECT_GE(browses[1].arrived - browses[0].arrived, std::chrono::seconds(1));
  EXPECT_EQ(Titles().size(), 2u);
}

TEST_F(FeedUpdaterTest, MalformedBodyAndNotFoundSkipTheArtistOnly) {
  server_.Add(BrowseRoute(kManowarId, 0, {200, "{\"release-groups\": [{\"id\": ", {}, {}}));
  const UpdateSummary s = Run({{"Manowar", kManowarId, 10, {}},
                               {"Ghost", "11111111-2222-4333-8444-555555555555", 10, {}},
                               Perkele()});
  EXPECT_EQ(s.failed, 2);
  EXPECT_EQ(s.checked, 1);
  EXPECT_FALSE(s.NothingReached());
  EXPECT_EQ(Titles().size(), 2u);
}

TEST_F(FeedUpdaterTest, ConnectionRefusedMeansNothingReached) {
  config_.musicbrainz_url = "http://127.0.0.1:" + std::to_string(test::ClosedLoopbackPort()) + "/ws/2";
  const UpdateSummary s = Run({Perkele(), {"Manowar", "", 10, {}}});
  EXPECT_EQ(s.failed, 2);
  EXPECT_TRUE(s.NothingReached());
}

TEST_F(FeedUpdaterTest, SpecialPurposeAndSmallArtistsAreSkippedWithoutRequests) {
  config_.min_tracks = 5;
  const UpdateSummary s = Run({{"Various Artists", "", 500, {}}, {"[unknown]", "", 50, {}}, {"Tiny", "", 2, {}}});
  EXPECT_EQ(s.skipped, 3);
  EXPECT_TRUE(server_.Requests().empty());
}

TEST_F(FeedUpdaterTest, SecondRunMakesNoRequestAndAnnouncesNothingTwice) {
  server_.Add(BrowseRoute(kManowarId, 0, Json(BrowseOf({Group("m2", "The Lord of Steel", "2012")}))));
  const std::vector<OwnedArtist> artists = {Perkele(), {"Manowar", "", 50, {}}, {"Solstice", "", 5, {}}};
  const UpdateSummary first = Run(artists);
  EXPECT_EQ(first.new_releases, 3);
  const size_t requests = server_.Requests().size();
  EXPECT_EQ(requests, 4u);  // Perkele browse, Manowar search + browse, Solstice search
  const UpdateSummary second = Run(artists);
  EXPECT_EQ(server_.Requests().size(), requests) << "a second run within the TTL asks nothing";
  EXPECT_EQ(second.new_releases, 0);
  EXPECT_EQ(second.checked, 2);
  EXPECT_EQ(Releases().size(), 3u);
}

TEST_F(FeedUpdaterTest, FailedRequestsAreRetriedOnTheNextRun) {
  server_.Add(BrowseRoute(kManowarId, 0, {500, "oops", {}, {}}));
  Run({{"Manowar", kManowarId, 10, {}}, Perkele()});
  const size_t after_first = server_.Requests().size();
  server_.Add(BrowseRoute(kManowarId, 0, Json(BrowseOf({Group("m2", "The Lord of Steel", "2012")}))));
  const UpdateSummary second = Run({{"Manowar", kManowarId, 10, {}}, Perkele()});
  EXPECT_EQ(server_.Requests().size(), after_first + 1) << "only the failed browse is asked again";
  EXPECT_EQ(second.new_releases, 1);
}

TEST_F(FeedUpdaterTest, AResolutionMusicBrainzNoLongerKnowsIsForgotten) {
  server_.Add(BrowseRoute(kManowarId, 0, Json(BrowseOf({}))));
  EXPECT_EQ(Run({{"Manowar", "", 50, {}}}).checked, 1);
  EXPECT_EQ(store_->FindResolution("manowar")->mbid, kManowarId);
  server_.Add(BrowseRoute(kManowarId, 0, {404, ReadFixture("musicbrainz/error-404-not-found.json"), {}, {}}));
  const std::int64_t later = store_->Now() + 8 * 24 * 3600;  // the browse cache (ttl 7d) expired
  store_->SetNowForTesting([later] { return later; });
  EXPECT_EQ(Run({{"Manowar", "", 50, {}}}).failed, 1);
  EXPECT_EQ(store_->FindResolution("manowar")->mbid, "");
  EXPECT_EQ(store_->FindResolution("manowar")->status, "failed");
}

TEST_F(FeedUpdaterTest, RealRateSpacesMusicBrainzRequestsAndSendsTheUserAgent) {
  config_.musicbrainz_rate = 1.0;
  server_.Add(BrowseRoute(kManowarId, 0, Json(BrowseOf({}))));
  Run({{"Manowar", "", 50, {}}, Perkele()});
  const auto mb = server_.RequestsTo("/ws/2/");
  ASSERT_EQ(mb.size(), 3u);
  for (size_t i = 1; i < mb.size(); ++i) {
    EXPECT_GE(mb[i].arrived - mb[i - 1].arrived, std::chrono::seconds(1)) << "request " << i;
  }
  for (const auto& r : mb) EXPECT_EQ(r.user_agent, std::string("hoard/") + kVersion + " ( tests@example.org )");
}

TEST_F(FeedUpdaterTest, LastfmDescribesNewReleasesAndNeverLeaksTheKey) {
  std::ostringstream log;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log);
  auto logger = std::make_shared<spdlog::logger>("capture", sink);
  logger->set_level(spdlog::level::trace);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(logger);

  config_.lastfm_api_key = kApiKey;
  server_.Add(BrowseRoute("cher-id", 0, Json(BrowseOf({Group("c1", "Believe", "1998-10-22"),
                                                       Group("c2", "Unknown Album", "1999")}))));
  server_.Add(BrowseRoute("legiao-id", 0, Json(BrowseOf({Group("l1", "Dois", "1986")}))));
  const UpdateSummary s = Run({{"Cher", "cher-id", 10, {}}, {"Legião Urbana", "legiao-id", 10, {}}});
  spdlog::set_default_logger(previous);
  EXPECT_EQ(s.checked, 2);
  bool saw_believe = false;
  for (const auto& r : Releases()) {
    if (r.title == "Believe") {
      saw_believe = true;
      EXPECT_EQ(r.listeners, 597578);
      EXPECT_EQ(r.lastfm_url, "https://www.last.fm/music/Cher/Believe");
      EXPECT_TRUE(r.summary.starts_with("Believe is the twenty-third"));
      EXPECT_FALSE(r.image.empty());
    }
    if (r.title == "Unknown Album") {
      EXPECT_TRUE(r.summary.empty());  // error 6
    }
    if (r.title == "Dois") {
      EXPECT_EQ(r.listeners, 494356);  // no wiki
    }
  }
  EXPECT_TRUE(saw_believe);
  const auto lastfm = server_.RequestsTo("/2.0/");
  ASSERT_EQ(lastfm.size(), 3u);
  EXPECT_EQ(lastfm[0].params.at("api_key"), kApiKey);
  EXPECT_EQ(log.str().find(kApiKey), std::string::npos);
  store_.reset();  // flush and close before reading the raw bytes
  std::ifstream db(dir_.path() / "catalog.db", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(db)), std::istreambuf_iterator<char>());
  EXPECT_GT(bytes.size(), 0u);
  EXPECT_EQ(bytes.find(kApiKey), std::string::npos);
}

TEST_F(FeedUpdaterTest, LastfmBadAuthDisablesLastfmButTheRunGoesOn) {
  config_.lastfm_api_key = kApiKey;
  server_.Add({"/2.0/", {{"method", "album.getinfo"}}, {test::FixtureReply("lastfm/error-4-bad-auth.json")}});
  server_.Add(BrowseRoute("cher-id", 0, Json(BrowseOf({Group("c1", "First", "1998"), Group("c2", "Second", "1999")}))));
  const UpdateSummary s = Run({{"Cher", "cher-id", 10, {}}});
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(s.new_releases, 2);
  EXPECT_EQ(server_.RequestsTo("/2.0/").size(), 1u) << "one bad-auth answer is enough";
}

TEST_F(FeedUpdaterTest, LastfmInvalidMethodIsAConfigurationError) {
  config_.lastfm_api_key = kApiKey;
  server_.Add({"/2.0/", {{"method", "album.getinfo"}}, {test::FixtureReply("lastfm/error-3-invalid-method.json")}});
  server_.Add(BrowseRoute("cher-id", 0, Json(BrowseOf({Group("c1", "First", "1998"), Group("c2", "Second", "1999")}))));
  EXPECT_EQ(Run({{"Cher", "cher-id", 10, {}}}).new_releases, 2);
  EXPECT_EQ(server_.RequestsTo("/2.0/").size(), 1u);
}

}  // namespace
}  // namespace hoard::feed
