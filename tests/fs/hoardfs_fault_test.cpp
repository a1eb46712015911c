// hoardfs under bad input and faults: every failure at mount time is one
// line on stderr, a non-zero exit within the timeout and nothing mounted;
// every fault after mounting returns an error in bounded time and the same
// mount recovers on its own.
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <thread>

#include "tests/fs/test_tree.h"
#include "tests/support/fuse_mount.h"
#include "tests/support/sshd_server.h"

namespace hoard::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// The timeout= of the mounts under test. Setting up an SSH session on a
// loaded two-core CI machine (sshd forks, key exchange; ASan) can take
// several seconds, and a mount must not fail for that.
constexpr std::chrono::seconds kTimeout{10};

// A loopback TCP listener for the "not an SSH server" cases: either silent
// (accepts, never speaks: a host that does not answer) or one that answers
// like a web server and hangs up.
class FakeService {
 public:
  explicit FakeService(bool speaks) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    listen(fd_, 16);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    if (speaks) {
      thread_ = std::thread([this] {
        for (;;) {
          int client = accept(fd_, nullptr, nullptr);
          if (client < 0) return;
          const char reply[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
          (void)!write(client, reply, sizeof(reply) - 1);
          close(client);
        }
      });
    }
  }
  ~FakeService() {
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return port_; }

 private:
  int fd_;
  int port_;
  std::thread thread_;
};

int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

class HoardfsFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    BuildTestTree(tree_.path());
    fs::create_directories(mnt());
  }

  fs::path mnt() const { return work_.path() / "mnt"; }

  // hoardfs with a short timeout (kTimeout: long enough for a loaded CI
  // machine to set up an SSH session, short enough to keep tests quick) and
  // the fixture's port/key/known_hosts, then
  // `options` (later -o values override earlier ones).
  std::unique_ptr<FuseMount> Mount(const std::string& source, const std::string& options,
                                   const fs::path& mountpoint = {}, std::chrono::seconds timeout = kTimeout) {
    HoardfsRun run;
    run.mountpoint = mountpoint.empty() ? mnt() : mountpoint;
    run.args = {source, run.mountpoint.string()};
    for (const std::string& a : sshd_.MountOptions()) run.args.push_back(a);
    run.args.push_back("-o");
    run.args.push_back("timeout=" + std::to_string(timeout.count()) + ",keepalive=1" +
                       (options.empty() ? "" : "," + options));
    return std::make_unique<FuseMount>(run);
  }

  // Asserts the mount failed the way a user should see it.
  void ExpectMountFailure(FuseMount& mount, const std::string& cause, std::chrono::seconds timeout = kTimeout) {
    EXPECT_FALSE(mount.mounted());
    std::optional<int> status = mount.exit_status();
    ASSERT_TRUE(status.has_value()) << "hoardfs still running after " << mount.startup_time().count() << " ms";
    EXPECT_NE(0, *status);
    std::string err = mount.stderr_text();
    EXPECT_NE(std::string::npos, err.find(cause)) << err;
    EXPECT_EQ(1, std::count(err.begin(), err.end(), '\n')) << "not one line: " << err;
    EXPECT_LT(mount.startup_time(), timeout + 3s);
  }

  TempDir tree_;
  SshdServer sshd_{SshdOptions{.root = tree_.path(), .sftp_user = ""}};
  TempDir work_;
};

TEST_F(HoardfsFaultTest, ConnectionRefused) {
  auto mount = Mount(sshd_.Remote(), "port=" + std::to_string(ClosedPort()));
  ExpectMountFailure(*mount, "connection refused by 127.0.0.1:");
}

TEST_F(HoardfsFaultTest, UnreachableHostTimesOut) {
  // Nothing but the deadline is involved here, so a short one is safe.
  constexpr std::chrono::seconds kShort{3};
  FakeService silent(/*speaks=*/false);
  auto mount = Mount(sshd_.Remote(), "port=" + std::to_string(silent.port()), {}, kShort);
  ExpectMountFailure(*mount, "no SSH answer from", kShort);
  EXPECT_GE(mount->startup_time(), kShort - 500ms);  // it really waited for the deadline
}

TEST_F(HoardfsFaultTest, WrongPortIsNotAnSshServer) {
  FakeService web(/*speaks=*/true);
  auto mount = Mount(sshd_.Remote(), "port=" + std::to_string(web.port()));
  ExpectMountFailure(*mount, "not an SSH server");
}

