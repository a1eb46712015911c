// SftpRemote without FUSE: the contract the cache relies on. It is built
// without touching the network, reports a first connect failure by cause,
// keeps retrying in the background after Start(), fails fast with a link
// error meanwhile, and serves again once the server is back.
#include "fs/sftp/sftp_remote.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

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

}  // namespace
}  // namespace hoard::fs
