// The index on its own: pins by path prefix, listings byte-exact, the bounded
// link-event log, WAL mode; and where a source's cache lives by default.
#include <SQLiteCpp/SQLiteCpp.h>
#include <stdlib.h>

#include "fs/cache/cache_index.h"
#include "fs/cache/cache_paths.h"
#include "tests/fs/cache_test_util.h"

namespace hoard::fs::testing {
namespace {

class CacheIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto index = CacheIndex::Open(tmp_.path() / "cache");
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    index_ = std::move(index).value();
  }
  hoard::test::TempDir tmp_;
  std::unique_ptr<CacheIndex> index_;
};

TEST_F(CacheIndexTest, PinsCoverAPathAndWhatIsUnderIt) {
  for (const char* path : {"/A/1.flac", "/AB/1.flac", "/A", "/B/2.flac"}) {
    auto r = index_->CreateFile(path, 10, 1, 1);
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE(index_->AddBlocks(r->id, {{0, 10}}).ok());
  }
  ASSERT_TRUE(index_->SetPinned("/A/", true).ok());
  auto candidates = index_->EvictionCandidates(10);
  ASSERT_TRUE(candidates.ok());
  std::vector<std::string> paths;
  for (const auto& c : *candidates) paths.push_back(c.path);
  std::sort(paths.begin(), paths.end());
  EXPECT_EQ(paths, (std::vector<std::string>{"/AB/1.flac", "/B/2.flac"}));
  EXPECT_EQ(*index_->ListPins(), std::vector<std::string>{"/A"});
  ASSERT_TRUE(index_->SetPinned("/", true).ok());
  EXPECT_TRUE(index_->EvictionCandidates(10)->empty());
  EXPECT_TRUE((*index_->FindFile("/B/2.flac"))->pinned);
}

TEST_F(CacheIndexTest, ListingsKeepNamesByteExact) {
  std::vector<DirEntry> entries = {{"plain", {}}, {"with space 'quote' %#", {}},
                                   {std::string("latin1-\xE9"), {}}, {"ü«»", {}}};
  entries[1].attr.size = 42;
  ASSERT_TRUE(index_->PutListing("/dir", entries, 5).ok());
  auto listing = index_->GetListing("/dir");
  ASSERT_TRUE(listing.ok() && listing->has_value());
  ASSERT_EQ((*listing)->entries.size(), entries.size());
  for (const auto& e : entries) {
    auto attr = index_->GetAttr("/dir/" + e.name);
    ASSERT_TRUE(attr.ok() && attr->has_value()) << e.name;
    EXPECT_EQ((*attr)->attr.size, e.attr.size);
  }
  // A new listing replaces the old one, attributes of vanished names too.
  ASSERT_TRUE(index_->PutListing("/dir", {entries[0]}, 6).ok());
  EXPECT_EQ((*index_->GetListing("/dir"))->entries.size(), 1u);
  EXPECT_FALSE(index_->GetAttr("/dir/ü«»")->has_value());
  EXPECT_TRUE(index_->GetAttr("/dir/plain")->has_value());
}

TEST_F(CacheIndexTest, UsesWalAndCountsCachedBytes) {
  SQLite::Database db((tmp_.path() / "cache" / "index.db").string());
  EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
  auto r = index_->CreateFile("/a", 100000, 1, 1);
  ASSERT_TRUE(index_->AddBlocks(r->id, {{0, 65536}, {1, 34464}}).ok());
  ASSERT_TRUE(index_->AddBlocks(r->id, {{1, 34464}}).ok());  // no double count
  EXPECT_EQ(*index_->TotalCachedBytes(), 100000u);
  EXPECT_EQ(*index_->RemoveBlocks(r->id, {{0, 65536}, {0, 65536}}), 65536u);
  EXPECT_EQ(*index_->TotalCachedBytes(), 34464u);
  // A new version starts empty.
  ASSERT_TRUE(index_->CreateFile("/a", 100000, 2, 2).ok());
  EXPECT_EQ(*index_->TotalCachedBytes(), 0u);
}

TEST(CachePathsTest, DefaultDirIsPerSourceUnderXdgCacheHome) {
  ::setenv("XDG_CACHE_HOME", "/var/tmp/xdg", 1);
  auto a = DefaultCacheDir("me", "nas.local", 22, "/music");
  auto b = DefaultCacheDir("me", "nas.local", 2222, "/music");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->parent_path(), std::filesystem::path("/var/tmp/xdg/hoard"));
  EXPECT_NE(*a, *b);
  EXPECT_EQ(*a, *DefaultCacheDir("me", "nas.local", 22, "/music"));
  EXPECT_EQ(a->filename().string().rfind("nas.local-", 0), 0u);
  ::unsetenv("XDG_CACHE_HOME");
  ::setenv("HOME", "/home/someone", 1);
  EXPECT_EQ(DefaultCacheDir("me", "h", 22, "/")->parent_path(),
            std::filesystem::path("/home/someone/.cache/hoard"));
}

TEST(CachePathsTest, ExistsAndDefaultSize) {
  hoard::test::TempDir tmp;
  EXPECT_FALSE(CacheExists(tmp.path() / "c"));
  ASSERT_TRUE(CacheIndex::Open(tmp.path() / "c").ok());
  EXPECT_TRUE(CacheExists(tmp.path() / "c"));
  std::uint64_t size = DefaultCacheSize(tmp.path() / "not" / "yet");
  EXPECT_GT(size, 0u);
  EXPECT_LE(size, 10ULL << 30);
}

}  // namespace
}  // namespace hoard::fs::testing
