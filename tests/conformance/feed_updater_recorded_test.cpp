// The update pipeline on responses recorded from the real MusicBrainz and
// Last.fm (RecordedRoutes), in-process over loopback HTTP.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/conformance/conformance.h"
#include "tests/conformance/recorded_api.h"
#include "tests/feed/feed_run_fixture.h"

namespace hoard::feed {
namespace {

using nlohmann::json;
using testing::BrowseOf;
using testing::Group;
using testing::JsonReply;
using test::BrowseRoute;

constexpr const char* kApiKey = "0123456789abcdefSECRETKEY";

class RecordedFeedRun : public testing::FeedRunTest {
 protected:
  void SetUp() override {
    if (!test::SharedDir()) GTEST_SKIP() << test::NoSharedReason();
    FeedRunTest::SetUp();
    server_.Add(test::RecordedRoutes());
  }

  static OwnedArtist Perkele() {
    return {"Perkele", test::kPerkeleId, 40,
            {{"Fran flykt till kamp", 1998, ""}, {"Längtan (Deluxe Edition)", 2008, ""}, {"Perkel Forever", 2010, ""}}};
  }
};

TEST_F(RecordedFeedRun, TaggedArtistOwnedEditionsTyposAndOlderDropped) {
  const UpdateSummary s = Run({Perkele()});
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(s.failed, 0);
  // Studio albums after 2010 that the user lacks; "Perkel Forever" is a typo of one owned.
  EXPECT_EQ(Titles(), (std::vector<std::string>{"A Way Out", "Leaders Of Tomorrow"}));
  EXPECT_EQ(s.new_releases, 2);
  EXPECT_TRUE(server_.RequestsTo("/ws/2/artist").empty()) << "a tagged artist is never searched";
  EXPECT_EQ(server_.RequestsTo("/ws/2/release-group").size(), 1u);
}

TEST_F(RecordedFeedRun, ChineseTitlesEmptyDateKeptAsUndatedWithSecondaryTypes) {
  config_.secondary_types = {"Live"};
  const OwnedArtist jay{"周杰倫", test::kJayChouId, 120, {{"跨時代", 2010, ""}, {"魔杰座", 2008, ""}}};
  const UpdateSummary s = Run({jay});
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(Titles(), (std::vector<std::string>{"12 新作", "2010超時代演唱會", "Fantasy Show", "哎呦, 不錯哦", "驚嘆號"}));
  const StoredRelease fantasy = Release("Fantasy Show");
  EXPECT_TRUE(fantasy.undated());
  EXPECT_EQ(fantasy.date, "");
  EXPECT_EQ(fantasy.secondary_types, std::vector<std::string>{"Live"});
}

TEST_F(RecordedFeedRun, UndatedGetsAYearFromLastfmTags) {
  config_.secondary_types = {"Live"};
  config_.lastfm_api_key = kApiKey;
  json cher = json::parse(test::ReadRecorded("lastfm/album-getinfo-cher-believe.json"));
  cher["album"]["tags"] = {{"tag", {{"name", "2001"}, {"url", "u"}}}};  // also the single-object quirk
  server_.Add({"/2.0/", {{"method", "album.getinfo"}, {"album", "Fantasy Show"}}, {JsonReply(cher)}});
  const OwnedArtist jay{"周杰倫", test::kJayChouId, 120, {{"跨時代", 2010, ""}}};
  Run({jay});
  EXPECT_FALSE(Releases().empty());
  for (const auto& r : Releases()) EXPECT_NE(r.title, "Fantasy Show") << "2001 < 2010: older";
}

TEST_F(RecordedFeedRun, SearchResolvesClearNamesAndRecordsAmbiguousOnes) {
  server_.Add(BrowseRoute(test::kManowarId, 0, JsonReply(BrowseOf({Group("m1", "Kings of Metal", "1988"),
                                                                  Group("m2", "The Lord of Steel", "2012")}))));
  const UpdateSummary s = Run({{"Manowar", "", 50, {{"Kings of Metal MMXIV", 2014, ""}, {"Kings of Metal", 1988, ""}}},
                               {"Solstice", "", 10, {}},
                               {"Fred", "", 10, {}},
                               {"Nobody At All", "", 10, {}}});
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(s.unresolved, 3);
  EXPECT_EQ(Titles(), std::vector<std::string>{});  // 2012 < 2014
  ASSERT_EQ(server_.RequestsTo("/ws/2/artist").size(), 4u);
  auto unresolved = store_->ListUnresolved();
  ASSERT_TRUE(unresolved.ok());
  ASSERT_EQ(unresolved->size(), 3u);
  for (const auto& u : *unresolved) EXPECT_EQ(u.status, u.name == "Nobody At All" ? "no-match" : "ambiguous");
  EXPECT_EQ(store_->FindResolution("manowar")->mbid, test::kManowarId);
}

TEST_F(RecordedFeedRun, AmbiguousNameSettledByTheOwnedAlbums) {
  // Solstice: the UK doom band (score 100) made "New Dark Age"; the others did not.
  server_.Add(BrowseRoute("3f03ad4f-99e1-4e52-8eb8-eb79f2a0c55e", 0,
                          JsonReply(BrowseOf({Group("s1", "New Dark Age", "1998"), Group("s2", "White Horse Hill", "2018")}))));
  server_.Add(BrowseRoute("06942e9b-567b-45c4-97a6-9d98265ba479", 0,
                          JsonReply(BrowseOf({Group("n1", "Silent Dance", "1984")}))));
  const UpdateSummary s = Run({{"Solstice", "", 10, {{"New Dark Age", 1998, ""}}}});
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(Titles(), std::vector<std::string>{"White Horse Hill"});
  EXPECT_EQ(store_->FindResolution("solstice")->mbid, "3f03ad4f-99e1-4e52-8eb8-eb79f2a0c55e");
}

TEST_F(RecordedFeedRun, ScoreAsStringResolves) {
  server_.Add(test::ArtistSearchRoute(
      "Bob Dylan", test::RecordedReply("musicbrainz/artist-search-bob-dylan-2015-score-as-string.json")));
  server_.Add(BrowseRoute("72c536dc-7137-4477-a521-567eeb840fa8", 0,
                          JsonReply(BrowseOf({Group("d1", "Rough and Rowdy Ways", "2020-06-19")}))));
  const UpdateSummary s = Run({{"Bob Dylan", "", 300, {{"Tempest", 2012, ""}}}});
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(Titles(), std::vector<std::string>{"Rough and Rowdy Ways"});
}

TEST_F(RecordedFeedRun, BrowsePagesUntilTheCount) {
  json page1 = json::parse(test::ReadRecorded("musicbrainz/release-groups-britney-spears-page1-limit10.json"));
  page1["release-group-count"] = 12;
  server_.Add(BrowseRoute(test::kBritneyId, 0, JsonReply(page1)));
  server_.Add(BrowseRoute(test::kBritneyId, 10, JsonReply(BrowseOf({Group("b11", "Blackout Remixes", "2009"),
                                                                    Group("b12", "Brand New Album", "2025")}, 12))));
  Run({{"Britney Spears", test::kBritneyId, 100, {{"Glory", 2016, ""}}}});
  const auto browses = server_.RequestsTo("/ws/2/release-group");
  ASSERT_EQ(browses.size(), 2u);
  EXPECT_EQ(browses[1].params.at("offset"), "10");
  EXPECT_EQ(Titles(), std::vector<std::string>{"Brand New Album"});
}

TEST_F(RecordedFeedRun, LastfmDescribesNewReleases) {
  config_.lastfm_api_key = kApiKey;
  server_.Add(BrowseRoute("cher-id", 0, JsonReply(BrowseOf({Group("c1", "Believe", "1998-10-22"),
                                                            Group("c2", "Unknown Album", "1999")}))));
  server_.Add(BrowseRoute("legiao-id", 0, JsonReply(BrowseOf({Group("l1", "Dois", "1986")}))));
  const UpdateSummary s = Run({{"Cher", "cher-id", 10, {}}, {"Legião Urbana", "legiao-id", 10, {}}});
  EXPECT_EQ(s.checked, 2);
  const StoredRelease believe = Release("Believe");
  EXPECT_EQ(believe.listeners, 597578);
  EXPECT_EQ(believe.lastfm_url, "https://www.last.fm/music/Cher/Believe");
  EXPECT_TRUE(believe.summary.starts_with("Believe is the twenty-third"));
  EXPECT_FALSE(believe.image.empty());
  EXPECT_TRUE(Release("Unknown Album").summary.empty());  // error 6
  EXPECT_EQ(Release("Dois").listeners, 494356);            // no wiki
  EXPECT_EQ(server_.RequestsTo("/2.0/").size(), 3u);
}

}  // namespace
}  // namespace hoard::feed
