// The core promises of the range cache, with LocalRemote as the server:
// a byte crosses the link once, tag scans fetch only what they read, and
// versions of a file are never mixed.
#include <fcntl.h>
#include <unistd.h>
#include <utime.h>

#include "tests/fs/cache_test_util.h"

namespace hoard::fs::testing {
namespace {

using CacheRemoteTest = CacheTest;

TEST_F(CacheRemoteTest, SecondReadAfterReopenFetchesNothing) {
  std::string a = AddFile("Artist/Album/01.flac", 3 * 1024 * 1024 + 123, 1);
  std::string b = AddFile("Artist/Album/02.flac", 200 * 1024, 2);
  std::string c = AddFile("Artist/Album/tiny.txt", 10, 3);
  {
    auto cache = MakeCache();
    EXPECT_EQ(*ReadAll(*cache, "/Artist/Album/01.flac"), a);
    EXPECT_EQ(*ReadAll(*cache, "/Artist/Album/02.flac", 4096), b);
    EXPECT_EQ(*ReadAll(*cache, "/Artist/Album/tiny.txt"), c);
  }
  EXPECT_EQ(local_->bytes_read(), a.size() + b.size() + c.size());
  local_->ResetCounters();
  auto cache = MakeCache();
  EXPECT_EQ(*ReadAll(*cache, "/Artist/Album/01.flac", 1000), a);
  EXPECT_EQ(*ReadAll(*cache, "/Artist/Album/02.flac"), b);
  EXPECT_EQ(*ReadAll(*cache, "/Artist/Album/tiny.txt"), c);
  EXPECT_EQ(local_->bytes_read(), 0u);
  EXPECT_GT(cache->session_counters().bytes_from_cache, 0u);
  EXPECT_EQ(cache->session_counters().bytes_fetched, 0u);
}

TEST_F(CacheRemoteTest, TagScanFetchesOnlyHeadAndTail) {
  std::string content = AddFile("track.mp3", 20 * 1024 * 1024, 4);
  CacheOptions options = Options();
  options.prefetch = PrefetchMode::kFile;  // must not kick in for a tag scan
  auto cache = MakeCache(options);
  auto file = OpenFile(*cache, "/track.mp3");
  EXPECT_EQ(ReadRange(*file, 0, 10), content.substr(0, 10));
  EXPECT_EQ(ReadRange(*file, 10, 4096), content.substr(10, 4096));
  EXPECT_EQ(ReadRange(*file, content.size() - 128, 128), content.substr(content.size() - 128));
  EXPECT_EQ(ReadRange(*file, content.size() - 32 - 128, 32),
            content.substr(content.size() - 160, 32));
  cache->WaitForPrefetch();
  // Two blocks: the head and the tail, nothing in between.
  EXPECT_EQ(local_->bytes_read(), 2u * kCacheBlockSize);
}

TEST_F(CacheRemoteTest, ReadAheadGrowsOnlyForSequentialAccess) {
  std::string content = AddFile("big.flac", 8 * 1024 * 1024, 5);
  auto cache = MakeCache();
  auto file = OpenFile(*cache, "/big.flac");
  // Scattered reads: exactly the blocks touched.
  for (std::uint64_t off : {5'000'000ULL, 123ULL, 7'000'000ULL, 2'500'000ULL}) {
    EXPECT_EQ(ReadRange(*file, off, 100), content.substr(off, 100));
  }
  EXPECT_EQ(local_->bytes_read(), 4u * kCacheBlockSize);
  EXPECT_EQ(local_->read_calls(), 4u);
  local_->ResetCounters();
  // Sequential 16 KiB reads over 4 MiB from 3 MiB: read-ahead makes the
  // upstream requests few and large.
  for (std::uint64_t off = 3 << 20; off < (7u << 20); off += 16384) {
    ASSERT_EQ(ReadRange(*file, off, 16384), content.substr(off, 16384));
  }
  EXPECT_LT(local_->read_calls(), 12u);
  EXPECT_LE(local_->bytes_read(), (4u << 20) + (1u << 20));  // + at most one 1 MiB read-ahead
}

// The kernel keeps two 128 KiB readahead requests in flight, and they reach
// the cache out of order: still a sequential stream.
TEST_F(CacheRemoteTest, ReadAheadFollowsTheKernelsReorderedWindows) {
  std::string content = AddFile("big.flac", 8 * 1024 * 1024, 5);
  auto cache = MakeCache();
  auto file = OpenFile(*cache, "/big.flac");
  constexpr std::uint64_t kWindow = 128 << 10;
  for (std::uint64_t pair = 3 << 20; pair < (7u << 20); pair += 2 * kWindow) {
    for (std::uint64_t off : {pair + kWindow, pair}) {
      ASSERT_EQ(ReadRange(*file, off, kWindow), content.substr(off, kWindow));
    }
  }
  EXPECT_LT(local_->read_calls(), 16u);  // taken for random reads: 32
  EXPECT_LE(local_->bytes_read(), (4u << 20) + (1u << 20));
}

TEST_F(CacheRemoteTest, SequentialPlaybackPrefetchesTheRestOfTheFile) {
  std::string content = AddFile("song.flac", 6 * 1024 * 1024 + 17, 6);
  CacheOptions options = Options();
  options.prefetch = PrefetchMode::kFile;
  options.prefetch_after = 1 << 20;
  auto cache = MakeCache(options);
  {
    auto file = OpenFile(*cache, "/song.flac");
    for (std::uint64_t off = 0; off < (2u << 20); off += 65536) {
      ASSERT_EQ(ReadRange(*file, off, 65536), content.substr(off, 65536));
    }
  }
  cache->WaitForPrefetch();
  EXPECT_EQ(local_->bytes_read(), content.size());
  local_->set_offline(true);
  EXPECT_EQ(*ReadAll(*cache, "/song.flac"), content);
}

TEST_F(CacheRemoteTest, AlbumPrefetchAlsoFetchesTheNextTrack) {
  std::string one = AddFile("Album/01.flac", 3 * 1024 * 1024, 7);
  std::string two = AddFile("Album/02.flac", 2 * 1024 * 1024, 8);
  std::string three = AddFile("Album/03.flac", 1024 * 1024, 9);
  CacheOptions options = Options();
  options.prefetch = PrefetchMode::kAlbum;
  options.prefetch_after = 1 << 20;
  auto cache = MakeCache(options);
  {
    auto file = OpenFile(*cache, "/Album/01.flac");
    for (std::uint64_t off = 0; off < (3u << 19); off += 65536) ReadRange(*file, off, 65536);
  }
  cache->WaitForPrefetch();
  EXPECT_EQ(local_->bytes_read(), one.size() + two.size());
  local_->set_offline(true);
  EXPECT_EQ(*ReadAll(*cache, "/Album/02.flac"), two);
  EXPECT_FALSE(ReadAll(*cache, "/Album/03.flac").ok());
}

TEST_F(CacheRemoteTest, ReplacedFileIsNeverMixed) {
  std::string v1 = AddFile("song.mp3", 1024 * 1024, 10, 1'600'000'000);
  auto cache = MakeCache();
  {
    auto file = OpenFile(*cache, "/song.mp3");
    EXPECT_EQ(ReadRange(*file, 0, 4096), v1.substr(0, 4096));  // head cached only
  }
  std::string v2 = AddFile("song.mp3", v1.size(), 11, 1'600'000'100);  // same size
  {
    // Within dir_ttl the old attributes are believed: the handle serves v1,
    // what is cached of it; its first read of uncached bytes opens it on the
    // server, which reveals the change: ESTALE, never v1 and v2 bytes mixed.
    auto file = OpenFile(*cache, "/song.mp3");
    EXPECT_EQ(ReadRange(*file, 0, 4096), v1.substr(0, 4096));
    char buf[4096];
    auto n = file->ReadAt(v1.size() / 2, buf);
    ASSERT_FALSE(n.ok());
    EXPECT_EQ(n.status().code(), ESTALE);
  }
  // The next open sees v2, all of it.
  EXPECT_EQ(*ReadAll(*cache, "/song.mp3"), v2);
  // And after a remount too, from the cache alone.
  cache.reset();
  local_->set_offline(true);
  cache = MakeCache();
  EXPECT_EQ(*ReadAll(*cache, "/song.mp3"), v2);
}

TEST_F(CacheRemoteTest, ReplacedFileIsSeenAfterTtl) {
  std::string v1 = AddFile("a.flac", 300 * 1024, 12, 1'600'000'000);
  auto cache = MakeCache();
  EXPECT_EQ(*ReadAll(*cache, "/a.flac"), v1);
  std::string v2 = AddFile("a.flac", v1.size(), 13, 1'600'000'050);
  EXPECT_EQ(*ReadAll(*cache, "/a.flac"), v1);  // fully cached, within TTL
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(*ReadAll(*cache, "/a.flac"), v2);
}

TEST_F(CacheRemoteTest, KeepCacheOnlyWhenUnchangedSinceLastOpen) {
  AddFile("a.flac", 100 * 1024, 14, 1'600'000'000);
  auto cache = MakeCache();
  auto first = OpenFile(*cache, "/a.flac");
  EXPECT_FALSE(static_cast<CachingFile&>(*first).keep_cache());
  auto second = OpenFile(*cache, "/a.flac");
  EXPECT_TRUE(static_cast<CachingFile&>(*second).keep_cache());
  AddFile("a.flac", 100 * 1024, 15, 1'600'000'500);
  clock_.Advance(std::chrono::seconds(61));
  auto third = OpenFile(*cache, "/a.flac");
  EXPECT_FALSE(static_cast<CachingFile&>(*third).keep_cache());
}

TEST_F(CacheRemoteTest, CountersArePersisted) {
  std::string content = AddFile("a.flac", 256 * 1024, 17);
  {
    auto cache = MakeCache();
    EXPECT_EQ(*ReadAll(*cache, "/a.flac"), content);
    EXPECT_EQ(*ReadAll(*cache, "/a.flac"), content);
  }
  auto cache = MakeCache();
  auto counters = cache->store().index().LoadCounters();
  ASSERT_TRUE(counters.ok());
  EXPECT_EQ(counters->bytes_fetched, content.size());
  EXPECT_EQ(counters->bytes_from_cache, content.size());
  EXPECT_GE(counters->hits, 2u);
  EXPECT_GE(counters->misses, 1u);
  EXPECT_EQ(*cache->store().index().TotalCachedBytes(), content.size());
}

TEST_F(CacheRemoteTest, ConcurrentReadersGetRightBytesAndFetchOnce) {
  std::string content = AddFile("a.flac", 4 * 1024 * 1024, 18);
  auto cache = MakeCache();
  std::vector<std::thread> readers;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      auto file = OpenFile(*cache, "/a.flac");
      std::mt19937 rng(t);
      for (int i = 0; i < 200; ++i) {
        std::uint64_t off = rng() % content.size();
        std::size_t len = std::min<std::size_t>(1 + rng() % 200000, content.size() - off);
        std::string got(len, '\0');
        auto n = file->ReadAt(off, got);
        if (!n.ok() || *n != len || got != content.substr(off, len)) ++wrong;
      }
    });
  }
  for (auto& r : readers) r.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(local_->bytes_read(), content.size());
}

// A file changed in place on the server while a handle is open (a tag
// editor rewriting it, rsync --inplace): once the cache sees its new
// attributes, the open handle's further fetches would read the new bytes
// through the old handle, so they get ESTALE and nothing is stored under the
// old version; the next open serves the new version, also after a remount.
TEST_F(CacheRemoteTest, FileChangedInPlaceWhileOpenIsNeverStoredUnderTheOldVersion) {
  std::string v1 = AddFile("song.mp3", 512 * 1024, 20, 1'600'000'000);
  auto cache = MakeCache();
  auto file = OpenFile(*cache, "/song.mp3");
  EXPECT_EQ(ReadRange(*file, 0, 4096), v1.substr(0, 4096));
  std::string v2 = RandomBytes(v1.size(), 21);
  {  // the same inode, overwritten: the open handle reads the new bytes
    std::fstream f(src() / "song.mp3", std::ios::in | std::ios::out | std::ios::binary);
    f.write(v2.data(), static_cast<std::streamsize>(v2.size()));
  }
  struct utimbuf times {1'600'000'100, 1'600'000'100};
  ASSERT_EQ(::utime((src() / "song.mp3").c_str(), &times), 0);
  clock_.Advance(std::chrono::seconds(61));
  ASSERT_EQ(cache->Stat("/song.mp3")->mtime, 1'600'000'100);
  std::string buf(4096, '\0');
  auto n = file->ReadAt(256 * 1024, buf);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().code(), ESTALE);
  file.reset();
  EXPECT_EQ(*ReadAll(*cache, "/song.mp3"), v2);
  // The dropped version's bytes, recorded and pending, left the count.
  ASSERT_TRUE(cache->Flush().ok());
  EXPECT_EQ(cache->store().used_bytes(), *cache->store().index().TotalCachedBytes());
  EXPECT_EQ(cache->store().used_bytes(), v2.size());
  cache.reset();
  local_->set_offline(true);
  cache = MakeCache();
  EXPECT_EQ(*ReadAll(*cache, "/song.mp3"), v2);
}

// Appended to while open: the fetch of the last block asks one byte more
// and sees it, so the old version's last block is never stored from it.
TEST_F(CacheRemoteTest, FileThatGrowsWhileOpenGetsEstaleAtItsEnd) {
  std::string v1 = AddFile("live.ogg", 100 * 1024, 22, 1'600'000'000);
  auto cache = MakeCache();
  auto file = OpenFile(*cache, "/live.ogg");
  EXPECT_EQ(ReadRange(*file, 0, 4096), v1.substr(0, 4096));
  {
    std::ofstream f(src() / "live.ogg", std::ios::app | std::ios::binary);
    f << "more";
  }
  std::string buf(4096, '\0');
  auto n = file->ReadAt(v1.size() - 100, buf);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().code(), ESTALE);
  file.reset();
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(*ReadAll(*cache, "/live.ogg"), v1 + "more");
}

TEST_F(CacheRemoteTest, SubdirectoriesAreListedAheadTwoLevelsDown) {
  std::filesystem::create_directories(src() / "A/B/C/D");
  std::filesystem::create_directories(src() / "E");
  CacheOptions options = Options();
  options.list_ahead_workers = 2;
  auto cache = MakeCache(options);
  local_->ResetCounters();
  ASSERT_TRUE(cache->ListDir("/").ok());
  cache->WaitForWorkAhead();
  // "/", then /A, /E and /A/B ahead; not /A/B/C, three levels down.
  EXPECT_EQ(local_->metadata_calls(), 4u);
  // A walk down finds each listed, and moves the horizon along.
  ASSERT_TRUE(cache->ListDir("/A").ok());
  cache->WaitForWorkAhead();
  EXPECT_EQ(local_->metadata_calls(), 5u) << "/A/B/C ahead";
  ASSERT_TRUE(cache->ListDir("/A/B").ok());
  cache->WaitForWorkAhead();
  EXPECT_EQ(local_->metadata_calls(), 6u) << "/A/B/C/D ahead, nothing twice";
  ASSERT_TRUE(cache->ListDir("/A/B/C").ok());
  ASSERT_TRUE(cache->ListDir("/A/B/C/D").ok());
  cache->WaitForWorkAhead();
  EXPECT_EQ(local_->metadata_calls(), 6u);
}

TEST_F(CacheRemoteTest, WithoutListAheadWorkersOnlyWhatIsAskedIsListed) {
  std::filesystem::create_directories(src() / "A/B");
  auto cache = MakeCache();
  local_->ResetCounters();
  ASSERT_TRUE(cache->ListDir("/").ok());
  cache->WaitForWorkAhead();
  EXPECT_EQ(local_->metadata_calls(), 1u);
}

TEST_F(CacheRemoteTest, ListingAheadOfflineServesWhatIsCachedAndAsksNothingTwice) {
  std::filesystem::create_directories(src() / "A/B");
  CacheOptions options = Options();
  options.list_ahead_workers = 2;
  {
    auto cache = MakeCache(options);
    ASSERT_TRUE(cache->ListDir("/").ok());
    cache->WaitForWorkAhead();
  }
  local_->set_offline(true);
  clock_.Advance(std::chrono::hours(1));  // every listing is stale
  auto cache = MakeCache(options);
  auto root = cache->ListDir("/");
  ASSERT_TRUE(root.ok()) << root.status().ToString();
  cache->WaitForWorkAhead();
  auto b = cache->ListDir("/A/B");
  EXPECT_TRUE(b.ok()) << "listed ahead before the link went down, served from the cache";
}

// The directory's mtime as a server's clock would have it, long before the
// test clock's now (ManualClock starts at 1.7e9 s).
void SetDirMtime(const std::filesystem::path& dir, std::int64_t mtime) {
  struct utimbuf times {mtime, mtime};
  ASSERT_EQ(::utime(dir.c_str(), &times), 0);
}

std::uint64_t SizeOf(const std::vector<DirEntry>& entries, const std::string& name) {
  for (const DirEntry& e : entries) {
    if (e.name == name) return e.attr.size;
  }
  return 0;
}

TEST_F(CacheRemoteTest, AStaleListingWhoseDirectoryDidNotMoveCostsOneStatAndIsRelistedBehind) {
  AddFile("Album/01.flac", 1000, 1);
  SetDirMtime(src() / "Album", 1'600'000'000);
  CacheOptions options = Options();
  options.list_ahead_workers = 1;
  auto cache = MakeCache(options);
  ASSERT_EQ(SizeOf(*cache->ListDir("/Album"), "01.flac"), 1000u);
  // Retagged in place: the file changes, its directory's mtime does not.
  AddFile("Album/01.flac", 1200, 2);
  SetDirMtime(src() / "Album", 1'600'000'000);
  clock_.Advance(std::chrono::minutes(2));  // past dir_ttl
  local_->ResetCounters();
  auto served = cache->ListDir("/Album");
  ASSERT_TRUE(served.ok());
  EXPECT_EQ(SizeOf(*served, "01.flac"), 1000u) << "served as cached, after one stat";
  cache->WaitForWorkAhead();
  EXPECT_EQ(local_->metadata_calls(), 2u) << "the stat, then the relisting behind it";
  EXPECT_EQ(SizeOf(*cache->ListDir("/Album"), "01.flac"), 1200u) << "the next listing has the change";
  EXPECT_EQ(local_->metadata_calls(), 2u);
}

TEST_F(CacheRemoteTest, ANewEntryIsListedOnTheFirstListingPastDirTtl) {
  AddFile("Artist/2001_Album/01.flac", 10, 1);
  SetDirMtime(src() / "Artist", 1'600'000'000);
  CacheOptions options = Options();
  options.list_ahead_workers = 1;
  auto cache = MakeCache(options);
  ASSERT_EQ(cache->ListDir("/Artist")->size(), 1u);
  cache->WaitForWorkAhead();
  AddFile("Artist/2026_New_Album/01.flac", 10, 2);  // moves Artist's mtime
  clock_.Advance(std::chrono::minutes(2));
  auto listing = cache->ListDir("/Artist");
  ASSERT_TRUE(listing.ok());
  EXPECT_EQ(listing->size(), 2u) << "the new album is there at once";
}

TEST_F(CacheRemoteTest, AListingMadeSoonAfterItsDirectoryChangedIsNotTrustedByMtime) {
  AddFile("Album/01.flac", 10, 1);
  // Changed 30 s before the listing (the test clock's now): a change in the
  // same second as the listing, or hidden by clock skew, would not show.
  SetDirMtime(src() / "Album", clock_.NowMillis() / 1000 - 30);
  CacheOptions options = Options();
  options.list_ahead_workers = 1;
  auto cache = MakeCache(options);
  ASSERT_TRUE(cache->ListDir("/Album").ok());
  clock_.Advance(std::chrono::minutes(2));
  local_->ResetCounters();
  ASSERT_TRUE(cache->ListDir("/Album").ok());
  cache->WaitForWorkAhead();
  EXPECT_EQ(local_->metadata_calls(), 1u) << "listed again, no stat, no relisting behind";
}

TEST_F(CacheRemoteTest, ARevalidatedListingIsServedOfflineAndAGoneDirectoryIsGone) {
  AddFile("Album/01.flac", 10, 1);
  AddFile("Other/01.flac", 10, 2);
  SetDirMtime(src() / "Album", 1'600'000'000);
  SetDirMtime(src() / "Other", 1'600'000'000);
  auto cache = MakeCache();
  ASSERT_TRUE(cache->ListDir("/Album").ok());
  ASSERT_TRUE(cache->ListDir("/Other").ok());
  clock_.Advance(std::chrono::minutes(2));
  std::filesystem::remove_all(src() / "Other");
  EXPECT_EQ(cache->ListDir("/Other").status().code(), ENOENT);
  local_->set_offline(true);
  clock_.Advance(std::chrono::minutes(2));
  EXPECT_TRUE(cache->ListDir("/Album").ok()) << "stale and offline: the cached listing";
}

}  // namespace
}  // namespace hoard::fs::testing
