// Tag reads ahead (cache_tags_ahead.cpp), with LocalRemote as the server:
// a scan's next files are read ahead as far as the scan read the last one,
// and a copy or a play teaches nothing.
#include <map>
#include <memory>
#include <vector>
#include <string>

#include "tests/fs/cache_test_util.h"

namespace hoard::fs::testing {
namespace {

class CacheTagsAheadTest : public CacheTest {
 protected:
  static constexpr std::size_t kSize = 300 * 1024 + 77;

  void SetUp() override {
    CacheTest::SetUp();
    std::uint32_t seed = 1;
    for (const char* name : {"01.flac", "02.flac", "03.flac", "04.flac", "05.flac", "06.flac", "cover.jpg"}) {
      content_["/Artist/Album/" + std::string(name)] = AddFile("Artist/Album/" + std::string(name), kSize, seed++);
    }
    for (const char* name : {"01.flac", "02.flac", "03.flac", "04.flac"}) {
      content_["/Artist/Album2/" + std::string(name)] = AddFile("Artist/Album2/" + std::string(name), kSize, seed++);
    }
  }

  std::unique_ptr<CachingRemote> ListedCache() {
    CacheOptions options = Options();
    options.list_ahead_workers = 2;
    auto cache = MakeCache(options);
    EXPECT_TRUE(cache->ListDir("/Artist").ok());  // and both albums, ahead
    cache->WaitForWorkAhead();
    return cache;
  }

  // Opens `path`, reads what TagLib reads of a FLAC (the head, the last
  // 128 bytes), checks the bytes, closes.
  void ScanOne(CachingRemote& cache, const std::string& path) {
    const std::string& content = content_.at(path);
    auto file = OpenFile(cache, path);
    ASSERT_NE(file, nullptr) << path;
    EXPECT_EQ(ReadRange(*file, 0, 4096), content.substr(0, 4096)) << path;
    EXPECT_EQ(ReadRange(*file, kSize - 128, 128), content.substr(kSize - 128)) << path;
  }

