// The update pipeline end to end in-process (FeedRunTest) on the project's
// scenario (ScenarioRoutes, tests/data/api): the sample hoard's artists as
// its catalog lists them, and made-up ones for what the sample lacks. Most
// tests raise the MusicBrainz rate through the config (a local server may go
// faster); the spacing test uses the real 1 request/s.
#include "feed/feed_updater.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "feed/title_normalizer.h"
#include "hoard/version.h"
#include "tests/feed/feed_run_fixture.h"
#include "tests/feed/gzip_bomb.h"

namespace hoard::feed {
namespace {

using nlohmann::json;
using test::BrowseRoute;
using test::FixtureReply;
using test::ReadFixture;

constexpr const char* kApiKey = "0123456789abcdefSECRETKEY";
constexpr const char* kGhostId = "11111111-2222-4333-8444-555555555555";

// The sample hoard's album artists as its catalog lists them
// (tests/support/make_sample_hoard.py).
OwnedArtist AsaOberg() {
  return {"Åsa Öberg", test::kAsaObergId, 5,
          {{"Första albumet", 2001, "5f1d2a3b-0000-4000-8000-000000000002"}, {"Andra", 2003, ""}}};
}
OwnedArtist Fixtures() {
  return {"The Fixtures", test::kFixturesId, 3,
          {{"Old Tags", 1999, "5f1d2a3b-0000-4000-8000-000000000012"}, {"No Tags Here", 2004, ""}}};
}
OwnedArtist RockAndRollBand() { return {"Rock & Roll Band", "", 2, {{"50% Off #1", 2010, ""}}}; }
OwnedArtist SpacedOut() { return {"Spaced Out", "", 2, {{"Space Album", 2005, ""}}}; }

class FeedUpdaterTest : public testing::FeedRunTest {
 protected:
  void SetUp() override {
    FeedRunTest::SetUp();
    server_.Add(test::ScenarioRoutes());
  }
};

TEST_F(FeedUpdaterTest, TaggedArtistOwnedByIdAndTitleOthersFilteredOrOlder) {
  const UpdateSummary s = Run({AsaOberg()});
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(s.failed, 0);
  // Owned: "Första albumet" (by id), "Andra" and its remaster (by title).
  // Older than 2003: "Tidiga år". Not a plain album: the single, live,
  // compilation, soundtrack and the null-typed demo.
  EXPECT_EQ(Titles(), (std::vector<std::string>{"Ny dag", "Sånger från skärgården", "Vinterljus"}));
  EXPECT_EQ(s.new_releases, 3);
  EXPECT_TRUE(server_.RequestsTo("/ws/2/artist").empty()) << "a tagged artist is never searched";
  EXPECT_EQ(server_.RequestsTo("/ws/2/release-group").size(), 1u);
  const StoredRelease songs = Release("Sånger från skärgården");
  EXPECT_EQ(songs.date, "2008-05");
  EXPECT_EQ(songs.year, 2008);
  EXPECT_EQ(songs.artist_mbid, test::kAsaObergId);
  EXPECT_EQ(songs.mbid, "5f1d2a3b-0000-4000-9000-000000001006");
  EXPECT_EQ(Release("Ny dag").date, "2024-09-27");
}

TEST_F(FeedUpdaterTest, TyposAndEditionsOfOwnedTitlesCountAsOwned) {
  OwnedArtist asa = AsaOberg();
  asa.albums = {{"Andra", 2003, ""}, {"Sanger fran skargaden", 2008, ""}};
  Run({asa});
  EXPECT_EQ(Titles(), (std::vector<std::string>{"Ny dag", "Vinterljus"}));
}

TEST_F(FeedUpdaterTest, EmptyDateKeptAsUndatedAllowedSecondaryTypesKept) {
  config_.secondary_types = {"Live"};
  const UpdateSummary s = Run({AsaOberg()});
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(Titles(), (std::vector<std::string>{"Live i Göteborg", "Ny dag", "Sånger från skärgården", "Vinterljus"}));
  const StoredRelease winter = Release("Vinterljus");
  EXPECT_TRUE(winter.undated());
  EXPECT_EQ(winter.date, "");
  EXPECT_EQ(Release("Live i Göteborg").secondary_types, std::vector<std::string>{"Live"});
}

TEST_F(FeedUpdaterTest, UndatedGetsAYearFromLastfmTags) {
  config_.lastfm_api_key = kApiKey;
  Run({AsaOberg()});
  const StoredRelease winter = Release("Vinterljus");
  EXPECT_EQ(winter.year, 2019);
  EXPECT_EQ(winter.date, "");
  EXPECT_EQ(winter.listeners, 321);
}

TEST_F(FeedUpdaterTest, UndatedOlderByItsLastfmYearIsDropped) {
  config_.lastfm_api_key = kApiKey;
  json winter = json::parse(ReadFixture("lastfm/album-getinfo-asa-oberg-vinterljus-no-wiki-year-tag.json"));
  winter["album"]["tags"] = {{"tag", {{"name", "2001"}, {"url", "u"}}}};  // also the single-object quirk
  server_.Add(test::LastfmRoute({{"method", "album.getinfo"}, {"artist", "Åsa Öberg"}, {"album", "Vinterljus"}},
                                testing::JsonReply(winter)));
  Run({AsaOberg()});
  EXPECT_EQ(Titles(), (std::vector<std::string>{"Ny dag", "Sånger från skärgården"})) << "2001 < 2003: older";
}

TEST_F(FeedUpdaterTest, SearchResolvesClearNamesAndRecordsAmbiguousOnes) {
  const UpdateSummary s = Run({RockAndRollBand(), {"Spaced Out", "", 10, {}}, {"Nobody At All", "", 10, {}}});
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(s.unresolved, 2);
  EXPECT_EQ(s.failed, 0);
  EXPECT_EQ(Titles(), std::vector<std::string>{"100% Off"});
  const auto searches = server_.RequestsTo("/ws/2/artist");
  ASSERT_EQ(searches.size(), 3u);
  EXPECT_EQ(searches[0].params.at("query"), "artist:\"Rock \\& Roll Band\"");
  auto unresolved = store_->ListUnresolved();
  ASSERT_TRUE(unresolved.ok());
  ASSERT_EQ(unresolved->size(), 2u);
  for (const auto& u : *unresolved) {
    EXPECT_FALSE(u.reason.empty());
    EXPECT_EQ(u.status, u.name == "Nobody At All" ? "no-match" : "ambiguous");
  }
  EXPECT_EQ(store_->FindResolution(NormalizeArtistName("Rock & Roll Band"))->mbid, test::kRockAndRollBandId);
}

TEST_F(FeedUpdaterTest, AmbiguousNameSettledByTheOwnedAlbums) {
  // Three artists are named "Spaced Out"; only the duo made "Space Album".
  const UpdateSummary s = Run({SpacedOut()});
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(s.unresolved, 0);
  EXPECT_EQ(Titles(), std::vector<std::string>{"Second Orbit"});
  const auto resolution = store_->FindResolution(NormalizeArtistName("Spaced Out"));
  ASSERT_TRUE(resolution.has_value());
  EXPECT_EQ(resolution->mbid, test::kSpacedOutDuoId);
  EXPECT_EQ(resolution->reason, "chosen among namesakes by owned albums");
  // Each namesake browsed once; the duo's groups are not asked for again.
  EXPECT_EQ(server_.RequestsTo("/ws/2/release-group").size(), 3u);
}

TEST_F(FeedUpdaterTest, ScoreAsStringResolves) {
  const UpdateSummary s = Run({{"Harbour Lights", "", 12, {{"Safe Harbour", 2014, ""}}}});
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(Titles(), std::vector<std::string>{"Lantern"});
  EXPECT_EQ(Release("Lantern").artist_mbid, test::kHarbourLightsId);
}

TEST_F(FeedUpdaterTest, BrowsePagesUntilTheCount) {
  Run({Fixtures()});
  const auto browses = server_.RequestsTo("/ws/2/release-group");
  ASSERT_EQ(browses.size(), 2u);
  EXPECT_EQ(browses[0].params.at("offset"), "0");
  EXPECT_EQ(browses[0].params.at("limit"), "100");
  EXPECT_EQ(browses[1].params.at("offset"), "25");
  // "Tag Cloud" is on the second page only.
  EXPECT_EQ(Titles(), (std::vector<std::string>{"Fresh Tags", "Tag Cloud"}));
}

TEST_F(FeedUpdaterTest, RateLimited503ThenSuccess) {
  test::FakeRoute route = BrowseRoute(test::kAsaObergId, 0, test::RateLimitedReply(1));
  route.replies.push_back(FixtureReply("musicbrainz/release-groups-asa-oberg.json"));
  server_.Add(std::move(route));
  const UpdateSummary s = Run({AsaOberg()});
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(s.failed, 0);
  const auto browses = server_.RequestsTo("/ws/2/release-group");
  ASSERT_EQ(browses.size(), 2u);
  EXPECT_GE(browses[1].arrived - browses[0].arrived, std::chrono::seconds(1));
  EXPECT_EQ(Titles().size(), 3u);
}

TEST_F(FeedUpdaterTest, MalformedBodyAndNotFoundSkipTheArtistOnly) {
  server_.Add(BrowseRoute(test::kRockAndRollBandId, 0, {200, "{\"release-groups\": [{\"id\": ", {}, {}}));
  const UpdateSummary s =
      Run({{"Rock & Roll Band", test::kRockAndRollBandId, 10, {}}, {"Ghost", kGhostId, 10, {}}, AsaOberg()});
  EXPECT_EQ(s.failed, 2);
  EXPECT_EQ(s.checked, 1);
  EXPECT_FALSE(s.NothingReached());
  EXPECT_EQ(Titles().size(), 3u);
  for (const auto& r : server_.RequestsTo("/ws/2/release-group")) {
    EXPECT_EQ(r.matched, r.params.at("artist") != kGhostId) << "only the ghost's browse is a 404";
  }
}

TEST_F(FeedUpdaterTest, AGzipBombFailsItsArtistOnlyWithAClearReason) {
  std::ostringstream log;
  auto logger = std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(log));
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(logger);
  server_.Add(BrowseRoute(test::kRockAndRollBandId, 0,
                          {200, test::GzipOfZeros(64u << 20), {{"Content-Encoding", "gzip"}}, {}}));
  const UpdateSummary s = Run({{"Rock & Roll Band", test::kRockAndRollBandId, 10, {}}, AsaOberg()});
  spdlog::set_default_logger(previous);
  EXPECT_EQ(s.failed, 1);
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(Titles(), (std::vector<std::string>{"Ny dag", "Sånger från skärgården", "Vinterljus"}));
  EXPECT_NE(log.str().find("skipping \"Rock & Roll Band\" this run: "), std::string::npos)
      << log.str();
  EXPECT_NE(log.str().find("answer from 127.0.0.1 larger than 8 MiB, refused"), std::string::npos) << log.str();
}

TEST_F(FeedUpdaterTest, ConnectionRefusedMeansNothingReached) {
  config_.musicbrainz_url = "http://127.0.0.1:" + std::to_string(test::ClosedLoopbackPort()) + "/ws/2";
  const UpdateSummary s = Run({AsaOberg(), RockAndRollBand()});
  EXPECT_EQ(s.failed, 2);
  EXPECT_TRUE(s.NothingReached());
}

TEST_F(FeedUpdaterTest, SpecialPurposeAndSmallArtistsAreSkippedWithoutRequests) {
  config_.min_tracks = 5;
  const UpdateSummary s = Run({{"Various Artists", "", 500, {}}, {"[unknown]", "", 50, {}}, RockAndRollBand()});
  EXPECT_EQ(s.skipped, 3);
  EXPECT_TRUE(server_.Requests().empty());
}

TEST_F(FeedUpdaterTest, SecondRunMakesNoRequestAndAnnouncesNothingTwice) {
  const std::vector<OwnedArtist> artists = {AsaOberg(), RockAndRollBand(), {"Spaced Out", "", 5, {}}};
  const UpdateSummary first = Run(artists);
  EXPECT_EQ(first.new_releases, 4);
  const size_t requests = server_.Requests().size();
  EXPECT_EQ(requests, 4u);  // Åsa's browse, Rock & Roll Band's search + browse, Spaced Out's search
  const UpdateSummary second = Run(artists);
  EXPECT_EQ(server_.Requests().size(), requests) << "a second run within the TTL asks nothing";
  EXPECT_EQ(second.new_releases, 0);
  EXPECT_EQ(second.checked, 2);
  EXPECT_EQ(Releases().size(), 4u);
}

TEST_F(FeedUpdaterTest, FailedRequestsAreRetriedOnTheNextRun) {
  server_.Add(BrowseRoute(test::kRockAndRollBandId, 0, {500, "oops", {}, {}}));
  const OwnedArtist band{"Rock & Roll Band", test::kRockAndRollBandId, 10, {}};
  EXPECT_EQ(Run({band, AsaOberg()}).failed, 1);
  const size_t after_first = server_.Requests().size();
  server_.Add(BrowseRoute(test::kRockAndRollBandId, 0, FixtureReply("musicbrainz/release-groups-rock-and-roll-band.json")));
  const UpdateSummary second = Run({band, AsaOberg()});
  EXPECT_EQ(server_.Requests().size(), after_first + 1) << "only the failed browse is asked again";
  EXPECT_EQ(second.failed, 0);
  EXPECT_EQ(second.new_releases, 3);  // owning none of its albums: all three
}

TEST_F(FeedUpdaterTest, AResolutionMusicBrainzNoLongerKnowsIsForgotten) {
  const std::string key = NormalizeArtistName("Rock & Roll Band");
  EXPECT_EQ(Run({RockAndRollBand()}).checked, 1);
  EXPECT_EQ(store_->FindResolution(key)->mbid, test::kRockAndRollBandId);
  server_.Add(BrowseRoute(test::kRockAndRollBandId, 0, {404, ReadFixture("musicbrainz/error-404-not-found.json"), {}, {}}));
  const std::int64_t later = store_->Now() + 8 * 24 * 3600;  // the browse cache (ttl 7d) expired
  store_->SetNowForTesting([later] { return later; });
  EXPECT_EQ(Run({RockAndRollBand()}).failed, 1);
  EXPECT_EQ(store_->FindResolution(key)->mbid, "");
  EXPECT_EQ(store_->FindResolution(key)->status, "failed");
}

TEST_F(FeedUpdaterTest, RealRateSpacesMusicBrainzRequestsAndSendsTheUserAgent) {
  config_.musicbrainz_rate = 1.0;
  Run({RockAndRollBand(), AsaOberg()});
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
  const UpdateSummary s = Run({AsaOberg(), Fixtures(), RockAndRollBand(), SpacedOut()});
  spdlog::set_default_logger(previous);
  EXPECT_EQ(s.checked, 4);
  EXPECT_EQ(s.new_releases, 7);

  const StoredRelease songs = Release("Sånger från skärgården");  // wiki, tags, images
  EXPECT_EQ(songs.listeners, 1234);
  EXPECT_EQ(songs.lastfm_url,
            "https://www.last.fm/music/%C3%85sa+%C3%96berg/S%C3%A5nger+fr%C3%A5n+sk%C3%A4rg%C3%A5rden");
  EXPECT_TRUE(songs.summary.starts_with("Sånger från skärgården is the third studio album"));
  EXPECT_FALSE(songs.image.empty());
  const StoredRelease winter = Release("Vinterljus");  // no wiki; asked once for its year and description
  EXPECT_EQ(winter.summary, "");
  EXPECT_EQ(winter.listeners, 321);
  const StoredRelease fresh = Release("Fresh Tags");  // error 6: no description
  EXPECT_TRUE(fresh.summary.empty());
  EXPECT_FALSE(fresh.listeners.has_value());
  const StoredRelease cloud = Release("Tag Cloud");  // no tracks, no wiki, empty images
  EXPECT_EQ(cloud.listeners, 2);
  EXPECT_EQ(cloud.image, "");
  EXPECT_EQ(Release("100% Off").listeners, 4321);  // single objects, not arrays
  const StoredRelease orbit = Release("Second Orbit");  // the legacy releasedate is no year
  EXPECT_EQ(orbit.year, 2011);
  EXPECT_EQ(orbit.listeners, 8812);

  const auto lastfm = server_.RequestsTo("/2.0/");
  ASSERT_EQ(lastfm.size(), 7u);  // one per new release
  for (const auto& r : lastfm) EXPECT_EQ(r.params.at("api_key"), kApiKey);
  EXPECT_EQ(log.str().find(kApiKey), std::string::npos);
  store_.reset();  // flush and close before reading the raw bytes
  std::ifstream db(dir_.path() / "catalog.db", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(db)), std::istreambuf_iterator<char>());
  EXPECT_GT(bytes.size(), 0u);
  EXPECT_EQ(bytes.find(kApiKey), std::string::npos);
}

TEST_F(FeedUpdaterTest, LastfmBadAuthDisablesLastfmButTheRunGoesOn) {
  config_.lastfm_api_key = kApiKey;
  server_.Add(test::LastfmRoute({{"method", "album.getinfo"}}, FixtureReply("lastfm/error-4-bad-auth.json")));
  const UpdateSummary s = Run({{"Rock & Roll Band", test::kRockAndRollBandId, 10, {}}});
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(s.new_releases, 3);
  EXPECT_EQ(server_.RequestsTo("/2.0/").size(), 1u) << "one bad-auth answer is enough";
  EXPECT_TRUE(Release("100% Off").summary.empty());
}

TEST_F(FeedUpdaterTest, LastfmInvalidMethodIsAConfigurationError) {
  config_.lastfm_api_key = kApiKey;
  server_.Add(test::LastfmRoute({{"method", "album.getinfo"}}, FixtureReply("lastfm/error-3-invalid-method.json")));
  EXPECT_EQ(Run({{"Rock & Roll Band", test::kRockAndRollBandId, 10, {}}}).new_releases, 3);
  EXPECT_EQ(server_.RequestsTo("/2.0/").size(), 1u);
}

}  // namespace
}  // namespace hoard::feed
