// `hoard cache stats|pin|unpin|evict|verify` on a real cache directory,
// running the real `hoard` executable.
#include <stdio.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "tests/fs/cache_test_util.h"

namespace hoard::fs::testing {
namespace {

class CacheAdminTest : public CacheTest {
 protected:
  // Runs `hoard cache <args> --cache-dir <cache>`; returns stdout, sets `exit`.
  std::string Hoard(const std::string& args, int* exit = nullptr) {
    std::string cmd = hoard::test::Executable("hoard").string() + " cache " + args +
                      " --cache-dir '" + cache_dir().string() + "' 2>&1";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    std::string out;
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
    int status = ::pclose(pipe);
    if (exit) *exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
  }
};

TEST_F(CacheAdminTest, StatsReportsWhatTheCacheHolds) {
  std::string a = AddFile("Album/01.flac", 300 * 1024, 1);
  std::string b = AddFile("Album/02.flac", 200 * 1024, 2);
  {
    auto cache = MakeCache();
    ASSERT_TRUE(ReadAll(*cache, "/Album/01.flac").ok());
    ASSERT_TRUE(ReadAll(*cache, "/Album/01.flac").ok());
    auto file = OpenFile(*cache, "/Album/02.flac");
    ReadRange(*file, 0, 100);
    ASSERT_TRUE(cache->store().index().SetPinned("/Album/01.flac", true).ok());
  }
  int exit = -1;
  auto j = nlohmann::json::parse(Hoard("stats --json", &exit));
  EXPECT_EQ(exit, 0);
  EXPECT_EQ(j["bytes_cached"], a.size() + kCacheBlockSize);
  EXPECT_EQ(j["cap_bytes"], 1ULL << 30);
  EXPECT_EQ(j["files"], 2);
  EXPECT_EQ(j["complete_files"], 1);
  EXPECT_EQ(j["bytes_fetched"], a.size() + kCacheBlockSize);
  // The second read, and read-ahead bytes of the first one.
  EXPECT_GE(j["bytes_from_cache"].get<std::uint64_t>(), a.size());
  EXPECT_EQ(j["pinned"], nlohmann::json::array({"/Album/01.flac"}));
  EXPECT_GT(j["hit_ratio"].get<double>(), 0.0);
  EXPECT_NE(Hoard("stats").find("hit ratio"), std::string::npos);
}

TEST_F(CacheAdminTest, PinUnpinEvictVerify) {
  std::string a = AddFile("Album/01.flac", 300 * 1024, 1);
  std::string b = AddFile("Other/02.flac", 200 * 1024, 2);
  {
    auto cache = MakeCache();
    ASSERT_TRUE(ReadAll(*cache, "/Album/01.flac").ok());
    ASSERT_TRUE(ReadAll(*cache, "/Other/02.flac").ok());
  }
  int exit = -1;
  Hoard("pin /Album/", &exit);
  EXPECT_EQ(exit, 0);
  Hoard("evict --all", &exit);
  EXPECT_EQ(exit, 0);
  auto j = nlohmann::json::parse(Hoard("stats --json"));
  EXPECT_EQ(j["bytes_cached"], a.size());  // the pinned album stayed
  EXPECT_EQ(j["pinned"], nlohmann::json::array({"/Album"}));
  Hoard("unpin /Album", &exit);
  EXPECT_EQ(exit, 0);
  EXPECT_EQ(nlohmann::json::parse(Hoard("stats --json"))["pinned"].size(), 0u);
  // The cache still serves the album, offline.
  local_->set_offline(true);
  {
    auto cache = MakeCache();
    EXPECT_TRUE(*ReadAll(*cache, "/Album/01.flac") == a);
    EXPECT_FALSE(ReadAll(*cache, "/Other/02.flac").ok());
  }
  // verify: local integrity, then damage found.
  auto v = nlohmann::json::parse(Hoard("verify --json", &exit));
  EXPECT_EQ(exit, 0);
  EXPECT_EQ(v["checked"], 1);
  for (const auto& e : std::filesystem::directory_iterator(cache_dir() / "data")) {
    std::filesystem::resize_file(e.path(), 0);
  }
  v = nlohmann::json::parse(Hoard("verify --json", &exit));
  EXPECT_EQ(exit, 1);
  EXPECT_EQ(v["problems"].size(), 1u);
  // Named paths go even when pinned.
  Hoard("pin /Album", &exit);
  Hoard("evict /Album", &exit);
  EXPECT_EQ(nlohmann::json::parse(Hoard("stats --json"))["bytes_cached"], 0);
}

TEST_F(CacheAdminTest, MissingCacheIsOneLineAndExitOne) {
  int exit = -1;
  std::string out = Hoard("stats", &exit);
  EXPECT_EQ(exit, 1);
  EXPECT_NE(out.find("no cache in"), std::string::npos);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1);
}

}  // namespace
}  // namespace hoard::fs::testing
