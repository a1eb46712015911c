// SftpRemote without FUSE: the contract the cache relies on. It is built
// without touching the network, reports a first connect failure by cause,
// keeps retrying in the background after Start(), fails fast with a link
// error meanwhile, and serves again once the server is back. And its
// SftpPool: grows when every session is busy, closes grown idle ones.
#include "fs/sftp/sftp_remote.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <thread>
#include <vector>

#include "tests/support/sshd_server.h"

namespace hoard::fs {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

SshTarget TargetFor(const test::SshdServer& sshd) {
  SshTarget target;
  target.host = "127.0.0.1";
  target.port = sshd.port();
  target.user = sshd.user();
  target.identities = {sshd.client_key().string()};
  target.known_hosts = sshd.known_hosts().string();
  target.timeout = 10s;  // generous: a loaded CI machine sets up SSH slowly
  return target;
}

TEST(SftpRemoteTest, ServesFilesAndAnswersAboutThem) {
  test::SshdServer sshd;
  std::ofstream(sshd.root() / "a.txt") << "hello";
  SftpRemote remote(TargetFor(sshd), sshd.root().string(), 2);
  ASSERT_TRUE(remote.Connect().ok());
  remote.Start();
  Result<RemoteAttr> attr = remote.Stat("/a.txt");
  ASSERT_TRUE(attr.ok()) << attr.status().message();
  EXPECT_EQ(5u, attr->size);
  EXPECT_EQ(ENOENT, remote.Stat("/missing").status().code());
  Result<std::unique_ptr<RemoteFile>> file = remote.Open("/a.txt");
  ASSERT_TRUE(file.ok());
  char buf[16];
  Result<std::size_t> n = (*file)->ReadAt(1, std::span<char>(buf, sizeof(buf)));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ("ello", std::string(buf, *n));
  Result<std::vector<DirEntry>> entries = remote.ListDir("/");
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(1u, entries->size());
  EXPECT_EQ("a.txt", (*entries)[0].name);
}

TEST(SftpRemoteTest, StartsOfflineAndConnectsWhenTheServerComesUp) {
  test::SshdServer sshd;
  std::ofstream(sshd.root() / "a.txt") << "hello";
  sshd.Stop();
  SftpRemote remote(TargetFor(sshd), sshd.root().string(), 2);
  Status first = remote.Connect();
  EXPECT_EQ(ECONNREFUSED, first.code()) << first.message();
  EXPECT_TRUE(IsLinkError(first));
  remote.Start();
  // Fails fast, without queueing for a connection: the answer is the pool's
  // "no session" (ENOTCONN), not a connect attempt's timeout or refusal.
  // (How fast is a benchmark's business, not a test's.)
  Status offline = remote.Stat("/a.txt").status();
  EXPECT_TRUE(IsLinkError(offline)) << offline.message();
  EXPECT_EQ(ENOTCONN, offline.code()) << offline.message();
  EXPECT_NE(offline.message().find("reconnecting in the background"), std::string::npos) << offline.message();

  ASSERT_TRUE(sshd.Start());
  Clock::time_point give_up = Clock::now() + 20s;
  Result<RemoteAttr> attr = remote.Stat("/a.txt");
  while (!attr.ok() && Clock::now() < give_up) {
    std::this_thread::sleep_for(100ms);
    attr = remote.Stat("/a.txt");
  }
  ASSERT_TRUE(attr.ok()) << attr.status().message();
  EXPECT_EQ(5u, attr->size);
}

// How many requests of `kind` ("read", "fstat") sftp-server logged.
int Requests(const test::SshdServer& sshd, const std::string& kind) {
  const std::string log = sshd.SftpLog();
  const std::string what = ": " + kind + " \"";
  int n = 0;
  for (std::size_t at = log.find(what); at != std::string::npos; at = log.find(what, at + 1)) ++n;
  return n;
}

// The cache asks one byte more with a file's last block, to see a file that
// grew. That read stops at the end the file is known to have, with an fstat
// along: one READ, where asking past the end took a second for the server
// to say "end of file". A file that grew since it was opened fails it.
TEST(SftpRemoteTest, AReadPastTheEndIsOneRequestAndFailsForAFileThatGrew) {
  test::SshdOptions options;
  options.sftp_log_level = "DEBUG1";
  test::SshdServer sshd(options);
  std::string content(50000, '\0');
  for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 7 + i / 251);
  std::ofstream(sshd.root() / "t.flac", std::ios::binary) << content;
  SftpRemote remote(TargetFor(sshd), sshd.root().string(), 1);
  ASSERT_TRUE(remote.Connect().ok());
  Result<std::unique_ptr<RemoteFile>> file = remote.Open("/t.flac");
  ASSERT_TRUE(file.ok()) << file.status().message();
  const int reads_before = Requests(sshd, "read");
  std::string tail(7666, '\0');  // the last 7665 bytes, and one more
  Result<std::size_t> n = (*file)->ReadAt(content.size() - 7665, tail);
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(7665u, *n);
  EXPECT_EQ(content.substr(content.size() - 7665), tail.substr(0, *n));
  EXPECT_EQ(1, Requests(sshd, "read") - reads_before) << sshd.SftpLog();

