// kill -9 in the middle of downloads, several times: a crash may lose a
// download, never make the cache serve a wrong byte. A child process reads
// (and prefetches) through the cache until it is killed at a random moment;
// afterwards every byte the cache serves, offline and online, must equal the
// source.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <thread>

#include "tests/fs/cache_test_util.h"

namespace hoard::fs::testing {
namespace {

using CacheCrashTest = CacheTest;

[[noreturn]] void DownloadForever(const CacheOptions& options, const std::filesystem::path& src,
                                  int files, std::uint32_t seed) {
  auto local = std::make_shared<LocalRemote>(src);
  auto cache = CachingRemote::Create(options, local);
  if (!cache.ok()) ::_exit(3);
  std::mt19937 rng(seed);
  std::string buf(256 * 1024, '\0');
  while (true) {
    auto file = (*cache)->Open(Numbered("/", static_cast<int>(rng() % files)));
    if (!file.ok()) ::_exit(4);
    std::uint64_t size = (*file)->attr().size;
    std::uint64_t off = rng() % size;
    for (int i = 0; i < 40 && off < size; ++i) {  // a sequential stretch: read-ahead, prefetch
      std::size_t len = 1 + rng() % buf.size();
      auto n = (*file)->ReadAt(off, std::span<char>(buf.data(), len));
      if (!n.ok()) ::_exit(5);
      off += *n;
    }
  }
}

TEST_F(CacheCrashTest, KillNineMidDownloadNeverServesAWrongByte) {
  constexpr int kFiles = 6;
  std::vector<std::string> contents;
  for (int i = 0; i < kFiles; ++i) {
    contents.push_back(AddFile(Numbered("", i), 3 * 1024 * 1024 + 777 * i, 50 + i));
  }
  CacheOptions options = Options();
  options.clock = nullptr;  // the child must not share our ManualClock
  options.prefetch = PrefetchMode::kFile;
  options.prefetch_after = 512 * 1024;
  options.size_cap = 12 * 1024 * 1024;  // eviction runs too
  std::mt19937 rng(2024);
  for (int round = 0; round < 6; ++round) {
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) DownloadForever(options, src(), kFiles, static_cast<std::uint32_t>(round));
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + rng() % 400));
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child stopped by itself, status " << status;
  }
  // Offline: whatever is cached must be right; the rest fails cleanly.
  local_->set_offline(true);
  options.prefetch = PrefetchMode::kNone;
  std::uint64_t served = 0;
  {
    auto cache = MakeCache(options);
    for (int i = 0; i < kFiles; ++i) {
      auto opened = cache->Open(Numbered("/", i));
      if (!opened.ok()) {  // never opened before the kills: nothing cached
        EXPECT_TRUE(IsLinkError(opened.status())) << opened.status().ToString();
        continue;
      }
      auto& file = *opened;
      for (std::uint64_t off = 0; off < contents[i].size(); off += kCacheBlockSize) {
        std::string block(kCacheBlockSize, '\0');
        auto n = file->ReadAt(off, block);
        if (!n.ok()) {
          EXPECT_TRUE(IsLinkError(n.status())) << n.status().ToString();
          continue;
        }
        block.resize(*n);
        ASSERT_TRUE(block == contents[i].substr(off, kCacheBlockSize)) << "wrong bytes: file " << i << " @" << off;
        served += *n;
      }
    }
  }
  EXPECT_GT(served, 0u) << "nothing survived the crashes: the test proved nothing";
  // Online: everything, right.
  local_->set_offline(false);
  auto cache = MakeCache(options);
  for (int i = 0; i < kFiles; ++i) EXPECT_TRUE(*ReadAll(*cache, Numbered("/", i)) == contents[i]) << i;
}

}  // namespace
}  // namespace hoard::fs::testing
