// TagReadPool with a stand-in for ReadTags: every file read once, the first
// read of each extension the only first read and alone among its
// extension's, the others going on beside it; nothing read after the pool
// is gone.
#include "catalog/tag_read_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace hoard::catalog {
namespace {

using namespace std::chrono_literals;

std::deque<TagReadPool::Read> TakeAll(TagReadPool& pool) {
  std::deque<TagReadPool::Read> all;
  while (pool.Take(all, 50ms)) {
  }
  return all;
}

TEST(TagReadPoolTest, EveryFileIsReadOnceAndItsResultComesBackWithItsId) {
  TagReadPool pool(4, [](const std::string& path, std::int64_t size) -> Result<TagReadResult> {
    if (size == 0) return Status::Error(EINVAL, "empty file");
    TagReadResult r;
    r.fields.title = path;
    return r;
  });
  const char* extensions[] = {".flac", ".mp3", ".ogg"};
  for (std::size_t i = 0; i < 100; ++i) pool.Add(i, "/m/" + std::to_string(i) + extensions[i % 3], i % 10);
  pool.Close();
  std::deque<TagReadPool::Read> all = TakeAll(pool);
  ASSERT_EQ(100u, all.size());
  std::set<std::size_t> ids;
  for (const TagReadPool::Read& read : all) {
    EXPECT_TRUE(ids.insert(read.id).second) << read.id << " twice";
    if (read.id % 10 == 0) {
      EXPECT_EQ(EINVAL, read.result.status().code());
    } else {
      ASSERT_TRUE(read.result.ok());
      EXPECT_EQ("/m/" + std::to_string(read.id) + extensions[read.id % 3], read.result->fields.title);
    }
  }
}

TEST(TagReadPoolTest, AFirstReadOfAnExtensionRunsAloneAmongFirstReadsAndItsExtensions) {
  std::mutex mu;
  std::set<std::string> seen;              // extensions read so far
  std::map<std::string, int> running;      // reads in progress by extension
  std::string first_running;               // the extension of the first read running
  std::map<std::string, std::string> first_path;
  int violations = 0;
  int beside_first = 0;  // reads of another extension that started during a first read
  TagReadPool pool(8, [&](const std::string& path, std::int64_t) -> Result<TagReadResult> {
    const std::string ext = LowerExtension(path);
    bool first;
    {
      std::lock_guard lock(mu);
      first = seen.insert(ext).second;
      if (first) {
        if (!first_running.empty() || running[ext] > 0) ++violations;
        first_running = ext;
        first_path[ext] = path;
      } else if (first_running == ext) {
        ++violations;
      } else if (!first_running.empty()) {
        ++beside_first;
      }
      ++running[ext];
    }
    std::this_thread::sleep_for(first ? 100ms : 10ms);
    std::lock_guard lock(mu);
    --running[ext];
    if (first) first_running.clear();
    return TagReadResult{};
  });
  std::size_t id = 0;
  for (int i = 0; i < 20; ++i) pool.Add(id++, "/a/" + std::to_string(i) + ".flac", 1);
  for (int i = 0; i < 20; ++i) {
    pool.Add(id++, "/b/" + std::to_string(i) + ".mp3", 1);
    pool.Add(id++, "/b/" + std::to_string(i) + ".ogg", 1);
    pool.Add(id++, "/c/" + std::to_string(i) + ".flac", 1);
  }
  pool.Close();
  EXPECT_EQ(id, TakeAll(pool).size());
  EXPECT_EQ(0, violations);
  EXPECT_GT(beside_first, 0) << "no read went on beside a first read";
  EXPECT_EQ("/a/0.flac", first_path["flac"]);
  EXPECT_EQ("/b/0.mp3", first_path["mp3"]);
  EXPECT_EQ("/b/0.ogg", first_path["ogg"]);
}

TEST(TagReadPoolTest, AGonePoolReadsNoMore) {
  std::atomic<int> reads{0};
  {
    TagReadPool pool(2, [&](const std::string&, std::int64_t) -> Result<TagReadResult> {
      ++reads;
      std::this_thread::sleep_for(10ms);
      return TagReadResult{};
    });
    for (std::size_t i = 0; i < 1000; ++i) pool.Add(i, "/x/" + std::to_string(i) + ".flac", 1);
    std::this_thread::sleep_for(50ms);
  }
  const int at_end = reads;
  EXPECT_LT(at_end, 1000);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(at_end, reads) << "read after the pool was destroyed";
}

}  // namespace
}  // namespace hoard::catalog
