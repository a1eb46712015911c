#include "feed/feed_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <cerrno>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "tests/support/paths.h"

namespace hoard::feed {
namespace {

StoredRelease Release(std::string id, std::string artist, std::int64_t discovered, std::string type = "Album") {
  StoredRelease r;
  r.mbid = std::move(id);
  r.artist = std::move(artist);
  r.title = "T " + r.mbid;
  r.primary_type = std::move(type);
  r.discovered = discovered;
  return r;
}

TEST(FeedStore, CreatesAPrivateFileAndLeavesUserVersionAlone) {
  test::TempDir dir;
  const std::string path = (dir.path() / "sub/catalog.db").string();
  {
    // The catalog got there first and set its own schema version.
    std::filesystem::create_directories(dir.path() / "sub");
    SQLite::Database catalog(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    catalog.exec("PRAGMA user_version = 7");
  }
  auto store = FeedStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  SQLite::Database db(path);
  EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), 7);
  EXPECT_EQ(db.execAndGet("SELECT value FROM feed_meta WHERE key = 'schema_version'").getString(), "2");
}

TEST(FeedStore, NewDirectoryIsPrivate) {
  test::TempDir dir;
  ASSERT_TRUE(FeedStore::Open((dir.path() / "new/catalog.db").string()).ok());
  struct stat st {};
  ASSERT_EQ(stat((dir.path() / "new").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
}

// The feed tables as hoard 0.x (schema 1) wrote them, with one release and
// one artist in them.
void WriteSchema1(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec(R"sql(
CREATE TABLE feed_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO feed_meta VALUES ('schema_version', '1');
CREATE TABLE feed_http_cache (
  key TEXT PRIMARY KEY, status INTEGER NOT NULL, body BLOB NOT NULL, fetched_at INTEGER NOT NULL);
CREATE TABLE feed_artists (
  name_key TEXT PRIMARY KEY, name TEXT NOT NULL, mbid TEXT NOT NULL, status TEXT NOT NULL,
  reason TEXT NOT NULL, updated_at INTEGER NOT NULL);
INSERT INTO feed_artists VALUES ('cher', 'Cher', 'a1', 'resolved', '', 1000);
CREATE TABLE feed_seen (
  rg_mbid TEXT PRIMARY KEY, artist_mbid TEXT NOT NULL, verdict TEXT NOT NULL, seen_at INTEGER NOT NULL);
CREATE TABLE feed_releases (
  rg_mbid TEXT PRIMARY KEY, artist TEXT NOT NULL, artist_mbid TEXT NOT NULL, title TEXT NOT NULL,
  primary_type TEXT NOT NULL, secondary_types TEXT NOT NULL, date TEXT NOT NULL, year INTEGER NOT NULL,
  discovered INTEGER NOT NULL, summary TEXT NOT NULL, listeners INTEGER, image TEXT NOT NULL,
  lastfm_url TEXT NOT NULL);
INSERT INTO feed_releases VALUES ('rg1', 'Cher', 'a1', 'Old One', 'Album', '[]', '2020-01-01', 2020, 1000,
  '', NULL, '', '');
CREATE TABLE feed_dismissed (mbid TEXT PRIMARY KEY, reason TEXT NOT NULL, time INTEGER NOT NULL);
)sql");
}

TEST(FeedStore, UpgradesSchema1InPlaceKeepingEverything) {
  test::TempDir dir;
  const std::string path = (dir.path() / "c.db").string();
  WriteSchema1(path);
  auto store = FeedStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto releases = (*store)->ListReleases({});
  ASSERT_TRUE(releases.ok()) << releases.status().ToString();
  ASSERT_EQ(releases->size(), 1u);
  EXPECT_EQ((*releases)[0].title, "Old One");
  EXPECT_FALSE((*releases)[0].upcoming);
  EXPECT_EQ((*releases)[0].cover, "");
  const auto artist = (*store)->FindResolution("cher");
  ASSERT_TRUE(artist.has_value());
  EXPECT_EQ(artist->first_checked, 1000) << "first checked when it was last updated, the best guess";
  ASSERT_TRUE((*store)->Mute("Cher").ok());
  EXPECT_TRUE((*store)->ListReleases({})->empty());
  SQLite::Database db(path);
  EXPECT_EQ(db.execAndGet("SELECT value FROM feed_meta WHERE key = 'schema_version'").getString(), "2");
  store->reset();
  EXPECT_TRUE(FeedStore::Open(path).ok()) << "a second open finds schema 2 and changes nothing";
}

TEST(FeedStore, AnUpcomingReleaseIsOutOnceOnItsFirstDayAndAPartialDateOnItsFirstPossibleDay) {
  test::TempDir dir;
  auto store = FeedStore::Open((dir.path() / "c.db").string());
  ASSERT_TRUE(store.ok());
  ArtistOutcome outcome;
  outcome.resolution = {"cher", "Cher", "a1", "resolved", "", 0};
  for (const auto& [id, date] : {std::pair{"day", "2026-12-15"}, std::pair{"month", "2027-01"},
                                 std::pair{"year", "2028"}}) {
    StoredRelease r = Release(id, "Cher", 100);
    r.date = date;
    r.upcoming = true;
    outcome.verdicts.emplace_back(id, Verdict::kNew);
    outcome.releases.push_back(r);
  }
  ASSERT_TRUE((*store)->CommitArtist(outcome).ok());
  const struct {
    const char* today;
    int out;
  } days[] = {{"2026-12-14", 0}, {"2026-12-15", 1}, {"2026-12-31", 0}, {"2027-01-01", 1},
              {"2027-12-31", 0}, {"2028-01-01", 1}, {"2029-01-01", 0}};
  for (const auto& d : days) {
    auto out = (*store)->MarkOut(d.today);
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(*out, d.out) << d.today;
  }
  auto owed = (*store)->PendingPushes();
  ASSERT_TRUE(owed.ok());
  EXPECT_EQ(owed->size(), 6u) << "three found, three out";
}

TEST(FeedStore, RefusesANewerSchema) {
  test::TempDir dir;
  const std::string path = (dir.path() / "c.db").string();
  ASSERT_TRUE(FeedStore::Open(path).ok());
  SQLite::Database(path, SQLite::OPEN_READWRITE).exec("UPDATE feed_meta SET value = '99'");
  auto again = FeedStore::Open(path);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("newer"), std::string::npos);
}

TEST(FeedStore, ResponseCacheHonoursMaxAge) {
  test::TempDir dir;
  auto store = FeedStore::Open((dir.path() / "c.db").string());
  ASSERT_TRUE(store.ok());
  std::int64_t now = 1'000'000;
  (*store)->SetNowForTesting([&] { return now; });
  (*store)->StoreResponse("k", 200, std::string("body\0with nul", 13));
  auto hit = (*store)->LookupResponse("k", std::chrono::seconds(60));
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->body.size(), 13u);
  now += 61;
  EXPECT_FALSE((*store)->LookupResponse("k", std::chrono::seconds(60)).has_value());
  EXPECT_TRUE((*store)->LookupResponse("k", std::chrono::seconds(3600)).has_value());
  EXPECT_FALSE((*store)->LookupResponse("other", std::chrono::seconds(3600)).has_value());
  (*store)->PruneResponses(std::chrono::seconds(60));
  EXPECT_FALSE((*store)->LookupResponse("k", std::chrono::seconds(3600)).has_value());
}

TEST(FeedStore, CommitsAnArtistAndListsNewestFirstWithFilters) {
  test::TempDir dir;
  auto opened = FeedStore::Open((dir.path() / "c.db").string());
  ASSERT_TRUE(opened.ok());
  FeedStore& store = **opened;
  ArtistOutcome a{{"cher", "Cher", "mb-cher", "resolved", ""},
                  {{"rg1", Verdict::kNew}, {"rg2", Verdict::kOwned}},
                  {Release("rg1", "Cher", 100)}};
  StoredRelease live = Release("rg3", "Perkele", 200);
  live.secondary_types = {"Live"};
  live.listeners = 42;
  ArtistOutcome b{{"perkele", "Perkele", "mb-p", "tagged", ""},
                  {{"rg3", Verdict::kNew}, {"rg4", Verdict::kOlder}},
                  {live, Release("rg5", "Perkele", 150, "EP")}};
  ASSERT_TRUE(store.CommitArtist(a).ok());
  ASSERT_TRUE(store.CommitArtist(b).ok());
  for (const char* id : {"rg1", "rg2", "rg3", "rg4"}) EXPECT_TRUE(store.IsSeen(id)) << id;
  EXPECT_FALSE(store.IsSeen("rg9"));
  auto all = store.ListReleases({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].mbid, "rg3");
  EXPECT_EQ((*all)[0].secondary_types, std::vector<std::string>{"Live"});
  EXPECT_EQ((*all)[0].listeners, 42);
  EXPECT_FALSE((*all)[2].listeners.has_value());
  EXPECT_EQ(store.ListReleases({"cher", 0, "", 0})->size(), 1u);
  EXPECT_EQ(store.ListReleases({"", 150, "", 0})->size(), 2u);
  EXPECT_EQ(store.ListReleases({"", 0, "live", 0})->size(), 1u);
  EXPECT_EQ(store.ListReleases({"", 0, "ep", 0})->size(), 1u);
  EXPECT_EQ(store.ListReleases({"", 0, "", 2})->size(), 2u);
  EXPECT_EQ(store.FindResolution("cher")->mbid, "mb-cher");
}

TEST(FeedStore, UnresolvedArtistsAreRecordedWithTheirReason) {
  test::TempDir dir;
  auto store = FeedStore::Open((dir.path() / "c.db").string());
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->CommitArtist({{"solstice", "Solstice", "", "ambiguous", "10 share this name"}, {}, {}}).ok());
  auto unresolved = (*store)->ListUnresolved();
  ASSERT_TRUE(unresolved.ok());
  ASSERT_EQ(unresolved->size(), 1u);
  EXPECT_EQ((*unresolved)[0].status, "ambiguous");
  EXPECT_EQ((*unresolved)[0].reason, "10 share this name");
}