  std::map<std::string, std::string> content_;
};

TEST_F(CacheTagsAheadTest, TheNextEightFilesOfTheScanAreReadAheadAndTheirOpensAskNothing) {
  auto cache = ListedCache();
  local_->ResetCounters();
  ScanOne(*cache, "/Artist/Album/01.flac");
  cache->WaitForWorkAhead();
  // What the scan read of 01.flac: its first block and its last. Of each of
  // the next eight .flac files (02-06, then Album2's 01-03; not cover.jpg,
  // not Album2/04.flac): the first block and the last (the tail and a page
  // of margin before it fall in the last block here).
  const std::uint64_t last_block = kSize % kCacheBlockSize;
  EXPECT_EQ(local_->bytes_read(), 9 * (kCacheBlockSize + last_block));
  local_->ResetCounters();
  const std::uint64_t misses = cache->session_counters().misses;
  for (const char* path : {"/Artist/Album/02.flac", "/Artist/Album/03.flac", "/Artist/Album/04.flac",
                           "/Artist/Album/05.flac", "/Artist/Album/06.flac", "/Artist/Album2/01.flac",
                           "/Artist/Album2/02.flac", "/Artist/Album2/03.flac"}) {
    ScanOne(*cache, path);
    EXPECT_EQ(cache->session_counters().misses, misses) << path << " was not read ahead";
  }
  cache->WaitForWorkAhead();
  // The server was asked only for Album2/04.flac, which came into the
  // window as the scan moved on: its open and its head and tail.
  EXPECT_EQ(local_->metadata_calls(), 1u) << "an open of a file read ahead asks nothing";
  EXPECT_EQ(local_->bytes_read(), kCacheBlockSize + last_block);
}

// A scanner with many files open at once (hoard index) reads ahead by
// itself: offers would have workers open its files beside it.
TEST_F(CacheTagsAheadTest, AScanWithManyFilesOpenIsOfferedNothing) {
  auto cache = ListedCache();
  ScanOne(*cache, "/Artist/Album2/01.flac");  // teaches the profile; Album's files stay unread
  cache->WaitForWorkAhead();
  std::vector<std::unique_ptr<RemoteFile>> held;
  for (int i = 0; i < 8; ++i) held.push_back(OpenFile(*cache, "/Artist/Album/cover.jpg"));
  local_->ResetCounters();
  {
    auto ninth = OpenFile(*cache, "/Artist/Album/01.flac");
    cache->WaitForWorkAhead();
    EXPECT_EQ(local_->bytes_read(), 0u) << "read ahead beside a scan with nine files open";
  }
  held.clear();
  auto only = OpenFile(*cache, "/Artist/Album/02.flac");
  cache->WaitForWorkAhead();
  EXPECT_GT(local_->bytes_read(), 0u) << "with one file open, its next ones are read ahead";
}

// The profile is the farthest reach seen: a scan whose reads fall
// differently in different files has each next file's tail read ahead.
TEST_F(CacheTagsAheadTest, TheProfileCoversTheFarthestTailSeen) {
  auto cache = ListedCache();
  constexpr std::uint64_t kFarTail = 40000;
  {
    auto file = OpenFile(*cache, "/Artist/Album2/01.flac");
    const std::string& content = content_.at("/Artist/Album2/01.flac");
    EXPECT_EQ(ReadRange(*file, 0, 4096), content.substr(0, 4096));
    EXPECT_EQ(ReadRange(*file, kSize - kFarTail, kFarTail), content.substr(kSize - kFarTail));
  }
  ScanOne(*cache, "/Artist/Album2/02.flac");  // reaches 128 bytes from the end only
  cache->WaitForWorkAhead();
  auto opened = OpenFile(*cache, "/Artist/Album/01.flac");  // offers Album's next files
  cache->WaitForWorkAhead();
  const std::uint64_t misses = cache->session_counters().misses;
  auto file = OpenFile(*cache, "/Artist/Album/02.flac");
  const std::string& content = content_.at("/Artist/Album/02.flac");
  EXPECT_EQ(ReadRange(*file, kSize - kFarTail, kFarTail), content.substr(kSize - kFarTail));
  EXPECT_EQ(cache->session_counters().misses, misses) << "the last 40000 bytes were not read ahead";
}

TEST_F(CacheTagsAheadTest, AFileReadWholeTeachesNothing) {
  auto cache = ListedCache();
  {
    auto file = OpenFile(*cache, "/Artist/Album/01.flac");
    for (std::uint64_t off = 0; off < kSize; off += 16384) {
      ASSERT_EQ(ReadRange(*file, off, 16384), content_.at("/Artist/Album/01.flac").substr(off, 16384));
    }
  }
  cache->WaitForWorkAhead();
  // The scan's own misses: the workers may be fetching what its open offers.
  const std::uint64_t misses = cache->session_counters().misses;
  ScanOne(*cache, "/Artist/Album/02.flac");
  EXPECT_GT(cache->session_counters().misses, misses) << "read ahead after a file was read whole (a copy, a play)";
}

TEST_F(CacheTagsAheadTest, WithoutWorkersNothingIsReadAhead) {
  auto cache = MakeCache();
  ASSERT_TRUE(cache->ListDir("/Artist/Album").ok());
  ScanOne(*cache, "/Artist/Album/01.flac");
  cache->WaitForWorkAhead();
  EXPECT_LE(local_->bytes_read(), 2u * kCacheBlockSize) << "the head block and the tail block";
  local_->ResetCounters();
  ScanOne(*cache, "/Artist/Album/02.flac");
  EXPECT_GT(local_->bytes_read(), 0u);
}

TEST_F(CacheTagsAheadTest, OfflineTheScanGetsLinkErrorsAndNoWrongByte) {
  auto cache = ListedCache();
  ScanOne(*cache, "/Artist/Album/01.flac");
  cache->WaitForWorkAhead();
  local_->set_offline(true);
  // Read ahead: served from the cache with the link down.
  ScanOne(*cache, "/Artist/Album/02.flac");
  // Past what was read ahead: a link error, never bytes of another file.
  auto file = OpenFile(*cache, "/Artist/Album/02.flac");
  char buf[100];
  auto n = file->ReadAt(kSize / 2, buf);
  ASSERT_FALSE(n.ok());
  EXPECT_TRUE(IsLinkError(n.status())) << n.status().ToString();
}

}  // namespace
}  // namespace hoard::fs::testing
