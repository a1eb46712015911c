#include "feed/feed_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
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
  EXPECT_EQ(db.execAndGet("SELECT value FROM feed_meta WHERE key = 'schema_version'").getString(), "1");
}

TEST(FeedStore, NewDirectoryIsPrivate) {
  test::TempDir dir;
  ASSERT_TRUE(FeedStore::Open((dir.path() / "new/catalog.db").string()).ok());
  struct stat st {};
  ASSERT_EQ(stat((dir.path() / "new").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
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

TEST(ResolveDatabasePath, FlagThenEnvironmentThenXdg) {
  setenv("HOARD_DB", "/env/c.db", 1);
  setenv("XDG_DATA_HOME", "/xdg", 1);
  EXPECT_EQ(ResolveDatabasePath("/flag.db"), "/flag.db");
  EXPECT_EQ(ResolveDatabasePath(""), "/env/c.db");
  unsetenv("HOARD_DB");
  EXPECT_EQ(ResolveDatabasePath(""), "/xdg/hoard/catalog.db");
}

}  // namespace
}  // namespace hoard::feed
