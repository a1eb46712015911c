// The persistent cache through a real mount: a real sshd, real FUSE, and
// the bytes that crossed the link counted by the server itself (sftp-server
// logs "bytes read N" for every closed handle), not by hoardfs's counters.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/fs/test_tree.h"
#include "tests/support/fuse_mount.h"
#include "tests/support/run_command.h"
#include "tests/support/sample_hoard.h"
#include "tests/support/sshd_server.h"

namespace hoard::test {
namespace {

namespace fs = std::filesystem;

// The sum of sftp-server's "bytes read N" over the log.
std::uint64_t BytesServed(const std::string& sftp_log) {
  static const std::regex kBytesRead("bytes read ([0-9]+)");
  std::uint64_t total = 0;
  for (auto it = std::sregex_iterator(sftp_log.begin(), sftp_log.end(), kBytesRead); it != std::sregex_iterator();
       ++it) {
    total += std::stoull((*it)[1].str());
  }
  return total;
}

int CountOf(const std::string& text, const std::string& needle) {
  int n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

class HoardfsCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    files_ = BuildTestTree(tree_.path());
    fs::create_directories(tree_.path() / "Big");
    WriteRandomFile(tree_.path() / "Big" / "album.flac", 3 << 20);
    files_.push_back("Big/album.flac");
    fs::create_directories(mnt());
  }

  std::unique_ptr<FuseMount> Mount(std::vector<std::string> extra = {}, bool foreground = true) {
    HoardfsRun run;
    run.foreground = foreground;
    run.args = {sshd_.Remote(), mnt().string()};
    for (const std::string& a : sshd_.MountOptions()) run.args.push_back(a);
    run.args.push_back("-o");
    run.args.push_back("cache_dir=" + cache_.path().string() + ",timeout=10");
    run.args.insert(run.args.end(), extra.begin(), extra.end());
    run.mountpoint = mnt();
    return std::make_unique<FuseMount>(run);
  }

  void ExpectIdenticalFiles() {
    for (const std::string& f : files_) {
      EXPECT_EQ(Sha256OfFile(mnt() / f), Sha256OfFile(tree_.path() / f)) << f;
    }
  }

  fs::path mnt() const { return mountpoint_.path() / "mnt"; }

  TempDir tree_;
  SshdServer sshd_{SshdOptions{.root = tree_.path(), .sftp_user = ""}};
  TempDir mountpoint_;
  TempDir cache_;
  std::vector<std::string> files_;
};

TEST_F(HoardfsCacheTest, SecondReadAfterRemountCrossesNoByte) {
  {
    auto mount = Mount();
    ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
    ExpectIdenticalFiles();
  }
  std::uint64_t first = BytesServed(sshd_.SftpLog());
  EXPECT_GE(first, std::uint64_t{3} << 20) << "the first read must have fetched the big file";
  {
    auto mount = Mount();
    ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
    ExpectIdenticalFiles();
  }
  EXPECT_EQ(BytesServed(sshd_.SftpLog()), first) << "bytes crossed the link again after a remount";
}

TEST_F(HoardfsCacheTest, ServerDownAtMountServesTheCache) {
  {
    auto mount = Mount();
    ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
    // Listing everything caches every directory for the offline mount.
    EXPECT_TRUE(CompareTrees(tree_.path(), mnt()).empty());
  }
  // An uncached file, to see it fail fast offline.
  WriteRandomFile(tree_.path() / "Big" / "new.flac", 100000);
  sshd_.Stop();

  auto mount = Mount();
  ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  EXPECT_NE(mount->stderr_text().find("mounting from the cache"), std::string::npos) << mount->stderr_text();
  ExpectIdenticalFiles();
  EXPECT_TRUE(CompareTrees(tree_.path() / "Big", mnt() / "Big").size() <= 1)
      << "only the file added after the listing was cached may differ";

  auto started = std::chrono::steady_clock::now();
  int fd = ::open((mnt() / "Big" / "new.flac").c_str(), O_RDONLY);
  if (fd >= 0) {
    char buf[4096];
    EXPECT_LT(::read(fd, buf, sizeof buf), 0);
    ::close(fd);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10))
      << "an uncached byte offline must fail within the mount's timeout (timeout=10)";

