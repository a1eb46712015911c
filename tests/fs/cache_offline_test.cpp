// Offline: what was seen is served from the cache alone, byte-identical;
// what was not fails at once with a link error (EIO at the FUSE edge).
// Attributes and listings follow dir_ttl, driven by a ManualClock.
#include <chrono>

#include "fs/cache/cache_paths.h"
#include "fs/link/link_history.h"
#include "tests/fs/cache_test_util.h"

namespace hoard::fs::testing {
namespace {

using CacheOfflineTest = CacheTest;

std::vector<std::string> Names(const std::vector<DirEntry>& entries) {
  std::vector<std::string> names;
  for (const auto& e : entries) names.push_back(e.name);
  std::sort(names.begin(), names.end());
  return names;
}

TEST_F(CacheOfflineTest, RemountWithServerDownServesWhatWasSeen) {
  std::string a = AddFile("Artist/Album/01 - Intro.flac", 700 * 1024, 1);
  std::string b = AddFile("Artist/Album/02 - Song #2 «ü».flac", 900 * 1024, 2);
  std::filesystem::create_symlink("Album", src() / "Artist" / "Latest");
  std::vector<DirEntry> root_online, album_online;
  {
    auto cache = MakeCache();
    root_online = *cache->ListDir("/");
    ASSERT_TRUE(cache->ListDir("/Artist").ok());
    album_online = *cache->ListDir("/Artist/Album");
    EXPECT_EQ(*cache->ReadLink("/Artist/Latest"), "Album");
    EXPECT_EQ(*ReadAll(*cache, "/Artist/Album/01 - Intro.flac"), a);
    auto file = OpenFile(*cache, "/Artist/Album/02 - Song #2 «ü».flac");
    EXPECT_EQ(ReadRange(*file, 0, 1000), b.substr(0, 1000));
  }
  local_->set_offline(true);
  auto cache = MakeCache();
  EXPECT_EQ(Names(*cache->ListDir("/")), Names(root_online));
  auto album = cache->ListDir("/Artist/Album");
  ASSERT_TRUE(album.ok());
  EXPECT_EQ(Names(*album), Names(album_online));
  for (const DirEntry& e : *album) {
    auto attr = cache->Stat("/Artist/Album/" + e.name);
    ASSERT_TRUE(attr.ok());
    EXPECT_EQ(attr->size, e.attr.size);
    EXPECT_EQ(attr->mtime, e.attr.mtime);
  }
  EXPECT_EQ(*cache->ReadLink("/Artist/Latest"), "Album");
  EXPECT_EQ(*ReadAll(*cache, "/Artist/Album/01 - Intro.flac"), a);
  auto file = OpenFile(*cache, "/Artist/Album/02 - Song #2 «ü».flac");
  EXPECT_EQ(ReadRange(*file, 0, 1000), b.substr(0, 1000));
  // Uncached bytes: the link error itself, passed on (no retry, no wait).
  std::string buf(4096, '\0');
  auto n = file->ReadAt(b.size() - 4096, buf);
  ASSERT_FALSE(n.ok());
  EXPECT_TRUE(IsLinkError(n.status()));
  // A name its cached directory does not list does not exist.
  EXPECT_EQ(cache->Stat("/Artist/Album/03.flac").status().code(), ENOENT);
  // A directory never listed: a link error.
  EXPECT_TRUE(IsLinkError(cache->ListDir("/Other").status()));
  EXPECT_EQ(local_->bytes_read(), a.size() + kCacheBlockSize);
}

TEST_F(CacheOfflineTest, WorksWithoutAnUpstreamAtAll) {
  std::string a = AddFile("a.flac", 300 * 1024, 3);
  {
    auto cache = MakeCache();
    ASSERT_TRUE(cache->ListDir("/").ok());
    EXPECT_EQ(*ReadAll(*cache, "/a.flac"), a);
  }
  auto cache = CachingRemote::Create(Options(), nullptr);
  ASSERT_TRUE(cache.ok());
  EXPECT_EQ(Names(*(*cache)->ListDir("/")), std::vector<std::string>{"a.flac"});
  EXPECT_EQ(*ReadAll(**cache, "/a.flac"), a);
  EXPECT_TRUE((*cache)->StatFs().ok());
}

TEST_F(CacheOfflineTest, LinkDropAndReturnDuringASession) {
  std::string a = AddFile("a.flac", 600 * 1024, 4);
  auto cache = MakeCache();
  auto file = OpenFile(*cache, "/a.flac");
  EXPECT_EQ(ReadRange(*file, 0, 200 * 1024), a.substr(0, 200 * 1024));
  // In the link history's next 600 s interval: attributes stale, asked, and
  // served from the cache.
  local_->set_offline(true);
  clock_.Advance(std::chrono::seconds(700));
  EXPECT_TRUE(cache->Stat("/a.flac").ok());
  EXPECT_EQ(ReadRange(*file, 0, 100 * 1024), a.substr(0, 100 * 1024));
  std::string buf(1000, '\0');
  EXPECT_TRUE(IsLinkError(file->ReadAt(500 * 1024, buf).status()));
  clock_.Advance(std::chrono::seconds(600));
  local_->set_offline(false);  // the link is back: same handle, no remount
  EXPECT_EQ(ReadRange(*file, 500 * 1024, 1000), a.substr(500 * 1024, 1000));

  // The session's own history: one outage, from the first failure to the
  // first success after it, each in its own interval.
  auto history = LinkHistory::OpenReadOnly(LinkHistoryPath(cache_dir()).string());
  ASSERT_TRUE(history.ok()) << history.status().message();
  const std::int64_t now = clock_.NowMillis() / 1000;
  auto report = (*history)->Report(0, now);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->state, LinkState::kUp);
  ASSERT_EQ(report->outages.size(), 1u);
  EXPECT_EQ(report->outages[0].start, now - 600);
  EXPECT_EQ(report->outages[0].end, std::optional<std::int64_t>(now));
  EXPECT_EQ(report->transient_errors, 0);
  EXPECT_NE(report->last_error.find("offline"), std::string::npos) << report->last_error;
}

TEST_F(CacheOfflineTest, ListingsAndAttributesFollowTheTtl) {
  AddFile("Album/01.flac", 1000, 5);
  CacheOptions options = Options();
  options.dir_ttl = std::chrono::seconds(60);
  auto cache = MakeCache(options);
  EXPECT_EQ(Names(*cache->ListDir("/Album")), std::vector<std::string>{"01.flac"});
  EXPECT_TRUE(cache->Stat("/Album/01.flac").ok());
  EXPECT_EQ(local_->metadata_calls(), 1u);  // the listing brought the attributes
  AddFile("Album/02.flac", 1000, 6);
  clock_.Advance(std::chrono::seconds(59));
  EXPECT_EQ(Names(*cache->ListDir("/Album")), std::vector<std::string>{"01.flac"});
  EXPECT_EQ(local_->metadata_calls(), 1u);
  clock_.Advance(std::chrono::seconds(2));
  EXPECT_EQ(Names(*cache->ListDir("/Album")), (std::vector<std::string>{"01.flac", "02.flac"}));
  EXPECT_EQ(local_->metadata_calls(), 2u);
  // Deleted on the server: gone after the TTL, attributes and bytes too.
  std::filesystem::remove(src() / "Album" / "01.flac");
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(cache->Stat("/Album/01.flac").status().code(), ENOENT);
  EXPECT_EQ(Names(*cache->ListDir("/Album")), std::vector<std::string>{"02.flac"});
}

}  // namespace
}  // namespace hoard::fs::testing
