// Every fault of the cache's write path, without root: ENOSPC at each disk
// operation, EIO on each fdatasync, and a crash (power cut) right after each
// disk operation of a workload that fetches, records, evicts, punches and
// replaces a changed file (FaultInjectionEnv). After each, the cache is
// reopened on the real disk and every byte it serves, offline and online,
// must equal the source. A fault may lose downloads, never serve a wrong byte.
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "tests/fs/cache_test_util.h"
#include "tests/fs/fault_injection_env.h"

namespace hoard::fs::testing {
namespace {

constexpr int kFiles = 4;
constexpr std::size_t kFileSize = 300 * 1024 + 123;
constexpr std::int64_t kOldMtime = 1'600'000'000;
constexpr std::int64_t kNewMtime = kOldMtime + 100;

class CacheFaultTest : public CacheTest {
 protected:
  void SetUp() override {
    CacheTest::SetUp();
    for (int i = 0; i < kFiles; ++i) contents_.push_back(RandomBytes(kFileSize, 10 + i));
    changed_ = RandomBytes(kFileSize + 5000, 99);
  }

  // The source as the workload starts it: f0..f3, and f1's next version
  // beside it (the workload renames it over f1).
  void ResetSource() {
    for (int i = 0; i < kFiles; ++i) WriteFile(src() / Numbered("f", i), contents_[i], kOldMtime);
    WriteFile(src() / "next", changed_, kNewMtime);
    std::filesystem::remove_all(cache_dir());
  }

  // Four files, each read twice, more than the cap holds (eviction and
  // punches), then f1
  // changes on the server and is read again (its old data file goes), then
  // f0 again. Every read must return the source's bytes: a full disk or a
  // failed sync only makes reads uncached.
  void Workload(CacheEnv& env) {
    CacheOptions options = Options();
    options.env = &env;
    options.size_cap = 1 << 20;
    options.dir_ttl = std::chrono::seconds(0);
    auto cache = CachingRemote::Create(options, local_);
    ASSERT_TRUE(cache.ok()) << cache.status().ToString();
    for (int i = 0; i < kFiles; ++i) {
      auto file = (*cache)->Open(Numbered("/f", i));
      ASSERT_TRUE(file.ok()) << file.status().ToString();
      ASSERT_TRUE(ReadThrough(**file) == contents_[i]) << "wrong bytes in f" << i;
      (void)(*cache)->Flush();
      // Again through the same handle (the same blocks in memory): what a
      // failed sync covered must not be served.
      ASSERT_TRUE(ReadThrough(**file) == contents_[i]) << "wrong bytes in f" << i << ", read again";
    }
    std::filesystem::rename(src() / "next", src() / "f1");
    auto got = ReadAll(**cache, "/f1", 64 * 1024);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ASSERT_TRUE(*got == changed_) << "wrong bytes in the changed f1";
    got = ReadAll(**cache, "/f0", 64 * 1024);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ASSERT_TRUE(*got == contents_[0]) << "wrong bytes in f0, read again";
  }

  // The whole file through `file`, in 64 KiB reads; "" on an error.
  static std::string ReadThrough(RemoteFile& file) {
    std::string out;
    std::string buf(64 * 1024, '\0');
    while (true) {
      auto n = file.ReadAt(out.size(), buf);
      EXPECT_TRUE(n.ok()) << n.status().ToString();
      if (!n.ok()) return "";
      if (*n == 0) return out;
      out.append(buf, 0, *n);
    }
  }

  // The version of /f<i> whose size is `size`.
  const std::string& Expected(int i, std::uint64_t size) const {
    return i == 1 && size == changed_.size() ? changed_ : contents_[i];
  }

  // Reopens the cache on the real disk: offline, whatever it serves is
  // right (a file is served as the version it was cached at); online,
  // everything is right.
  void Verify(const std::string& after) {
    SCOPED_TRACE(after);
    CacheOptions options = Options();
    options.dir_ttl = std::chrono::seconds(0);
    local_->set_offline(true);
    {
      auto cache = CachingRemote::Create(options, local_);
      ASSERT_TRUE(cache.ok()) << cache.status().ToString();
      for (int i = 0; i < kFiles; ++i) {
        auto file = (*cache)->Open(Numbered("/f", i));
        if (!file.ok()) {
          EXPECT_TRUE(IsLinkError(file.status())) << file.status().ToString();
          continue;
        }
        const std::string& expected = Expected(i, (*file)->attr().size);
        for (std::uint64_t off = 0; off < expected.size(); off += kCacheBlockSize) {
          std::string block(kCacheBlockSize, '\0');
          auto n = (*file)->ReadAt(off, block);
          if (!n.ok()) {
            EXPECT_TRUE(IsLinkError(n.status())) << n.status().ToString();
            continue;
          }
          block.resize(*n);
          ASSERT_TRUE(block == expected.substr(off, kCacheBlockSize)) << "wrong cached bytes: f" << i << " @" << off;
        }
      }
    }
    local_->set_offline(false);
    auto cache = CachingRemote::Create(options, local_);
    ASSERT_TRUE(cache.ok()) << cache.status().ToString();
    for (int i = 0; i < kFiles; ++i) {
      const std::string path = Numbered("/f", i);
      auto got = ReadAll(**cache, path);
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      EXPECT_TRUE(*got == ReadLocal(src() / path.substr(1))) << "wrong bytes online: " << path;
    }
  }

