// A full disk under cache_dir degrades to uncached reads with a warning: the
// reader gets every byte, and no error. Once on a disk of 1 MiB for the data
// files (FaultInjectionEnv: runs everywhere), once on a real tiny tmpfs,
// where SQLite's index fills up too (needs root, as CI has; skipped
// otherwise).
#include <sys/mount.h>

#include <chrono>
#include <cstring>

#include "tests/fs/cache_test_util.h"
#include "tests/fs/fault_injection_env.h"

namespace hoard::fs::testing {
namespace {

// Reads everything through a cache made with `options` whose disk fills up:
// every byte right, what fit served from the cache offline, and the cache
// reopens on the full disk.
class FullDiskTest : public CacheTest {
 protected:
  void ExpectFullDiskDegradesToUncachedReads(CacheOptions options) {
    std::string big = AddFile("big.flac", 6 * 1024 * 1024, 1);
    std::string small = AddFile("small.flac", 100 * 1024, 2);
    options.size_cap = 10ULL << 30;  // the cap is not what stops it: the disk is
    options.prefetch = PrefetchMode::kFile;
    auto cache = MakeCache(options);
    ASSERT_TRUE(cache);
    EXPECT_TRUE(*ReadAll(*cache, "/small.flac") == small);
    EXPECT_TRUE(*ReadAll(*cache, "/big.flac", 100000) == big);
    cache->WaitForPrefetch();
    // And again: what fit is served from the cache, the rest from the server.
    EXPECT_TRUE(*ReadAll(*cache, "/big.flac", 100000) == big);
    EXPECT_TRUE(*ReadAll(*cache, "/small.flac") == small);
    local_->set_offline(true);
    EXPECT_TRUE(*ReadAll(*cache, "/small.flac") == small);
    cache.reset();
    // Reopening a cache on a full disk works too.
    local_->set_offline(false);
    cache = MakeCache(options);
    ASSERT_TRUE(cache);
    EXPECT_FALSE(cache->index_was_rebuilt());
    EXPECT_TRUE(*ReadAll(*cache, "/big.flac") == big);
    local_->set_offline(true);
    EXPECT_TRUE(*ReadAll(*cache, "/small.flac") == small);
  }
};

TEST_F(FullDiskTest, FullDataDiskDegradesToUncachedReads) {
  FaultInjectionEnv disk({.at = 0, .only = std::nullopt, .error = 0, .crash_after = false, .capacity = 1 << 20});
  CacheOptions options = Options();
  options.env = &disk;
  ExpectFullDiskDegradesToUncachedReads(options);
}

TEST_F(FullDiskTest, FullTmpfsDegradesToUncachedReads) {
  const std::filesystem::path small = tmp_.path() / "small";
  std::filesystem::create_directories(small);
  if (::mount("tmpfs", small.c_str(), "tmpfs", 0, "size=1m,mode=0700") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (needs root): " << std::strerror(errno);
  }
  CacheOptions options = Options();
  options.dir = small / "cache";
  ExpectFullDiskDegradesToUncachedReads(options);
  ::umount2(small.c_str(), MNT_DETACH);
}

}  // namespace
}  // namespace hoard::fs::testing
