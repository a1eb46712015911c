// The size cap holds: the cache directory stays under cache_size while
// every byte read stays right; least recently used files go first; pinned
// files never go; blocks of an open file may go and are fetched again.
#include <chrono>

#include "tests/fs/cache_test_util.h"

namespace hoard::fs::testing {
namespace {

class CacheEvictionTest : public CacheTest {
 protected:
  static constexpr std::uint64_t kCap = 3 * 1024 * 1024;
  // Partial blocks round up a little on disk, and the index (index.db, its
  // WAL: a page per table and index, a few pages written since the last
  // checkpoint) lives in the same directory.
  static constexpr std::uint64_t kSlack = 128 * 1024;

  CacheOptions CappedOptions() {
    CacheOptions options = Options();
    options.size_cap = kCap;
    return options;
  }

  bool CachedOffline(CachingRemote& cache, const std::string& path, const std::string& content) {
    local_->set_offline(true);
    auto got = ReadAll(cache, path);
    local_->set_offline(false);
    if (got.ok()) {
      EXPECT_EQ(*got, content);
    }
    return got.ok();
  }
};

TEST_F(CacheEvictionTest, DiskUsageStaysUnderCapAndBytesStayRight) {
  std::vector<std::string> contents;
  for (int i = 0; i < 12; ++i) {
    contents.push_back(AddFile(Numbered("f", i), 700 * 1024 + i * 1111, 100 + i));
  }
  auto cache = MakeCache(CappedOptions());
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 12; ++i) {
      clock_.Advance(std::chrono::seconds(1));
      ASSERT_EQ(*ReadAll(*cache, Numbered("/f", i), 50000), contents[i]);
      ASSERT_LE(DiskUsage(cache_dir()), kCap + kSlack) << "after file " << i;
      ASSERT_LE(cache->store().used_bytes(), kCap);
    }
  }
}

TEST_F(CacheEvictionTest, LeastRecentlyUsedGoesFirst) {
  std::string a = AddFile("a.flac", 1000 * 1024, 1);
  std::string b = AddFile("b.flac", 1000 * 1024, 2);
  std::string c = AddFile("c.flac", 1000 * 1024, 3);
  auto cache = MakeCache(CappedOptions());
  ASSERT_TRUE(ReadAll(*cache, "/a.flac").ok());
  clock_.Advance(std::chrono::seconds(10));
  ASSERT_TRUE(ReadAll(*cache, "/b.flac").ok());
  clock_.Advance(std::chrono::seconds(10));
  ASSERT_TRUE(ReadAll(*cache, "/a.flac").ok());  // a is now more recent than b
  clock_.Advance(std::chrono::seconds(10));
  ASSERT_TRUE(ReadAll(*cache, "/c.flac").ok());  // over the cap: b goes
  EXPECT_TRUE(CachedOffline(*cache, "/a.flac", a));
  EXPECT_TRUE(CachedOffline(*cache, "/c.flac", c));
  EXPECT_FALSE(CachedOffline(*cache, "/b.flac", b));
}

TEST_F(CacheEvictionTest, PinnedFilesAreNeverEvicted) {
  std::string one = AddFile("Keep/01.flac", 800 * 1024, 1);
  std::string two = AddFile("Keep/02.flac", 800 * 1024, 2);
  std::vector<std::string> others;
  for (int i = 0; i < 6; ++i) others.push_back(AddFile(Numbered("x", i), 900 * 1024, 10 + i));
  auto cache = MakeCache(CappedOptions());
  ASSERT_TRUE(cache->store().index().SetPinned("/Keep/", true).ok());
  EXPECT_EQ(*ReadAll(*cache, "/Keep/01.flac"), one);
  EXPECT_EQ(*ReadAll(*cache, "/Keep/02.flac"), two);
  for (int i = 0; i < 6; ++i) {
    clock_.Advance(std::chrono::seconds(1));
    EXPECT_EQ(*ReadAll(*cache, Numbered("/x", i)), others[i]);
    EXPECT_LE(DiskUsage(cache_dir()), kCap + kSlack);
  }
  EXPECT_TRUE(CachedOffline(*cache, "/Keep/01.flac", one));
  EXPECT_TRUE(CachedOffline(*cache, "/Keep/02.flac", two));
  // Unpinned, they are ordinary old files again.
  ASSERT_TRUE(cache->store().index().SetPinned("/Keep", false).ok());
  for (int i = 0; i < 4; ++i) {
    clock_.Advance(std::chrono::seconds(1));
    EXPECT_EQ(*ReadAll(*cache, Numbered("/x", i)), others[i]);
  }
  EXPECT_FALSE(CachedOffline(*cache, "/Keep/01.flac", one));
}

TEST_F(CacheEvictionTest, OpenFileBlocksMayBeEvictedSafely) {
  std::string a = AddFile("a.flac", 2 * 1024 * 1024, 1);
  std::string b = AddFile("b.flac", 2 * 1024 * 1024, 2);
  auto cache = MakeCache(CappedOptions());
  auto held = OpenFile(*cache, "/a.flac");
  EXPECT_EQ(ReadRange(*held, 0, a.size()), a);
  clock_.Advance(std::chrono::seconds(5));
  EXPECT_EQ(*ReadAll(*cache, "/b.flac"), b);  // evicts part of the open a
  local_->ResetCounters();
  EXPECT_EQ(ReadRange(*held, 0, a.size()), a);
  EXPECT_GT(local_->bytes_read(), 0u);  // refetched, not read from holes
  EXPECT_LE(DiskUsage(cache_dir()), kCap + kSlack);
}

TEST_F(CacheEvictionTest, EvictionSurvivesRemount) {
  std::string a = AddFile("a.flac", 2 * 1024 * 1024, 1);
  {
    auto cache = MakeCache(CappedOptions());
    EXPECT_EQ(*ReadAll(*cache, "/a.flac"), a);
  }
  CacheOptions smaller = CappedOptions();
  smaller.size_cap = 1024 * 1024;
  auto cache = MakeCache(smaller);
  ASSERT_TRUE(cache->store().EvictDownTo(smaller.size_cap).ok());
  EXPECT_LE(DiskUsage(cache_dir()), smaller.size_cap + kSlack);
  EXPECT_EQ(*ReadAll(*cache, "/a.flac"), a);
}

}  // namespace
}  // namespace hoard::fs::testing
