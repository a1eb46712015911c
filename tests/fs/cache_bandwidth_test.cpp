// bwlimit=RATE holds within 10% over a short transfer through the cache.
#include <chrono>

#include "fs/cache/cache_bandwidth.h"
#include "tests/fs/cache_test_util.h"

namespace hoard::fs::testing {
namespace {

using CacheBandwidthTest = CacheTest;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST_F(CacheBandwidthTest, ColdReadHoldsTheRate) {
  constexpr std::uint64_t kRate = 8 * 1024 * 1024;
  std::string content = AddFile("a.flac", 4 * 1024 * 1024, 1);
  CacheOptions options = Options();
  options.bwlimit = kRate;
  auto cache = MakeCache(options);
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(*ReadAll(*cache, "/a.flac", 64 * 1024) == content);
  double rate = static_cast<double>(local_->bytes_read()) / SecondsSince(start);
  // Only the upper bound is a test: a busy machine can only make it slower.
  // (How close to the rate it gets is scripts/bench's business.)
  EXPECT_LE(rate, kRate * 1.10);
  // Cached bytes do not cross the link, so nothing limits them.
  local_->ResetCounters();
  EXPECT_TRUE(*ReadAll(*cache, "/a.flac") == content);
  EXPECT_EQ(local_->bytes_read(), 0u);
}

TEST(TokenBucketTest, ConcurrentTakersShareTheRate) {
  constexpr std::uint64_t kRate = 4 * 1024 * 1024;
  TokenBucket bucket(kRate);
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> takers;
  for (int t = 0; t < 4; ++t) {
    takers.emplace_back([&] {
      for (int i = 0; i < 8; ++i) bucket.Acquire(64 * 1024);
    });
  }
  for (auto& t : takers) t.join();
  double rate = (4.0 * 8 * 64 * 1024) / SecondsSince(start);
  EXPECT_LE(rate, kRate * 1.10);
}

TEST(TokenBucketTest, ZeroMeansUnlimited) {
  TokenBucket bucket(0);
  auto start = std::chrono::steady_clock::now();
  bucket.Acquire(1ULL << 40);
  EXPECT_LT(SecondsSince(start), 0.1);
}

}  // namespace
}  // namespace hoard::fs::testing