TEST_F(HoardfsFaultTest, RefusedKey) {
  // identity= accumulates, so this run names only the wrong key.
  HoardfsRun run;
  run.mountpoint = mnt();
  run.args = {sshd_.Remote(), mnt().string(), "-o",
              "timeout=" + std::to_string(kTimeout.count()) + ",port=" + std::to_string(sshd_.port()) + ",known_hosts=" + sshd_.known_hosts().string() +
                  ",identity=" + sshd_.wrong_key().string()};
  FuseMount refused(run);
  ExpectMountFailure(refused, "authentication refused for " + sshd_.user() + "@[127.0.0.1]:");
}

TEST_F(HoardfsFaultTest, EncryptedKeyWithoutTerminalIsSkippedWithAReason) {
  fs::path key = work_.path() / "encrypted_key";
  ASSERT_EQ(0, std::system(("ssh-keygen -q -t ed25519 -N 'a passphrase' -f '" + key.string() +
                            "' </dev/null >/dev/null 2>&1").c_str()));
  HoardfsRun run;
  run.mountpoint = mnt();
  run.args = {sshd_.Remote(), mnt().string(), "-o",
              "timeout=" + std::to_string(kTimeout.count()) + ",port=" + std::to_string(sshd_.port()) +
                  ",known_hosts=" + sshd_.known_hosts().string() + ",identity=" + key.string()};
  FuseMount mount(run);
  ExpectMountFailure(mount, "encrypted, no terminal to ask its passphrase");
  EXPECT_EQ(std::string::npos, mount.stderr_text().find("a passphrase"));
}

TEST_F(HoardfsFaultTest, AuthenticatesThroughSshAgentFirst) {
  fs::path socket = work_.path() / "agent.sock";
  std::string agent = "SSH_AUTH_SOCK='" + socket.string() + "' ";
  // ssh-agent -D stays in the foreground; started in the background and
  // killed by the pid it writes, so the test ends only what it started.
  fs::path pid_file = work_.path() / "agent.pid";
  ASSERT_EQ(0, std::system(("ssh-agent -D -a '" + socket.string() + "' >/dev/null 2>&1 & echo $! >'" +
                            pid_file.string() + "'").c_str()));
  for (int i = 0; i < 100 && !fs::exists(socket); ++i) std::this_thread::sleep_for(20ms);
  ASSERT_EQ(0, std::system((agent + "ssh-add -q '" + sshd_.client_key().string() + "' 2>/dev/null").c_str()));
  HoardfsRun run;
  run.mountpoint = mnt();
  // No identity= at all: only the agent holds the key.
  run.args = {sshd_.Remote(), mnt().string(), "-o",
              "timeout=" + std::to_string(kTimeout.count()) + ",port=" + std::to_string(sshd_.port()) +
                  ",known_hosts=" + sshd_.known_hosts().string()};
  run.env = {{"SSH_AUTH_SOCK", socket.string()}};
  {
    FuseMount mount(run);
    EXPECT_TRUE(mount.mounted()) << mount.stderr_text();
  }
  std::ifstream pid_in(pid_file);
  pid_t agent_pid = 0;
  pid_in >> agent_pid;
  if (agent_pid > 0) kill(agent_pid, SIGTERM);
}

// An ssh-agent socket that accepts connections and never answers.
class SilentAgent {
 public:
  explicit SilentAgent(const fs::path& path) {
    fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
    EXPECT_EQ(0, bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)));
    listen(fd_, 16);
    thread_ = std::thread([this] {
      for (;;) {
        int client = accept(fd_, nullptr, nullptr);
        if (client < 0) return;
        clients_.push_back(client);  // held open, never read
      }
    });
  }
  ~SilentAgent() {
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
    for (int client : clients_) close(client);
  }

 private:
  int fd_;
  std::vector<int> clients_;
  std::thread thread_;
};

// hoardfs with timeout=3 and SSH_AUTH_SOCK naming `agent`; `identity` is
// the identity= option's value ("" for none: then only the agent is tried).
HoardfsRun StuckAgentRun(const SshdServer& sshd, const fs::path& mountpoint, const fs::path& agent,
                         const std::string& identity) {
  HoardfsRun run;
  run.mountpoint = mountpoint;
  run.args = {sshd.Remote(), mountpoint.string(), "-o",
              "timeout=3,port=" + std::to_string(sshd.port()) + ",known_hosts=" + sshd.known_hosts().string() +
                  (identity.empty() ? "" : ",identity=" + identity)};
  run.env = {{"SSH_AUTH_SOCK", agent.string()}};
  return run;
}

