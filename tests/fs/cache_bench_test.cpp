// Benchmarks of the cache without a network (run by scripts/bench/cache-local,
// disabled in the normal test run): cold fill and warm read of a 256 MiB file
// through CachingRemote over LocalRemote, against reading the file straight
// from local disk; and the time to open a cache holding 100k files.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "tests/fs/cache_test_util.h"

namespace hoard::fs::testing {
namespace {

using CacheBench = CacheTest;

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Sequential 1 MiB reads, as FUSE with max_read=1M hands them over.
double ReadMBps(RemoteSource& source, const std::string& path, std::uint64_t size) {
  auto file = OpenFile(source, path);
  std::vector<char> buf(1 << 20);
  auto start = std::chrono::steady_clock::now();
  for (std::uint64_t off = 0; off < size; off += buf.size()) {
    auto n = file->ReadAt(off, buf);
    EXPECT_TRUE(n.ok());
  }
  return static_cast<double>(size) / (1 << 20) / Seconds(start);
}

TEST_F(CacheBench, DISABLED_WarmReadOf256MiB) {
  constexpr std::uint64_t kSize = 256ULL << 20;
  AddFile("big.flac", kSize, 1);
  CacheOptions options = Options();
  options.clock = nullptr;
  double cold = 0, warm = 0;
  {
    auto cache = MakeCache(options);
    cold = ReadMBps(*cache, "/big.flac", kSize);
  }
  local_->ResetCounters();
  {
    auto cache = MakeCache(options);  // "remount"
    warm = ReadMBps(*cache, "/big.flac", kSize);
  }
  std::uint64_t refetched = local_->bytes_read();
  int fd = ::open((src() / "big.flac").c_str(), O_RDONLY);
  std::vector<char> buf(1 << 20);
  auto start = std::chrono::steady_clock::now();
  for (std::uint64_t off = 0; off < kSize; off += buf.size()) {
    ASSERT_GT(::pread(fd, buf.data(), buf.size(), static_cast<off_t>(off)), 0);
  }
  double local = static_cast<double>(kSize) / (1 << 20) / Seconds(start);
  ::close(fd);
  std::printf("cache-bench: cold fill %.0f MB/s, warm read after remount %.0f MB/s, "
              "local disk %.0f MB/s (warm/local %.2f), bytes refetched after remount: %llu\n",
              cold, warm, local, warm / local, static_cast<unsigned long long>(refetched));
  EXPECT_EQ(refetched, 0u);
}

TEST_F(CacheBench, DISABLED_OpenCacheOf100kFiles) {
  constexpr int kFiles = 100000;
  {
    auto index = CacheIndex::Open(cache_dir());
    ASSERT_TRUE(index.ok());
    auto blocks = CacheBlockStore::Open(cache_dir(), CacheEnv::Default());
    ASSERT_TRUE(blocks.ok());
    auto start = std::chrono::steady_clock::now();
    std::vector<DirEntry> entries;
    for (int i = 0; i < kFiles; ++i) {
      std::string path = Numbered("/Artist/Album/track", i);
      auto r = (*index)->CreateFile(path, 4096, 1, i);
      ASSERT_TRUE(r.ok());
      ASSERT_TRUE((*index)->AddBlocks(r->id, {{0, 4096}}).ok());
      auto fd = blocks->OpenDataFile(r->id);
      ASSERT_TRUE(fd.ok());
      ASSERT_TRUE(blocks->Write(*fd, 0, std::string(4096, 'x')).ok());
      ::close(*fd);
      entries.push_back({Numbered("track", i), {}});
    }
    ASSERT_TRUE((*index)->PutListing("/Artist/Album", entries, 0).ok());
    std::printf("cache-bench: built a cache of %d files in %.1f s\n", kFiles, Seconds(start));
    std::fflush(stdout);  // the run may be cut short by a timeout
  }
  local_->set_offline(true);
  CacheOptions options = Options();
  options.clock = nullptr;
  auto start = std::chrono::steady_clock::now();
  auto cache = MakeCache(options);
  ASSERT_TRUE(cache);
  auto listing = cache->ListDir("/Artist/Album");
  double open_and_list = Seconds(start);
  ASSERT_TRUE(listing.ok());
  EXPECT_EQ(listing->size(), static_cast<std::size_t>(kFiles));
  std::printf("cache-bench: open a cache of %d files + list them offline: %.3f s\n", kFiles,
              open_and_list);
  EXPECT_LT(open_and_list, 1.0);
}

}  // namespace
}  // namespace hoard::fs::testing