  // Both mounts recorded what they saw of the link in the cache's history:
  // up at the first mount, refused at the second.
  CommandOutput status = RunHoard({"link", "status", "--cache-dir", cache_.path().string(), "--json"}, false);
  ASSERT_EQ(status.status, 0) << status.output;
  auto report = nlohmann::json::parse(status.output, nullptr, false);
  ASSERT_TRUE(report.is_object()) << status.output;
  EXPECT_NE(report["last_error"].get<std::string>().find("refused"), std::string::npos) << status.output;
  EXPECT_GE(report["transient_errors"].get<int>() + static_cast<int>(report["outages"].size()), 1) << status.output;
}

// A tag scan through a cold mount pulls the heads and tails of the files,
// block-sized reads of them, not the kernel's readahead windows: `hoard
// index` reads in 16 KiB chunks with readahead off, and blocks are 16 KiB.
TEST_F(HoardfsCacheTest, TagScanPullsHeadsAndTailsOnly) {
  SampleHoard sample({.large_files = 2});
  fs::create_directories(tree_.path() / "Scan");
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(sample.root())) {
    if (!entry.is_regular_file() || entry.file_size() < (4 << 20)) continue;
    fs::copy_file(entry.path(), tree_.path() / "Scan" / entry.path().filename());
    ++files;
  }
  ASSERT_EQ(files, 2);
  auto mount = Mount();
  ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  std::uint64_t before = BytesServed(sshd_.SftpLog());
  TempDir db;
  CommandOutput index = RunHoard({"index", "--quiet", "--db", (db.path() / "c.db").string(), (mnt() / "Scan").string()});
  ASSERT_EQ(index.status, 0) << index.output;
  CommandOutput ls = RunHoard({"ls", "--db", (db.path() / "c.db").string(), "--format", "$title"});
  EXPECT_EQ(ls.output, "Long Piece 1\nLong Piece 2\n");
  mount.reset();  // sftp-server logs a handle's bytes when it is closed
  std::uint64_t pulled = BytesServed(sshd_.SftpLog()) - before;
  EXPECT_GT(pulled, 0u);
  EXPECT_LE(pulled, files * std::uint64_t{48 << 10}) << "a tag scan of " << files << " files";
}