  // How many operations (of `only` kind) the workload makes without faults.
  int CountOperations(std::optional<DiskOp> only) {
    ResetSource();
    FaultInjectionEnv counting({.at = 0, .only = only});
    Workload(counting);
    return counting.operations();
  }

  std::vector<std::string> contents_;
  std::string changed_;
};

TEST_F(CacheFaultTest, TheWorkloadFetchesRecordsEvictsPunchesAndRemoves) {
  for (DiskOp op : {DiskOp::kOpen, DiskOp::kWrite, DiskOp::kSync, DiskOp::kPunch, DiskOp::kRemove}) {
    EXPECT_GT(CountOperations(op), 0) << "the workload never does operation " << static_cast<int>(op);
  }
}

// The committer thread evicts beside the reader, so the order (and number)
// of operations varies a little from run to run: a planted fault the run
// never reaches is not a failure, but nearly all must be reached.
void ExpectMostReached(int reached, int total) {
  EXPECT_GE(reached * 10, total * 9) << reached << " of " << total << " planted faults were reached";
}

TEST_F(CacheFaultTest, EnospcAtEachStep) {
  const int total = CountOperations(std::nullopt);
  int reached = 0;
  for (int at = 1; at <= total; ++at) {
    ResetSource();
    FaultInjectionEnv env({.at = at, .only = std::nullopt, .error = ENOSPC});
    {
      SCOPED_TRACE("workload, ENOSPC at operation " + std::to_string(at) + " of " + std::to_string(total));
      Workload(env);
    }
    reached += env.fired() ? 1 : 0;
    Verify("ENOSPC at operation " + std::to_string(at) + " of " + std::to_string(total));
    if (HasFatalFailure()) return;
  }
  ExpectMostReached(reached, total);
}

TEST_F(CacheFaultTest, EioOnEachFdatasync) {
  const int syncs = CountOperations(DiskOp::kSync);
  int reached = 0;
  for (int at = 1; at <= syncs; ++at) {
    ResetSource();
    FaultInjectionEnv env({.at = at, .only = DiskOp::kSync, .error = EIO});
    Workload(env);
    reached += env.fired() ? 1 : 0;
    Verify("EIO on fdatasync " + std::to_string(at) + " of " + std::to_string(syncs));
    if (HasFatalFailure()) return;
  }
  ExpectMostReached(reached, syncs);
}

TEST_F(CacheFaultTest, CrashAfterEachStep) {
  const int total = CountOperations(std::nullopt);
  int reached = 0;
  for (int at = 1; at <= total; ++at) {
    ResetSource();
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      FaultInjectionEnv env({.at = at, .only = std::nullopt, .error = 0, .crash_after = true});
      Workload(env);
      ::_exit(HasFailure() ? 1 : 0);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    // 0: the workload ended (right) before operation `at`.
    ASSERT_TRUE(WEXITSTATUS(status) == FaultInjectionEnv::kCrashExit || WEXITSTATUS(status) == 0)
        << "the workload failed before the crash at operation " << at;
    reached += WEXITSTATUS(status) == FaultInjectionEnv::kCrashExit ? 1 : 0;
    Verify("crash after operation " + std::to_string(at) + " of " + std::to_string(total));
    if (HasFatalFailure()) return;
  }
  ExpectMostReached(reached, total);
}

// A block another reader stores while a commit's fdatasync runs was as
// unsynced as the commit's own: when that sync fails, neither is served
// from the data file again (the kernel may have dropped both pages). Seen
// as "wrong bytes" in EnospcAtEachStep under load, once in many runs.
TEST_F(CacheFaultTest, ABlockStoredWhileASyncFailsIsNotServedFromTheLostPages) {
  ResetSource();
  CachingRemote* cache = nullptr;
  constexpr std::uint64_t kOther = 8 * kCacheBlockSize;
  // Closed after the Flush below: a close may flush too.
  std::unique_ptr<RemoteFile> other;
  FaultInjectionEnv env({.at = 1, .only = DiskOp::kSync, .error = EIO, .before = [&] {
    std::thread([&] {
      auto opened = cache->Open("/f0");
      ASSERT_TRUE(opened.ok());
      other = std::move(opened).value();
      EXPECT_EQ(ReadRange(*other, kOther, kCacheBlockSize), contents_[0].substr(kOther, kCacheBlockSize));
    }).join();
  }});
  CacheOptions options = Options();
  options.env = &env;
  auto created = CachingRemote::Create(options, local_);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  cache = created->get();
  auto file = cache->Open("/f0");
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(ReadRange(**file, 0, kCacheBlockSize), contents_[0].substr(0, kCacheBlockSize));
  (void)cache->Flush();  // the sync fails, the other reader's block stored meanwhile
  ASSERT_TRUE(env.fired());
  EXPECT_TRUE(ReadRange(**file, kOther, kCacheBlockSize) == contents_[0].substr(kOther, kCacheBlockSize))
      << "the block stored during the failed sync was served from the lost pages";
  EXPECT_TRUE(ReadRange(**file, 0, kCacheBlockSize) == contents_[0].substr(0, kCacheBlockSize));
  other.reset();  // before the cache it reads through
}

}  // namespace
}  // namespace hoard::fs::testing
