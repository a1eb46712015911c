// hoardfs against a real sshd and a real FUSE mount: what the user sees
// must be the server's tree, byte for byte.
#include <fcntl.h>
#include <signal.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "tests/fs/test_tree.h"
#include "tests/support/fuse_mount.h"
#include "tests/support/sshd_server.h"

namespace hoard::test {
namespace {

namespace fs = std::filesystem;

class HoardfsMountTest : public ::testing::Test {
 protected:
  void SetUp() override {
    files_ = BuildTestTree(tree_.path());
    fs::create_directories(mountpoint_.path() / "mnt");
  }

  std::unique_ptr<FuseMount> Mount(std::vector<std::string> extra = {}, bool foreground = true) {
    HoardfsRun run;
    run.args = {sshd_.Remote(), mnt().string()};
    for (const std::string& a : sshd_.MountOptions()) run.args.push_back(a);
    run.args.insert(run.args.end(), extra.begin(), extra.end());
    run.mountpoint = mnt();
    run.foreground = foreground;
    return std::make_unique<FuseMount>(run);
  }

  fs::path mnt() const { return mountpoint_.path() / "mnt"; }

  TempDir tree_;
  SshdServer sshd_{SshdOptions{.root = tree_.path(), .sftp_user = ""}};
  TempDir mountpoint_;
  std::vector<std::string> files_;
};

TEST_F(HoardfsMountTest, ShowsIdenticalTreeAndBytes) {
  auto mount = Mount();
  ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  std::vector<std::string> differences = CompareTrees(tree_.path(), mnt());
  for (const std::string& d : differences) ADD_FAILURE() << d;
  EXPECT_TRUE(differences.empty());
}

TEST_F(HoardfsMountTest, RandomOffsetReadsMatch) {
  auto mount = Mount();
  ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  std::mt19937 random(42);
  for (const char* name : {"Various/big.wav", "Björk Guðmundsdóttir/1997_Homogenic/01_-_Jóga.flac"}) {
    int want = open((tree_.path() / name).c_str(), O_RDONLY);
    int got = open((mnt() / name).c_str(), O_RDONLY);
    ASSERT_GE(want, 0);
    ASSERT_GE(got, 0) << strerror(errno);
    off_t size = lseek(want, 0, SEEK_END);
    for (int i = 0; i < 200; ++i) {
      off_t offset = static_cast<off_t>(random() % static_cast<unsigned>(size + 100));
      std::size_t length = 1 + random() % 300000;
      std::string a(length, '\0'), b(length, '\0');
      ssize_t na = pread(want, a.data(), length, offset);
      ssize_t nb = pread(got, b.data(), length, offset);
      ASSERT_EQ(na, nb) << name << " at " << offset;
      ASSERT_EQ(0, std::memcmp(a.data(), b.data(), static_cast<std::size_t>(std::max<ssize_t>(na, 0))))
          << name << " at " << offset;
    }
    close(want);
    close(got);
  }
  // Seeks abandon in-flight read-ahead; a clean exit (under ASan: no leak)
  // shows it is all accounted for.
  ASSERT_TRUE(mount->Unmount());
  EXPECT_EQ(std::optional<int>(0), mount->WaitExit(std::chrono::seconds(10))) << mount->stderr_text();
}

TEST_F(HoardfsMountTest, ConcurrentReadersSeeTheSameBytes) {
  auto mount = Mount({"-o", "connections=3"});
  ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  std::atomic<int> mismatches{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 8; ++r) {
    readers.emplace_back([&, r] {
      const std::string& name = files_[static_cast<std::size_t>(r) % files_.size()];
      for (int round = 0; round < 3; ++round) {
        if (Sha256OfFile(tree_.path() / name) != Sha256OfFile(mnt() / name)) ++mismatches;
        if (Sha256OfFile(tree_.path() / "Various/big.wav") != Sha256OfFile(mnt() / "Various/big.wav")) ++mismatches;
      }
    });
  }
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(0, mismatches.load());
}

TEST_F(HoardfsMountTest, WritesFailWithErofs) {
  auto mount = Mount();
  ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  fs::path existing = mnt() / "cover.jpg";
  errno = 0;
  EXPECT_EQ(-1, open(existing.c_str(), O_WRONLY));
  EXPECT_EQ(EROFS, errno);
  errno = 0;
  EXPECT_EQ(-1, open((mnt() / "new file").c_str(), O_WRONLY | O_CREAT, 0644));
  EXPECT_EQ(EROFS, errno);
  errno = 0;
  EXPECT_EQ(-1, mkdir((mnt() / "new dir").c_str(), 0755));
  EXPECT_EQ(EROFS, errno);
  errno = 0;
  EXPECT_EQ(-1, unlink(existing.c_str()));
  EXPECT_EQ(EROFS, errno);
  errno = 0;
  EXPECT_EQ(-1, rename(existing.c_str(), (mnt() / "renamed").c_str()));
  EXPECT_EQ(EROFS, errno);
  errno = 0;
  EXPECT_EQ(-1, chmod(existing.c_str(), 0600));
  EXPECT_EQ(EROFS, errno);
  errno = 0;
  EXPECT_EQ(-1, symlink("x", (mnt() / "new link").c_str()));
  EXPECT_EQ(EROFS, errno);
  EXPECT_TRUE(fs::exists(tree_.path() / "cover.jpg"));
}

TEST_F(HoardfsMountTest, MissingEntriesAreEnoent) {
  auto mount = Mount();
  ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  struct stat st;
  errno = 0;
  EXPECT_EQ(-1, stat((mnt() / "no such file").c_str(), &st));
  EXPECT_EQ(ENOENT, errno);
  errno = 0;
  EXPECT_EQ(-1, open((mnt() / "Various/nope.mp3").c_str(), O_RDONLY));
  EXPECT_EQ(ENOENT, errno);
}

TEST_F(HoardfsMountTest, StatfsReportsTheServersFilesystem) {
  auto mount = Mount();
  ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  struct statvfs want, got;
  ASSERT_EQ(0, statvfs(tree_.path().c_str(), &want));
  ASSERT_EQ(0, statvfs(mnt().c_str(), &got)) << strerror(errno);
  EXPECT_EQ(want.f_blocks * want.f_frsize, got.f_blocks * got.f_frsize);
  EXPECT_TRUE(got.f_flag & ST_RDONLY);
}

TEST_F(HoardfsMountTest, DaemonizesOnlyOnceMounted) {
  auto mount = Mount({}, /*foreground=*/false);
  ASSERT_EQ(std::optional<int>(0), mount->exit_status()) << mount->stderr_text();
  // Usable the moment the command has returned.
  EXPECT_TRUE(mount->mounted());
  EXPECT_TRUE(fs::exists(mnt() / "cover.jpg"));
  EXPECT_TRUE(mount->Unmount());
}

TEST_F(HoardfsMountTest, UnmountEndsTheProcessCleanly) {
  auto mount = Mount();
  ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  ASSERT_TRUE(fs::exists(mnt() / "cover.jpg"));
  ASSERT_TRUE(mount->Unmount());
  EXPECT_EQ(std::optional<int>(0), mount->WaitExit(std::chrono::seconds(10))) << mount->stderr_text();
}

TEST_F(HoardfsMountTest, SigtermUnmountsAndExitsCleanly) {
  auto mount = Mount();
  ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  mount->Kill(SIGTERM);
  EXPECT_EQ(std::optional<int>(0), mount->WaitExit(std::chrono::seconds(10))) << mount->stderr_text();
  EXPECT_FALSE(mount->mounted());
}

}  // namespace
}  // namespace hoard::test
