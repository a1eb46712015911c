#include "catalog/known_files.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "catalog/path_arena.h"

namespace hoard::catalog {
namespace {

std::string PathOf(int i) { return "/music/Artist_" + std::to_string(i / 100) + "/01_-_Track_" + std::to_string(i) + ".flac"; }

TEST(PathArena, ViewsOutliveGrowthAndMoves) {
  PathArena arena;
  std::vector<std::string_view> views;
  // Far more than one block, and one path longer than a block.
  for (int i = 0; i < 5000; ++i) views.push_back(arena.Add({"/music", "/", PathOf(i)}));
  const std::string long_path(200 * 1024, 'x');
  views.push_back(arena.Add({long_path}));
  views.push_back(arena.Add({}));
  PathArena moved = std::move(arena);
  for (int i = 0; i < 5000; ++i) ASSERT_EQ(views[static_cast<std::size_t>(i)], "/music/" + PathOf(i));
  EXPECT_EQ(views[5000], long_path);
  EXPECT_EQ(views[5001], "");
  EXPECT_EQ(moved.Add({"a", "", "b"}), "ab");
}

TEST(KnownFiles, FindsWhatWasPutAndNothingElse) {
  KnownFiles known;
  EXPECT_EQ(known.Find("/a"), nullptr);  // empty table
  known.Put("/a", KnownFile{1, 10, 100});
  known.Put("/a/b", KnownFile{0, 20, 200});
  ASSERT_NE(known.Find("/a"), nullptr);
  EXPECT_EQ(known.Find("/a")->track_id, 1);
  EXPECT_EQ(known.Find("/a/b")->size, 20);
  EXPECT_EQ(known.Find("/a/b")->track_id, 0);
  EXPECT_EQ(known.Find("/a/"), nullptr);
  EXPECT_EQ(known.Find(""), nullptr);
  EXPECT_EQ(known.size(), 2u);
}

TEST(KnownFiles, PutReplaces) {
  KnownFiles known;
  known.Put("/x", KnownFile{1, 10, 100});
  known.Find("/x")->seen = true;
  known.Put("/x", KnownFile{7, 70, 700});
  EXPECT_EQ(known.size(), 1u);
  EXPECT_EQ(known.Find("/x")->track_id, 7);
  EXPECT_EQ(known.Find("/x")->mtime_ns, 700);
  EXPECT_FALSE(known.Find("/x")->seen);
}

TEST(KnownFiles, ManyEntriesSurviveRehashing) {
  KnownFiles known;
  constexpr int kCount = 30000;
  for (int i = 0; i < kCount; ++i) known.Put(PathOf(i), KnownFile{i + 1, i, 2 * i});
  ASSERT_EQ(known.size(), static_cast<std::size_t>(kCount));
  for (int i = 0; i < kCount; ++i) {
    const KnownFile* f = known.Find(PathOf(i));
    ASSERT_NE(f, nullptr) << PathOf(i);
    EXPECT_EQ(f->track_id, i + 1);
    EXPECT_EQ(f->mtime_ns, 2 * i);
  }
  EXPECT_EQ(known.Find(PathOf(kCount)), nullptr);
  // ForEach: every entry once, in the order first put, with its path.
  int next = 0;
  known.ForEach([&](std::string_view path, const KnownFile& file) {
    EXPECT_EQ(path, PathOf(next));
    EXPECT_EQ(file.track_id, next + 1);
    ++next;
  });
  EXPECT_EQ(next, kCount);
}

TEST(KnownFiles, ReserveKeepsWhatIsThereAndAllowsMore) {
  KnownFiles known;
  known.Put("/before", KnownFile{1, 1, 1});
  known.Reserve(100);  // less than what follows: the table still grows
  for (int i = 0; i < 5000; ++i) known.Put(PathOf(i), KnownFile{i + 2, 0, 0});
  known.Reserve(1u << 20);  // a generous overestimate, as from max(rowid)
  known.Put("/after", KnownFile{9, 9, 9});
  EXPECT_EQ(known.size(), 5002u);
  EXPECT_EQ(known.Find("/before")->track_id, 1);
  EXPECT_EQ(known.Find("/after")->track_id, 9);
  for (int i = 0; i < 5000; ++i) ASSERT_EQ(known.Find(PathOf(i))->track_id, i + 2);
}

}  // namespace
}  // namespace hoard::catalog