TEST_F(HoardfsFaultTest, AStuckSshAgentCostsAThirdOfTheTimeoutThenKeysAreTried) {
  fs::path socket_path = work_.path() / "agent.sock";
  SilentAgent agent(socket_path);
  FuseMount mount(StuckAgentRun(sshd_, mnt(), socket_path, sshd_.client_key().string()));
  EXPECT_TRUE(mount.mounted()) << mount.stderr_text();
  EXPECT_LT(mount.startup_time(), 5s);
}

TEST_F(HoardfsFaultTest, AStuckSshAgentAloneFailsTheMountInTime) {
  fs::path socket_path = work_.path() / "agent.sock";
  SilentAgent agent(socket_path);
  FuseMount mount(StuckAgentRun(sshd_, mnt(), socket_path, ""));
  ExpectMountFailure(mount, "ssh-agent (no answer within 1.0 s)", 3s);
}

TEST_F(HoardfsFaultTest, UnknownHostKeyIsRefusedWithAHint) {
  fs::path empty = work_.path() / "known_hosts";
  std::ofstream(empty).close();
  auto mount = Mount(sshd_.Remote(), "known_hosts=" + empty.string());
  ExpectMountFailure(*mount, "unknown host key for [127.0.0.1]:");
  EXPECT_NE(std::string::npos, mount->stderr_text().find("accept_new_host_key"));
}

TEST_F(HoardfsFaultTest, AcceptNewHostKeyRecordsItOnce) {
  fs::path known = work_.path() / "ssh" / "known_hosts";  // the directory does not exist yet
  {
    auto mount = Mount(sshd_.Remote(), "known_hosts=" + known.string() + ",accept_new_host_key");
    ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  }
  std::ifstream in(known);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(0u, line.rfind("[127.0.0.1]:" + std::to_string(sshd_.port()) + " ssh-ed25519 ", 0)) << line;
  auto again = Mount(sshd_.Remote(), "known_hosts=" + known.string());
  EXPECT_TRUE(again->mounted()) << again->stderr_text();
}

TEST_F(HoardfsFaultTest, ChangedHostKeyIsRefusedEvenWithAcceptNew) {
  auto mount = Mount(sshd_.Remote(), "known_hosts=" + sshd_.changed_known_hosts().string() + ",accept_new_host_key");
  ExpectMountFailure(*mount, "REMOTE HOST IDENTIFICATION HAS CHANGED");
}

TEST_F(HoardfsFaultTest, HashedKnownHostsEntryMatches) {
  fs::path hashed = work_.path() / "hashed_known_hosts";
  fs::copy_file(sshd_.known_hosts(), hashed);
  ASSERT_EQ(0, std::system(("ssh-keygen -q -H -f '" + hashed.string() + "' >/dev/null 2>&1").c_str()));
  std::ifstream in(hashed);
  std::string line;
  std::getline(in, line);
  ASSERT_EQ(0u, line.rfind("|1|", 0)) << line;
  auto mount = Mount(sshd_.Remote(), "known_hosts=" + hashed.string());
  EXPECT_TRUE(mount->mounted()) << mount->stderr_text();
}

std::string ReadText(const fs::path& path) { return ReadWholeFile(path, "known_hosts"); }

