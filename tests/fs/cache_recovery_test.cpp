// A damaged cache is repaired, never trusted: a truncated data file loses its
// missing blocks, a corrupt or torn index is rebuilt; bytes stay right.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <fstream>

#include "tests/fs/cache_test_util.h"

namespace hoard::fs::testing {
namespace {

using CacheRecoveryTest = CacheTest;

std::filesystem::path OnlyDataFile(const std::filesystem::path& cache_dir) {
  std::filesystem::path found;
  for (const auto& e : std::filesystem::directory_iterator(cache_dir / "data")) {
    if (std::filesystem::file_size(e.path()) > 0) found = e.path();
  }
  return found;
}

TEST_F(CacheRecoveryTest, TruncatedDataFileDropsTheMissingBlocks) {
  std::string a = AddFile("a.flac", 1024 * 1024, 1);
  {
    auto cache = MakeCache();
    EXPECT_EQ(*ReadAll(*cache, "/a.flac"), a);
  }
  std::filesystem::path data = OnlyDataFile(cache_dir());
  ASSERT_FALSE(data.empty());
  std::filesystem::resize_file(data, 300 * 1024);  // mid-block
  local_->ResetCounters();
  auto cache = MakeCache();
  EXPECT_EQ(*ReadAll(*cache, "/a.flac"), a);
  // The whole blocks below the cut survived; the cut one and everything
  // after it were refetched.
  const std::uint64_t whole_blocks = 300 * 1024 / kCacheBlockSize;
  EXPECT_EQ(local_->bytes_read(), a.size() - whole_blocks * kCacheBlockSize);
  EXPECT_EQ(*cache->store().index().TotalCachedBytes(), a.size());
}

// A cache written with version 1's 64 KiB blocks is read after the upgrade
// to 16 KiB blocks without fetching a byte again.
TEST_F(CacheRecoveryTest, CacheOfSixtyFourKibBlocksIsKeptOnUpgrade) {
  std::string a = AddFile("a.flac", 1024 * 1024 + 40000, 3);  // ends in a 40000-byte 64 KiB block
  {
    auto cache = MakeCache();
    EXPECT_EQ(*ReadAll(*cache, "/a.flac"), a);
  }
  {  // Back to version 1's layout: each run of 64 KiB of blocks becomes one.
    static_assert(65536 % kCacheBlockSize == 0);
    const std::string per_v1_block = std::to_string(65536 / kCacheBlockSize);
    SQLite::Database db((cache_dir() / "index.db").string(), SQLite::OPEN_READWRITE);
    db.exec(R"sql(
      CREATE TABLE v1 AS SELECT file_id, idx / )sql" + per_v1_block + R"sql( AS idx, SUM(length) AS length
        FROM blocks GROUP BY 1, 2;
      DELETE FROM blocks;
      INSERT INTO blocks SELECT * FROM v1;
      DROP TABLE v1;
      PRAGMA user_version = 1;
    )sql");
    ASSERT_EQ(db.execAndGet("SELECT MAX(length) FROM blocks").getInt(), 65536);
  }
  local_->ResetCounters();
  auto cache = MakeCache();
  EXPECT_EQ(*ReadAll(*cache, "/a.flac"), a);
  EXPECT_EQ(local_->bytes_read(), 0u);
  auto file = cache->store().index().FindFile("/a.flac");
  ASSERT_TRUE(file.ok() && file->has_value());
  auto blocks = cache->store().index().LoadBlocks((*file)->id);
  ASSERT_TRUE(blocks.ok());
  ASSERT_EQ(blocks->size(), (a.size() + kCacheBlockSize - 1) / kCacheBlockSize);
  EXPECT_EQ(blocks->back().length, 40000u % kCacheBlockSize);
  EXPECT_EQ(*cache->store().index().TotalCachedBytes(), a.size());
}

TEST_F(CacheRecoveryTest, DataFileTruncatedWhileOpen) {
  std::string a = AddFile("a.flac", 512 * 1024, 2);
  auto cache = MakeCache();
  auto file = OpenFile(*cache, "/a.flac");
  EXPECT_EQ(ReadRange(*file, 0, a.size()), a);
  std::filesystem::resize_file(OnlyDataFile(cache_dir()), 100 * 1024);
  EXPECT_EQ(ReadRange(*file, 0, a.size()), a);
}

TEST_F(CacheRecoveryTest, DeletedDataFileIsRefetched) {
  std::string a = AddFile("a.flac", 512 * 1024, 3);
  {
    auto cache = MakeCache();
    EXPECT_EQ(*ReadAll(*cache, "/a.flac"), a);
  }
  std::filesystem::remove(OnlyDataFile(cache_dir()));
  auto cache = MakeCache();
  EXPECT_EQ(*ReadAll(*cache, "/a.flac"), a);
}

void Scribble(const std::filesystem::path& path, std::uint64_t offset, std::size_t length) {
  int fd = ::open(path.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  std::string junk = RandomBytes(length, 99);
  ASSERT_EQ(::pwrite(fd, junk.data(), junk.size(), static_cast<off_t>(offset)),
            static_cast<ssize_t>(junk.size()));
  ::close(fd);
}

TEST_F(CacheRecoveryTest, CorruptIndexIsRebuilt) {
  std::string a = AddFile("a.flac", 400 * 1024, 4);
  {
    auto cache = MakeCache();
    EXPECT_EQ(*ReadAll(*cache, "/a.flac"), a);
  }
  Scribble(cache_dir() / "index.db", 0, 4096);  // header and first page
  auto cache = MakeCache();
  EXPECT_TRUE(cache->index_was_rebuilt());
  EXPECT_EQ(*ReadAll(*cache, "/a.flac"), a);
  cache.reset();
  auto again = MakeCache();
  EXPECT_FALSE(again->index_was_rebuilt());
}

TEST_F(CacheRecoveryTest, TornIndexIsRebuiltOrRepaired) {
  std::vector<std::string> contents;
  for (int i = 0; i < 30; ++i) contents.push_back(AddFile(Numbered("", i), 130 * 1024, 10 + i));
  {
    auto cache = MakeCache();
    for (int i = 0; i < 30; ++i) EXPECT_EQ(*ReadAll(*cache, Numbered("/", i)), contents[i]);
  }
  auto db = cache_dir() / "index.db";
  std::filesystem::resize_file(db, std::filesystem::file_size(db) / 2);
  Scribble(db, std::filesystem::file_size(db) - 4096, 4096);
  auto cache = MakeCache();
  for (int i = 0; i < 30; ++i) EXPECT_EQ(*ReadAll(*cache, Numbered("/", i)), contents[i]);
}

TEST_F(CacheRecoveryTest, PermissionsArePrivate) {
  AddFile("a.flac", 100 * 1024, 5);
  auto cache = MakeCache();
  EXPECT_TRUE(ReadAll(*cache, "/a.flac").ok());
  struct stat st {};
  ASSERT_EQ(::stat(cache_dir().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat((cache_dir() / "data").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  for (const auto& e : std::filesystem::recursive_directory_iterator(cache_dir())) {
    if (!e.is_regular_file()) continue;
    ASSERT_EQ(::stat(e.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << e.path();
  }
}

TEST_F(CacheRecoveryTest, OrphanDataFilesAreRemovedAtOpen) {
  auto cache = MakeCache();
  cache.reset();
  WriteFile(cache_dir() / "data" / "424242", "left by a crash");
  cache = MakeCache();
  EXPECT_FALSE(std::filesystem::exists(cache_dir() / "data" / "424242"));
}

// Only damage is damage: a schema a newer hoard wrote, a database another
// process holds, or damage seen from beside the owner fail the open and
// leave every file in place.
TEST_F(CacheRecoveryTest, NewerSchemaIsKeptNotRebuilt) {
  std::string a = AddFile("a.flac", 200 * 1024, 6);
  {
    auto cache = MakeCache();
    EXPECT_EQ(*ReadAll(*cache, "/a.flac"), a);
  }
  {
    SQLite::Database db((cache_dir() / "index.db").string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version=99");
  }
  const std::filesystem::path data = OnlyDataFile(cache_dir());
  auto opened = CacheIndex::Open(cache_dir());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), ENOTSUP);
  EXPECT_NE(opened.status().message().find("newer"), std::string::npos) << opened.status().message();
  EXPECT_TRUE(std::filesystem::exists(data));
  SQLite::Database db((cache_dir() / "index.db").string());
  EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), 99);
}

TEST_F(CacheRecoveryTest, BusyIndexIsNotDamage) {
  AddFile("a.flac", 100 * 1024, 7);
  MakeCache().reset();
  SQLite::Database other((cache_dir() / "index.db").string(), SQLite::OPEN_READWRITE);
  other.exec("PRAGMA locking_mode=EXCLUSIVE");
  other.exec("BEGIN EXCLUSIVE");
  // SQLite waits up to its busy timeout (5 s) before giving up.
  auto opened = CacheIndex::Open(cache_dir());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), EBUSY) << opened.status().message();
  EXPECT_TRUE(std::filesystem::exists(cache_dir() / "index.db"));
  other.exec("ROLLBACK");
}

TEST_F(CacheRecoveryTest, DamageSeenBesideTheOwnerIsNotDiscarded) {
  std::string a = AddFile("a.flac", 400 * 1024, 8);
  {
    auto cache = MakeCache();
    EXPECT_EQ(*ReadAll(*cache, "/a.flac"), a);
  }
  Scribble(cache_dir() / "index.db", 0, 4096);
  const auto size = std::filesystem::file_size(cache_dir() / "index.db");
  bool rebuilt = true;
  auto opened = CacheIndex::Open(cache_dir(), CacheAccess::kBeside, &rebuilt);
  ASSERT_FALSE(opened.ok());
  EXPECT_FALSE(rebuilt);
  EXPECT_EQ(std::filesystem::file_size(cache_dir() / "index.db"), size);
  EXPECT_FALSE(OnlyDataFile(cache_dir()).empty());
}

// Power lost after an eviction punched a block but before its unrecording
// reached the disk: the row is back over a hole. It reads as zeros, so it is
// dropped and fetched again, never served.
TEST_F(CacheRecoveryTest, RecordedBlockOverAHoleIsDroppedNotServed) {
  std::string a = AddFile("a.flac", 256 * 1024, 9);
  {
    auto cache = MakeCache();
    EXPECT_EQ(*ReadAll(*cache, "/a.flac"), a);
  }
  const std::filesystem::path data = OnlyDataFile(cache_dir());
  int fd = ::open(data.c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 3 * kCacheBlockSize, kCacheBlockSize), 0);
  ::close(fd);
  local_->ResetCounters();
  auto cache = MakeCache();
  EXPECT_EQ(*ReadAll(*cache, "/a.flac"), a);
  EXPECT_EQ(local_->bytes_read(), kCacheBlockSize) << "only the punched block is fetched again";
}

}  // namespace
}  // namespace hoard::fs::testing
