#include <gtest/gtest.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

// The cache once lost its SQLite locks this way: closing any descriptor of
// a file drops all of the process's POSIX locks on it. MakePrivateFile on a
// file this process holds a lock on must leave the lock in place, as another
// process sees it.
TEST(PrivateFiles, AnExistingFileIsNeverOpenedSoItsLocksStay) {
  test::TempDir dir;
  auto file = dir.path() / "index.db";
  ASSERT_TRUE(MakePrivateFile(file).ok());
  int fd = ::open(file.c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_len = 1;
  ASSERT_EQ(::fcntl(fd, F_SETLK, &lock), 0);
  ASSERT_TRUE(MakePrivateFile(file).ok());
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {  // another process: is the lock still held?
    int other = ::open(file.c_str(), O_RDWR | O_CLOEXEC);
    struct flock probe {};
    probe.l_type = F_WRLCK;
    probe.l_whence = SEEK_SET;
    probe.l_len = 1;
    ::_exit(other >= 0 && ::fcntl(other, F_GETLK, &probe) == 0 && probe.l_type == F_WRLCK ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the lock was dropped";
  ::close(fd);
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