std::vector<std::string> Ids(const Result<std::vector<StoredRelease>>& releases) {
  std::vector<std::string> ids;
  if (releases.ok()) {
    for (const auto& r : *releases) ids.push_back(r.mbid);
  }
  return ids;
}

TEST(FeedStore, DismissedReleasesAreLeftOutOfEveryListing) {
  test::TempDir dir;
  const std::string path = (dir.path() / "c.db").string();
  auto opened = FeedStore::Open(path);
  ASSERT_TRUE(opened.ok());
  FeedStore& store = **opened;
  std::int64_t now = 1'000;
  store.SetNowForTesting([&] { return now; });
  ASSERT_TRUE(store.CommitArtist({{"cher", "Cher", "mb-cher", "resolved", ""},
                                  {{"rg1", Verdict::kNew}, {"rg2", Verdict::kNew}, {"rg3", Verdict::kNew}},
                                  {Release("rg1", "Cher", 100), Release("rg2", "Cher", 200),
                                   Release("rg3", "Cher", 300)}})
                  .ok());
  EXPECT_EQ(*store.MarksChangedAt(), 0);

  ASSERT_TRUE(store.Dismiss("rg2", DismissReason::kNotInterested).ok());
  EXPECT_EQ(Ids(store.ListReleases({})), (std::vector<std::string>{"rg3", "rg1"}));
  EXPECT_EQ(Ids(store.ListReleases({"cher", 0, "album", 0})), (std::vector<std::string>{"rg3", "rg1"}));
  EXPECT_EQ(Ids(store.ListReleases({"", 0, "", 1})), std::vector<std::string>{"rg3"});
  EXPECT_EQ(Ids(store.ListReleases({"", 0, "", 0, true})), std::vector<std::string>{"rg2"});
  EXPECT_EQ(*store.MarksChangedAt(), 1'000);

  // Marking again replaces the reason and the time; still one row.
  now = 2'000;
  ASSERT_TRUE(store.Dismiss("rg2", DismissReason::kGotIt).ok());
  {
    SQLite::Database db(path);
    SQLite::Statement q(db, "SELECT mbid, reason, time FROM feed_dismissed");
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(q.getColumn(0).getString(), "rg2");
    EXPECT_EQ(q.getColumn(1).getString(), "got-it");
    EXPECT_EQ(q.getColumn(2).getInt64(), 2'000);
    EXPECT_FALSE(q.executeStep());
  }
  EXPECT_EQ(Ids(store.ListReleases({})), (std::vector<std::string>{"rg3", "rg1"}));

  // Taking the mark back shows the release again and counts as a change.
  now = 3'000;
  ASSERT_TRUE(store.Undismiss("rg2").ok());
  EXPECT_EQ(Ids(store.ListReleases({})), (std::vector<std::string>{"rg3", "rg2", "rg1"}));
  EXPECT_EQ(*store.MarksChangedAt(), 3'000);

  // A new run does not bring a marked release back.
  ASSERT_TRUE(store.Dismiss("rg1", DismissReason::kGotIt).ok());
  ASSERT_TRUE(store.CommitArtist({{"cher", "Cher", "mb-cher", "resolved", ""},
                                  {{"rg1", Verdict::kNew}},
                                  {Release("rg1", "Cher", 400)}})
                  .ok());
  EXPECT_EQ(Ids(store.ListReleases({})), (std::vector<std::string>{"rg3", "rg2"}));
}

TEST(FeedStore, MarkingAnUnknownReleaseFails) {
  test::TempDir dir;
  auto store = FeedStore::Open((dir.path() / "c.db").string());
  ASSERT_TRUE(store.ok());
  const Status dismiss = (*store)->Dismiss("no-such-rg", DismissReason::kGotIt);
  EXPECT_EQ(dismiss.code(), ENOENT);
  EXPECT_NE(dismiss.message().find("no-such-rg"), std::string::npos);
  EXPECT_EQ((*store)->Undismiss("no-such-rg").code(), ENOENT);
  EXPECT_EQ(*(*store)->MarksChangedAt(), 0);
}

TEST(DismissReason, NamesRoundTripAndOthersFail) {
  for (DismissReason r : {DismissReason::kGotIt, DismissReason::kNotInterested}) {
    auto parsed = ParseDismissReason(DismissReasonName(r));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, r);
  }
  for (const char* bad : {"", "Got-It", "meh"}) EXPECT_EQ(ParseDismissReason(bad).status().code(), EINVAL) << bad;
}

}  // namespace
}  // namespace hoard::feed