// The daemon (not -f) must keep recording while another process opens and
// closes the index: a SQLite connection carried across the daemon's fork
// would lose its WAL to that process's close, and every block after it.
TEST_F(HoardfsCacheTest, DaemonKeepsRecordingWhileHoardCacheStatsRuns) {
  auto files = [this] {
    CommandOutput out = RunHoard({"cache", "stats", "--cache-dir", cache_.path().string(), "--json"}, false);
    auto stats = nlohmann::json::parse(out.output, nullptr, false);
    return stats.is_object() ? stats.value("files", -1) : -1;
  };
  {
    auto mount = Mount({}, /*foreground=*/false);
    ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
    EXPECT_EQ(Sha256OfFile(mnt() / files_[0]), Sha256OfFile(tree_.path() / files_[0]));
    EXPECT_GE(files(), 0);
    ExpectIdenticalFiles();
    ASSERT_TRUE(mount->Unmount());
  }
  // The daemon commits what is pending as it exits, soon after the unmount.
  int expected = 0;
  for (const std::string& f : files_) expected += fs::file_size(tree_.path() / f) > 0 ? 1 : 0;
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (files() < expected && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(files(), expected);
}

TEST_F(HoardfsCacheTest, ForcedOfflineNeverAsksTheServer) {
  {
    auto mount = Mount();
    ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
    ExpectIdenticalFiles();
  }
  // sftp-server logs as it goes, and a session the first mount's pool was
  // still opening as it exited may log late: count once every session has
  // logged its end and the log has been quiet for a second.
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  std::string settled;
  while (std::chrono::steady_clock::now() < give_up) {
    const std::string log = sshd_.SftpLog();
    if (log == settled && CountOf(log, "session closed") >= CountOf(log, "session opened")) break;
    settled = log;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  int sessions = CountOf(sshd_.SftpLog(), "session opened");
  auto mount = Mount({"-o", "offline"});
  ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  EXPECT_NE(mount->stderr_text().find("offline: serving the cache"), std::string::npos)
      << "the warning belongs on stderr: " << mount->stderr_text();
  ExpectIdenticalFiles();
  EXPECT_EQ(CountOf(sshd_.SftpLog(), "session opened"), sessions);
}

TEST_F(HoardfsCacheTest, OfflineWithoutACacheFailsClearly) {
  auto mount = Mount({"-o", "offline"});
  EXPECT_FALSE(mount->mounted());
  ASSERT_TRUE(mount->WaitExit(std::chrono::seconds(10)).has_value());
  EXPECT_NE(*mount->exit_status(), 0);
  EXPECT_NE(mount->stderr_text().find("no cache of this source"), std::string::npos) << mount->stderr_text();
}

TEST_F(HoardfsCacheTest, KillNineMidDownloadNeverServesAWrongByte) {
  for (int round = 0; round < 3; ++round) {
    auto mount = Mount({"-o", "bwlimit=1M"});
    ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
    std::thread reader([this] {
      std::ifstream in(mnt() / "Big" / "album.flac", std::ios::binary);
      std::vector<char> buf(1 << 16);
      while (in.read(buf.data(), static_cast<std::streamsize>(buf.size()))) {
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300 + 200 * round));
    mount->Kill(SIGKILL);
    reader.join();
  }
  auto mount = Mount();
  ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  ExpectIdenticalFiles();
}

TEST_F(HoardfsCacheTest, ReplacedFileIsServedNewAfterRemountNeverMixed) {
  fs::path file = tree_.path() / "Big" / "album.flac";
  {
    auto mount = Mount();
    ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
    ExpectIdenticalFiles();
  }
  // Same size, other bytes, a new mtime.
  std::string old_sha = Sha256OfFile(file);
  fs::remove(file);
  WriteRandomFile(tree_.path() / "Big" / "album.flac.tmp", 3 << 20);
  {
    std::fstream f(tree_.path() / "Big" / "album.flac.tmp", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(12345);
    f.write("changed", 7);
  }
  fs::rename(tree_.path() / "Big" / "album.flac.tmp", file);
  struct timespec times[2] = {{0, UTIME_OMIT}, {time(nullptr) + 100, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, file.c_str(), times, 0), 0);
  ASSERT_NE(Sha256OfFile(file), old_sha);

  auto mount = Mount({"-o", "dir_ttl=0"});
  ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  EXPECT_EQ(Sha256OfFile(mnt() / "Big" / "album.flac"), Sha256OfFile(file));
}

// Past dir_ttl a listing is checked by its directory's mtime (one stat) and
// relisted behind; what moved the mtime (a new album) is there on the first
// listing, and a file rewritten in place (its directory's mtime unmoved) is
// served new: its open asks the server, and versions are never mixed.
TEST_F(HoardfsCacheTest, PastDirTtlANewAlbumIsListedAtOnceAndAFileChangedInPlaceIsServedNew) {
  const auto set_old = [](const fs::path& dir) {
    struct timespec times[2] = {{1'600'000'000, 0}, {1'600'000'000, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, dir.c_str(), times, 0), 0);
  };
  set_old(tree_.path());
  set_old(tree_.path() / "Big");
  fs::path file = tree_.path() / "Big" / "album.flac";
  {
    auto mount = Mount({"-o", "dir_ttl=0"});
    ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
    ExpectIdenticalFiles();
  }
  fs::create_directories(tree_.path() / "New Album");
  WriteRandomFile(tree_.path() / "New Album" / "01.flac", 1000);
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(12345);
    f.write("retagged", 8);
  }
  struct timespec times[2] = {{0, UTIME_OMIT}, {time(nullptr) + 100, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, file.c_str(), times, 0), 0);
  set_old(tree_.path() / "Big");

  auto mount = Mount({"-o", "dir_ttl=0"});
  ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  EXPECT_TRUE(fs::exists(mnt() / "New Album" / "01.flac")) << "the new album on the first listing";
  EXPECT_EQ(Sha256OfFile(mnt() / "Big" / "album.flac"), Sha256OfFile(file));
  EXPECT_EQ(Sha256OfFile(mnt() / "New Album" / "01.flac"), Sha256OfFile(tree_.path() / "New Album" / "01.flac"));
}

// An open takes the attributes of a listing younger than dir_ttl and the
// server confirms them with the first read (its FSTAT rides with the READs):
// a file replaced since it was listed fails that read with ESTALE, returning
// no byte of either version, and the next open serves the new file.
TEST_F(HoardfsCacheTest, FileReplacedSinceListedFailsItsFirstReadThenIsServedNew) {
  auto mount = Mount();
  ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  ASSERT_TRUE(fs::exists(mnt() / "Big" / "album.flac"));  // listed, attributes cached
  fs::path file = tree_.path() / "Big" / "album.flac";
  WriteRandomFile(tree_.path() / "Big" / "album.flac.tmp", 3 << 20);
  fs::rename(tree_.path() / "Big" / "album.flac.tmp", file);
  struct timespec times[2] = {{0, UTIME_OMIT}, {time(nullptr) + 100, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, file.c_str(), times, 0), 0);

  int fd = ::open((mnt() / "Big" / "album.flac").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0) << std::strerror(errno);
  char buf[4096];
  EXPECT_EQ(::pread(fd, buf, sizeof buf, 0), -1);
  EXPECT_EQ(errno, ESTALE);
  ::close(fd);
  EXPECT_EQ(Sha256OfFile(mnt() / "Big" / "album.flac"), Sha256OfFile(file));
}

// Issue 13's sequence: a daemonized mount, `hoard cache stats` and `hoard
// link status` beside it, a second hoardfs on the same cache dir, reads,
// then remounts online and offline. Once, the mount process opened and
// closed index.db beside its own SQLite connection, which dropped SQLite's
// POSIX locks; the next command to close the database deleted the WAL under
// the mount, and a second mount then handed out the same file ids: a track
// was served with another track's bytes, also after a remount.
TEST_F(HoardfsCacheTest, CommandsAndASecondMountBesideADaemonNeverServeAWrongByte) {
  const std::string dir = cache_.path().string();
  const fs::path wal = cache_.path() / "index.db-wal";
  {
    auto mount = Mount({}, /*foreground=*/false);
    ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
    EXPECT_EQ(Sha256OfFile(mnt() / files_[0]), Sha256OfFile(tree_.path() / files_[0]));
    CommandOutput stats = RunHoard({"cache", "stats", "--cache-dir", dir});
    EXPECT_EQ(stats.status, 0) << stats.output;
    CommandOutput link = RunHoard({"link", "status", "--cache-dir", dir});
    EXPECT_EQ(link.status, 0) << link.output;
    EXPECT_TRUE(fs::exists(wal)) << "a command beside the mount took the WAL away";

    // A second mount of the same cache dir is refused, naming the first.
    TempDir other;
    fs::create_directories(other.path() / "mnt");
    HoardfsRun second;
    second.foreground = false;
    second.args = {sshd_.Remote(), (other.path() / "mnt").string()};
    for (const std::string& a : sshd_.MountOptions()) second.args.push_back(a);
    second.args.insert(second.args.end(), {"-o", "cache_dir=" + dir + ",timeout=10"});
    second.mountpoint = other.path() / "mnt";
    {
      FuseMount refused(second);
      EXPECT_FALSE(refused.mounted());
      EXPECT_NE(refused.exit_status().value_or(0), 0);
      const std::string why = refused.stderr_text();
      EXPECT_NE(why.find("is in use by hoardfs (pid "), std::string::npos) << why;
      EXPECT_NE(why.find(mnt().string()), std::string::npos) << why;
    }
    // Changing blocks beside the mount is refused; reading them is not.
    CommandOutput evict = RunHoard({"cache", "evict", "--all", "--cache-dir", dir});
    EXPECT_NE(evict.status, 0);
    EXPECT_NE(evict.output.find("unmount it first"), std::string::npos) << evict.output;
    for (std::size_t i = 1; i < files_.size(); ++i) {
      EXPECT_EQ(Sha256OfFile(mnt() / files_[i]), Sha256OfFile(tree_.path() / files_[i])) << files_[i];
    }
    stats = RunHoard({"cache", "stats", "--cache-dir", dir, "--json"}, false);
    ASSERT_EQ(stats.status, 0) << stats.output;
    EXPECT_GT(nlohmann::json::parse(stats.output).at("bytes_cached").get<std::uint64_t>(), 0u);
    EXPECT_TRUE(fs::exists(wal));
    EXPECT_TRUE(mount->Unmount());
  }
  {
    auto mount = Mount();
    ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
    ExpectIdenticalFiles();
  }
  std::uint64_t served = BytesServed(sshd_.SftpLog());
  sshd_.Stop();
  auto offline = Mount({"-o", "offline"});
  ASSERT_TRUE(offline->mounted()) << offline->stderr_text();
  ExpectIdenticalFiles();
  EXPECT_EQ(BytesServed(sshd_.SftpLog()), served);
  // Unmounted, the cache is the command's own: evict works.
  offline.reset();
  CommandOutput evict = RunHoard({"cache", "evict", "--all", "--cache-dir", dir});
  EXPECT_EQ(evict.status, 0) << evict.output;
}

// Holds cache_dir/lock as another process's owner would, naming `owner`,
// until released (or destroyed).
using namespace std::chrono_literals;

class HeldCacheLock {
 public:
  HeldCacheLock(const fs::path& cache_dir, const std::string& owner) {
    fs::create_directories(cache_dir);
    fd_ = open((cache_dir / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    EXPECT_EQ(0, flock(fd_, LOCK_EX | LOCK_NB));
    const std::string line = owner + "\n";
    EXPECT_EQ(static_cast<ssize_t>(line.size()), pwrite(fd_, line.data(), line.size(), 0));
    EXPECT_EQ(0, ftruncate(fd_, static_cast<off_t>(line.size())));
  }
  ~HeldCacheLock() { Release(); }
  void Release() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// A hoardfs still finishing after its unmount (its lock held, its mount
// gone) is waited for, so a remount right after an unmount works; a mount
// that is still there is refused after two seconds.
TEST_F(HoardfsCacheTest, ARemountWaitsForAnUnmountedOwnerToFinishOnly) {
  {
    HeldCacheLock finishing(cache_.path(), "hoardfs (pid 1) on " + (tree_.path() / "gone").string());
    std::thread release([&] {
      std::this_thread::sleep_for(3s);
      finishing.Release();
    });
    auto start = std::chrono::steady_clock::now();
    auto mount = Mount();
    release.join();
    EXPECT_TRUE(mount->mounted()) << mount->stderr_text();
    EXPECT_GE(std::chrono::steady_clock::now() - start, 3s);
  }
  HeldCacheLock serving(cache_.path(), "hoardfs (pid 1) on /proc");
  auto start = std::chrono::steady_clock::now();
  auto refused = Mount();
  EXPECT_FALSE(refused->mounted());
  EXPECT_NE(refused->stderr_text().find("is in use by hoardfs (pid 1) on /proc"), std::string::npos)
      << refused->stderr_text();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 8s);
}

// Issue 18: the catalog survives its hoard's mount going away between two
// index runs: killed with -9 (the mountpoint answers ENOTCONN), then
// unmounted (an empty folder of the parent filesystem). Each run exits
// non-zero, says what it saw, and removes nothing.
TEST_F(HoardfsCacheTest, IndexOfADeadOrUnmountedMountRemovesNothing) {
  TempDir db;
  const std::string catalog = (db.path() / "c.db").string();
  SampleHoard sample;
  fs::copy(sample.root(), tree_.path() / "Hoard", fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  auto mount = Mount();
  ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  CommandOutput first = RunHoard({"index", "--quiet", "--db", catalog, (mnt() / "Hoard").string()});
  ASSERT_EQ(first.status, 0) << first.output;
  const std::string before = RunHoard({"ls", "--db", catalog, "--format", "$path"}).output;
  ASSERT_FALSE(before.empty());

  mount->Kill(SIGKILL);
  ASSERT_TRUE(mount->WaitExit(std::chrono::seconds(10)).has_value());
  CommandOutput dead = RunHoard({"index", "--quiet", "--db", catalog, (mnt() / "Hoard").string()});
  EXPECT_NE(dead.status, 0);
  EXPECT_NE(dead.output.find("Transport endpoint is not connected"), std::string::npos) << dead.output;
  EXPECT_EQ(RunHoard({"ls", "--db", catalog, "--format", "$path"}).output, before);

  ASSERT_TRUE(mount->Unmount());
  fs::create_directories(mnt() / "Hoard");  // the mountpoint's own, empty folder
  CommandOutput gone = RunHoard({"index", "--quiet", "--db", catalog, (mnt() / "Hoard").string()});
  EXPECT_NE(gone.status, 0);
  // The mountpoint's folder is on the parent filesystem, not FUSE.
  EXPECT_NE(gone.output.find("is no longer on the filesystem it was indexed on (FUSE, now "), std::string::npos)
      << gone.output;
  EXPECT_NE(gone.output.find("is the hoard mounted? Pass --prune"), std::string::npos) << gone.output;
  EXPECT_EQ(RunHoard({"ls", "--db", catalog, "--format", "$path"}).output, before);
}

}  // namespace
}  // namespace hoard::test
