// Helpers shared by the cache suites: a source tree of deterministic
// pseudo-random files served by LocalRemote, and whole-file reads through any
// RemoteSource.
#pragma once

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <utime.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "fs/cache/caching_remote.h"
#include "tests/fs/local_remote.h"
#include "tests/support/paths.h"

namespace hoard::fs::testing {

inline std::string RandomBytes(std::size_t size, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out(size, '\0');
  for (char& c : out) c = static_cast<char>(rng());
  return out;
}

inline void WriteFile(const std::filesystem::path& path, const std::string& content,
                      std::int64_t mtime = 1'600'000'000) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
  struct utimbuf times {mtime, mtime};
  ::utime(path.c_str(), &times);
}

inline std::string ReadLocal(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// "/x3": built with += (GCC 12 warns wrongly on operator+ chains of
// to_string results with -Werror=restrict).
inline std::string Numbered(const char* prefix, int i) {
  std::string name = prefix;
  name += std::to_string(i);
  return name;
}

// Opens `path`, failing the test (and returning null) when it cannot.
inline std::unique_ptr<RemoteFile> OpenFile(RemoteSource& source, const std::string& path) {
  auto file = source.Open(path);
  EXPECT_TRUE(file.ok()) << path << ": " << file.status().ToString();
  return file.ok() ? std::move(file).value() : nullptr;
}

// Reads [offset, offset+length) through `source`; fails the test on error.
inline std::string ReadRange(RemoteFile& file, std::uint64_t offset, std::size_t length) {
  std::string out(length, '\0');
  auto n = file.ReadAt(offset, out);
  EXPECT_TRUE(n.ok()) << n.status().ToString();
  out.resize(n.ok() ? *n : 0);
  return out;
}

// The whole file, in `chunk`-sized sequential reads.
inline Result<std::string> ReadAll(RemoteSource& source, const std::string& path,
                                   std::size_t chunk = 128 * 1024) {
  auto file = source.Open(path);
  if (!file.ok()) return file.status();
  std::string out;
  std::string buf(chunk, '\0');
  while (true) {
    auto n = (*file)->ReadAt(out.size(), buf);
    if (!n.ok()) return n.status();
    if (*n == 0) break;
    out.append(buf, 0, *n);
  }
  return out;
}

// Bytes allocated under `dir` (what du reports).
inline std::uint64_t DiskUsage(const std::filesystem::path& dir) {
  std::uint64_t total = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    struct stat st {};
    if (::lstat(e.path().c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      total += static_cast<std::uint64_t>(st.st_blocks) * 512;
    }
  }
  return total;
}

// A source directory served by a LocalRemote, and a cache directory.
class CacheTest : public ::testing::Test {
 protected:
  std::filesystem::path src() const { return tmp_.path() / "src"; }
  std::filesystem::path cache_dir() const { return tmp_.path() / "cache"; }

  void SetUp() override {
    std::filesystem::create_directories(src());
    local_ = std::make_shared<LocalRemote>(src());
  }

  CacheOptions Options() const {
    CacheOptions o;
    o.dir = cache_dir();
    o.size_cap = 1ULL << 30;
    o.prefetch = PrefetchMode::kNone;
    o.clock = &clock_;
    return o;
  }

  std::unique_ptr<CachingRemote> MakeCache(const CacheOptions& options) {
    auto cache = CachingRemote::Create(options, local_);
    EXPECT_TRUE(cache.ok()) << cache.status().ToString();
    return cache.ok() ? std::move(cache).value() : nullptr;
  }
  std::unique_ptr<CachingRemote> MakeCache() { return MakeCache(Options()); }

  // Writes src/<rel> with pseudo-random content; returns the content.
  std::string AddFile(const std::string& rel, std::size_t size, std::uint32_t seed,
                      std::int64_t mtime = 1'600'000'000) {
    std::string content = RandomBytes(size, seed);
    WriteFile(src() / rel, content, mtime);
    return content;
  }

  hoard::test::TempDir tmp_;
  ManualClock clock_;
  std::shared_ptr<LocalRemote> local_;
};

}  // namespace hoard::fs::testing