  std::ofstream(sshd.root() / "t.flac", std::ios::binary | std::ios::app) << "more";
  std::string buf(4096, '\0');
  n = (*file)->ReadAt(content.size() - 100, buf);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(ESTALE, n.status().code()) << n.status().message();
}

// How many times sftp-server logged `what` ("session opened", "session closed").
int Sessions(const test::SshdServer& sshd, const std::string& what) {
  const std::string log = sshd.SftpLog();
  int n = 0;
  for (std::size_t at = log.find(what); at != std::string::npos; at = log.find(what, at + 1)) ++n;
  return n;
}

// Polls until `done` holds or `limit` passes; returns whether it held.
bool Eventually(const std::function<bool()>& done, std::chrono::seconds limit) {
  Clock::time_point give_up = Clock::now() + limit;
  while (!done()) {
    if (Clock::now() >= give_up) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

TEST(SftpPoolTest, GrowsWhenEverySessionIsBusyAndClosesTheGrownOnesWhenIdle) {
  test::SshdServer sshd;
  constexpr int kFirst = SftpPool::kInitialSessions;
  SftpPool pool(TargetFor(sshd), kFirst + 8, /*idle_close=*/2s);
  ASSERT_TRUE(pool.Connect().ok());
  pool.Start();
  ASSERT_TRUE(Eventually([&] { return Sessions(sshd, "session opened") == kFirst; }, 60s))
      << Sessions(sshd, "session opened") << " sessions";
  // One more operation than there are sessions, each holding its session.
  std::vector<std::thread> busy;
  std::vector<Status> results(kFirst + 1);
  for (int i = 0; i <= kFirst; ++i) {
    busy.emplace_back([&, i] {
      int hint = -1;
      results[i] = pool.Run(&hint, [](SftpSession& session, int, Deadline deadline) {
        std::this_thread::sleep_for(1500ms);
        return session.RealPath(".", deadline).status();
      });
    });
  }
  for (std::thread& t : busy) t.join();
  for (const Status& status : results) EXPECT_TRUE(status.ok()) << status.message();
  EXPECT_TRUE(Eventually([&] { return Sessions(sshd, "session opened") == kFirst + 8; }, 60s))
      << Sessions(sshd, "session opened") << " sessions";
  // Idle for idle_close: the grown eight are closed, the first ones stay.
  EXPECT_TRUE(Eventually([&] { return Sessions(sshd, "session closed") == 8; }, 30s))
      << Sessions(sshd, "session closed") << " closed";
  std::this_thread::sleep_for(3s);
  EXPECT_EQ(8, Sessions(sshd, "session closed"));
  int hint = -1;
  EXPECT_TRUE(pool.Run(&hint, [](SftpSession& session, int, Deadline deadline) {
                    return session.RealPath(".", deadline).status();
                  }).ok());
}

}  // namespace
}  // namespace hoard::fs