void WriteText(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// "[127.0.0.1]:PORT ssh-ed25519 AAAA..." without the key's comment.
std::string EntryWithoutComment(const std::string& line) { return line.substr(0, line.rfind(' ')); }

TEST_F(HoardfsFaultTest, KeyTypeDowngradeIsAChangedHostAndLeavesKnownHostsAlone) {
  fs::path known = work_.path() / "known_hosts";
  WriteText(known, sshd_.KnownHostsLine("ed25519"));
  {
    auto mount = Mount(sshd_.Remote(), "known_hosts=" + known.string());
    ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  }
  // The same address now offers an ECDSA key only: a server that changed
  // key types, or a man in the middle without the ed25519 key.
  sshd_.Stop();
  sshd_.OfferHostKeys({"ecdsa"});
  ASSERT_TRUE(sshd_.Start());
  std::string before = ReadText(known);
  auto mount = Mount(sshd_.Remote(), "known_hosts=" + known.string() + ",accept_new_host_key");
  ExpectMountFailure(*mount, "REMOTE HOST IDENTIFICATION HAS CHANGED");
  EXPECT_NE(std::string::npos, mount->stderr_text().find("ecdsa-sha2-nistp256 SHA256:")) << mount->stderr_text();
  EXPECT_NE(std::string::npos, mount->stderr_text().find("holds only ssh-ed25519")) << mount->stderr_text();
  EXPECT_EQ(before, ReadText(known));
}

TEST_F(HoardfsFaultTest, AServerWithTwoKeyTypesIsAskedForTheOneOnRecord) {
  sshd_.Stop();
  sshd_.OfferHostKeys({"ed25519", "ecdsa"});
  ASSERT_TRUE(sshd_.Start());
  for (const std::string type : {"ed25519", "ecdsa"}) {
    fs::path known = work_.path() / ("known_hosts_" + type);
    WriteText(known, sshd_.KnownHostsLine(type));
    auto mount = Mount(sshd_.Remote(), "known_hosts=" + known.string());
    EXPECT_TRUE(mount->mounted()) << type << ": " << mount->stderr_text();
  }
}

TEST_F(HoardfsFaultTest, ARevokedKeyIsRefusedEvenWhenAlsoListed) {
  fs::path known = work_.path() / "known_hosts";
  WriteText(known, sshd_.KnownHostsLine("ed25519") + "@revoked " + sshd_.KnownHostsLine("ed25519"));
  auto mount = Mount(sshd_.Remote(), "known_hosts=" + known.string());
  ExpectMountFailure(*mount, "REVOKED HOST KEY for [127.0.0.1]:");
  EXPECT_NE(std::string::npos, mount->stderr_text().find("line 2")) << mount->stderr_text();
}

TEST_F(HoardfsFaultTest, ACertificateAuthorityIsRefusedAsUnsupported) {
  fs::path known = work_.path() / "known_hosts";
  std::string other = ReadText(sshd_.changed_known_hosts());
  WriteText(known, "@cert-authority " + other);
  auto mount = Mount(sshd_.Remote(), "known_hosts=" + known.string() + ",accept_new_host_key");
  ExpectMountFailure(*mount, "host certificates are not supported");
  EXPECT_EQ("@cert-authority " + other, ReadText(known));
}

TEST_F(HoardfsFaultTest, APlainHostEntryIsPort22s) {
  std::string line = sshd_.KnownHostsLine("ed25519");
  fs::path known = work_.path() / "known_hosts";
  WriteText(known, "127.0.0.1" + line.substr(line.find(' ')));  // the right key, but no port
  auto mount = Mount(sshd_.Remote(), "known_hosts=" + known.string());
  ExpectMountFailure(*mount, "unknown host key for [127.0.0.1]:");
}

TEST_F(HoardfsFaultTest, ACrlfLineWithoutCommentMatches) {
  fs::path known = work_.path() / "known_hosts";
  WriteText(known, EntryWithoutComment(sshd_.KnownHostsLine("ed25519")) + "\r\n");
  auto mount = Mount(sshd_.Remote(), "known_hosts=" + known.string());
  EXPECT_TRUE(mount->mounted()) << mount->stderr_text();
}

TEST_F(HoardfsFaultTest, AcceptNewAppendsOnALineOfItsOwn) {
  fs::path known = work_.path() / "known_hosts";
  std::string other = EntryWithoutComment(ReadText(sshd_.changed_known_hosts()));
  other.replace(0, other.find(' '), "music.example.org");
  WriteText(known, other);  // no final newline
  {
    auto mount = Mount(sshd_.Remote(), "known_hosts=" + known.string() + ",accept_new_host_key");
    ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  }
  std::string text = ReadText(known);
  EXPECT_EQ(0u, text.find(other + "\n[127.0.0.1]:" + std::to_string(sshd_.port()) + " ssh-ed25519 ")) << text;
  EXPECT_EQ('\n', text.back());
  auto again = Mount(sshd_.Remote(), "known_hosts=" + known.string());
  EXPECT_TRUE(again->mounted()) << again->stderr_text();
  EXPECT_EQ(0, std::system(("ssh-keygen -F music.example.org -f '" + known.string() + "' >/dev/null").c_str()));
}

TEST_F(HoardfsFaultTest, AnUnreadableKnownHostsIsAnErrorNamingIt) {
  fs::path directory = work_.path() / "known_hosts.d";
  fs::create_directories(directory);
  auto mount = Mount(sshd_.Remote(), "known_hosts=" + directory.string());
  ExpectMountFailure(*mount, "cannot read " + directory.string());
}

TEST_F(HoardfsFaultTest, RemotePathMissing) {
  auto mount = Mount(sshd_.Remote((tree_.path() / "no such dir").string()), "");
  ExpectMountFailure(*mount, "does not exist");
}

TEST_F(HoardfsFaultTest, RemotePathNotADirectory) {
  auto mount = Mount(sshd_.Remote((tree_.path() / "cover.jpg").string()), "");
  ExpectMountFailure(*mount, "is not a directory");
}

TEST_F(HoardfsFaultTest, MountpointMissing) {
  auto mount = Mount(sshd_.Remote(), "", work_.path() / "nowhere");
  ExpectMountFailure(*mount, "does not exist");
}

TEST_F(HoardfsFaultTest, MountpointBusy) {
  auto first = Mount(sshd_.Remote(), "");
  ASSERT_TRUE(first->mounted()) << first->stderr_text();
  HoardfsRun run;
  run.mountpoint = mnt();
  run.args = {sshd_.Remote(), mnt().string()};
  for (const std::string& a : sshd_.MountOptions()) run.args.push_back(a);
  FuseMount second(run);
  EXPECT_TRUE(second.exit_status().has_value());
  EXPECT_NE(0, second.exit_status().value_or(0));
  EXPECT_NE(std::string::npos, second.stderr_text().find("is busy")) << second.stderr_text();
  EXPECT_TRUE(fs::exists(mnt() / "cover.jpg"));  // the first mount is untouched
}

TEST_F(HoardfsFaultTest, FrozenServerMidReadFailsWithinTheTimeout) {
  auto mount = Mount(sshd_.Remote(), "");
  ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  int fd = open((mnt() / "Various/big.wav").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  std::string buffer(65536, '\0');
  ASSERT_EQ(65536, pread(fd, buffer.data(), buffer.size(), 0));
  sshd_.Freeze();
  Clock::time_point start = Clock::now();
  errno = 0;
  ssize_t n = pread(fd, buffer.data(), buffer.size(), 4 << 20);
  int error = errno;
  auto took = Clock::now() - start;
  sshd_.Thaw();
  EXPECT_EQ(-1, n);
  EXPECT_TRUE(error == EIO || error == ETIMEDOUT) << strerror(error);
  // One deadline covers waiting for a free session and for the server.
  EXPECT_LT(took, kTimeout + 2s);
  // The same open file works again once the server answers (reconnected,
  // handle reopened by path).
  Clock::time_point give_up = Clock::now() + 30s;
  while ((n = pread(fd, buffer.data(), buffer.size(), 4 << 20)) < 0 && Clock::now() < give_up) {
    std::this_thread::sleep_for(200ms);
  }
  EXPECT_EQ(65536, n);
  close(fd);
}

// A read through the page cache after the file was read in order: the
// kernel sends it as readahead requests, and when those fail it asks again
// for the page itself. The first request's timeout makes the link
// unresponsive, so the retry, and a read of another file, fail at once;
// the link answers again once the server does.
TEST_F(HoardfsFaultTest, FrozenServerFailsAReadTheKernelRetriesWithinOneTimeout) {
  auto mount = Mount(sshd_.Remote(), "prefetch=none");
  ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  int fd = open((mnt() / "Various/big.wav").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  int other = open((mnt() / "Artist One/2001_First Album/01_-_Opening.mp3").c_str(), O_RDONLY);
  ASSERT_GE(other, 0);
  std::string buffer(128 << 10, '\0');
  for (int i = 0; i < 8; ++i) ASSERT_EQ(65536, read(fd, buffer.data(), 65536));
  sshd_.Freeze();
  Clock::time_point start = Clock::now();
  ASSERT_EQ(3 << 20, lseek(fd, 3 << 20, SEEK_SET));
  errno = 0;
  ssize_t n = read(fd, buffer.data(), buffer.size());
  int error = errno;
  auto took = Clock::now() - start;
  start = Clock::now();
  ssize_t other_n = pread(other, buffer.data(), 4096, 0);
  auto other_took = Clock::now() - start;
  sshd_.Thaw();
  EXPECT_EQ(-1, n);
  EXPECT_TRUE(error == EIO || error == ETIMEDOUT) << strerror(error);
  EXPECT_LT(took, kTimeout + 1s);
  EXPECT_EQ(-1, other_n);
  EXPECT_LT(other_took, 1s);
  Clock::time_point give_up = Clock::now() + kTimeout + 5s;
  while ((n = pread(other, buffer.data(), 4096, 0)) < 0 && Clock::now() < give_up) {
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(4096, n);
  close(other);
  close(fd);
}

TEST_F(HoardfsFaultTest, KilledAndRestartedServerRecoversTheSameMount) {
  auto mount = Mount(sshd_.Remote(), "");
  ASSERT_TRUE(mount->mounted()) << mount->stderr_text();
  fs::path big = mnt() / "Various/big.wav";
  int fd = open(big.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  std::string got(100000, '\0');
  ASSERT_EQ(100000, pread(fd, got.data(), got.size(), 0));

  sshd_.Stop();
  Clock::time_point start = Clock::now();
  errno = 0;
  EXPECT_EQ(-1, pread(fd, got.data(), got.size(), 3 << 20));
  EXPECT_EQ(EIO, errno) << strerror(errno);
  EXPECT_LT(Clock::now() - start, 2s);  // a dead server fails fast
  struct stat st;
  EXPECT_NE(0, stat((mnt() / "Artist One/nothing here").c_str(), &st));  // fails fast, no hang

  ASSERT_TRUE(sshd_.Start());
  Clock::time_point give_up = Clock::now() + 30s;
  ssize_t n;
  while ((n = pread(fd, got.data(), got.size(), 3 << 20)) < 0 && Clock::now() < give_up) {
    std::this_thread::sleep_for(200ms);
  }
  ASSERT_EQ(100000, n) << "no recovery after restart";
  std::ifstream original(tree_.path() / "Various/big.wav", std::ios::binary);
  original.seekg(3 << 20);
  std::string want(100000, '\0');
  original.read(want.data(), static_cast<std::streamsize>(want.size()));
  EXPECT_TRUE(want == got);
  close(fd);
  EXPECT_EQ(Sha256OfFile(tree_.path() / "cover.jpg"), Sha256OfFile(mnt() / "cover.jpg"));
}

class HoardfsPermissionTest : public ::testing::Test {
 protected:
  TempDir tree_;
  // sftp-server runs as nobody so that permissions apply although the
  // tests run as root.
  SshdServer sshd_{SshdOptions{.root = tree_.path(), .sftp_user = "nobody"}};
  TempDir work_;
};

TEST_F(HoardfsPermissionTest, UnreadableFileIsEaccesNotEio) {
  WriteRandomFile(tree_.path() / "secret.flac", 1000);
  chmod((tree_.path() / "secret.flac").c_str(), 0600);
  WriteRandomFile(tree_.path() / "public.flac", 1000);
  chmod((tree_.path() / "public.flac").c_str(), 0644);
  fs::create_directories(tree_.path() / "private");
  chmod((tree_.path() / "private").c_str(), 0700);
  fs::create_directories(work_.path() / "mnt");
  // Through the cache (which must ask the server at open) and without it.
  for (const std::string& cache : {"cache_dir=" + (work_.path() / "cache").string(), std::string("no_cache")}) {
    SCOPED_TRACE(cache);
    HoardfsRun run;
    run.mountpoint = work_.path() / "mnt";
    run.args = {sshd_.Remote(), run.mountpoint.string(), "-o", cache};
    for (const std::string& a : sshd_.MountOptions()) run.args.push_back(a);
    FuseMount mount(run);
    ASSERT_TRUE(mount.mounted()) << mount.stderr_text();
    errno = 0;
    EXPECT_EQ(-1, open((run.mountpoint / "secret.flac").c_str(), O_RDONLY));
    EXPECT_EQ(EACCES, errno) << strerror(errno);
    errno = 0;
    DIR* dir = opendir((run.mountpoint / "private").c_str());
    EXPECT_EQ(nullptr, dir);
    EXPECT_EQ(EACCES, errno) << strerror(errno);
    if (dir != nullptr) closedir(dir);
    EXPECT_EQ(Sha256OfFile(tree_.path() / "public.flac"), Sha256OfFile(run.mountpoint / "public.flac"));
  }
}

}  // namespace
}  // namespace hoard::test
