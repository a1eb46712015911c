#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>

#include "base/private_files.h"
#include "base/xdg_dirs.h"
#include "tests/support/paths.h"

namespace hoard {
namespace {

mode_t ModeOf(const std::filesystem::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 0777;
}

TEST(PrivateFiles, CreatesFileAndParentsPrivately) {
  test::TempDir dir;
  auto file = dir.path() / "a" / "b" / "catalog.db";
  ASSERT_TRUE(MakePrivateFile(file).ok());
  EXPECT_EQ(ModeOf(file), 0600u);
  EXPECT_EQ(ModeOf(dir.path() / "a"), 0700u);
  EXPECT_EQ(ModeOf(dir.path() / "a" / "b"), 0700u);
}

TEST(PrivateFiles, TightensAnExistingFileAndKeepsItsBytes) {
  test::TempDir dir;
  auto file = dir.path() / "old.db";
  std::ofstream(file) << "keep me";
  ::chmod(file.c_str(), 0644);
  ASSERT_TRUE(MakePrivateFile(file).ok());
  EXPECT_EQ(ModeOf(file), 0600u);
  std::ifstream in(file);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "keep me");
}

TEST(PrivateFiles, AFileInTheWayOfAFolderIsAnError) {
  test::TempDir dir;
  std::ofstream(dir.path() / "plain");
  Status s = MakePrivateFile(dir.path() / "plain" / "x.db");
  EXPECT_EQ(s.code(), ENOTDIR);
}

TEST(XdgDirs, FollowTheSpec) {
  setenv("XDG_DATA_HOME", "/xdg/data", 1);
  setenv("XDG_CACHE_HOME", "relative/ignored", 1);
  setenv("HOME", "/home/me", 1);
  EXPECT_EQ(HoardDataDir()->string(), "/xdg/data/hoard");
  EXPECT_EQ(HoardCacheDir()->string(), "/home/me/.cache/hoard");
  unsetenv("XDG_CONFIG_HOME");
  EXPECT_EQ(HoardConfigDir()->string(), "/home/me/.config/hoard");
  unsetenv("HOME");
  EXPECT_EQ(HoardConfigDir().status().code(), ENOENT);
}

}  // namespace
}  // namespace hoard
