// The sshd fixture itself: it must accept its client key, reject another,
// and be what its known_hosts says it is. Checked with the real ssh client.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "tests/support/sshd_server.h"

namespace hoard::test {
namespace {

int Ssh(const SshdServer& sshd, const std::filesystem::path& key, const std::filesystem::path& known_hosts) {
  std::string command = "ssh -F none -o BatchMode=yes -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes"
                        " -o IdentityAgent=none -o UserKnownHostsFile='" +
                        known_hosts.string() + "' -i '" + key.string() + "' -p " + std::to_string(sshd.port()) +
                        " " + sshd.user() + "@127.0.0.1 true </dev/null >/dev/null 2>&1";
  return std::system(command.c_str());
}

TEST(SshdFixtureTest, AcceptsTheClientKey) {
  SshdServer sshd;
  EXPECT_EQ(0, Ssh(sshd, sshd.client_key(), sshd.known_hosts())) << sshd.SshdLog();
}

TEST(SshdFixtureTest, RejectsAnotherKey) {
  SshdServer sshd;
  EXPECT_NE(0, Ssh(sshd, sshd.wrong_key(), sshd.known_hosts()));
}

TEST(SshdFixtureTest, ChangedKnownHostsIsRefusedByOpenSsh) {
  SshdServer sshd;
  EXPECT_NE(0, Ssh(sshd, sshd.client_key(), sshd.changed_known_hosts()));
}

TEST(SshdFixtureTest, RestartsOnTheSamePortWithTheSameKey) {
  SshdServer sshd;
  int port = sshd.port();
  sshd.Stop();
  EXPECT_NE(0, Ssh(sshd, sshd.client_key(), sshd.known_hosts()));
  ASSERT_TRUE(sshd.Start());
  EXPECT_EQ(port, sshd.port());
  EXPECT_EQ(0, Ssh(sshd, sshd.client_key(), sshd.known_hosts()));
}

TEST(SshdFixtureTest, SftpLogRecordsBytesRead) {
  SshdServer sshd;
  std::ofstream(sshd.root() / "file") << "hello";
  std::string command = "echo 'get " + (sshd.root() / "file").string() + " /dev/null' | sftp -q -b - -F none" +
                        " -o BatchMode=yes -o IdentitiesOnly=yes -o IdentityAgent=none -o UserKnownHostsFile='" +
                        sshd.known_hosts().string() + "' -i '" + sshd.client_key().string() + "' -P " +
                        std::to_string(sshd.port()) + " " + sshd.user() + "@127.0.0.1 >/dev/null 2>&1";
  ASSERT_EQ(0, std::system(command.c_str()));
  EXPECT_NE(std::string::npos, sshd.SftpLog().find("bytes read 5")) << sshd.SftpLog();
}

}  // namespace
}  // namespace hoard::test
