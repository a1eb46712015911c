// hoard-latency-proxy (tests/support/latency_proxy_main.cpp), the WAN
// benchmark's link: in front of an echo server in the test, a round trip
// takes the RTT, bytes arrive intact and in order on several connections at
// once, --mbit paces, half-closes pass through, SIGTERM exits 0.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/fake_api_server.h"
#include "tests/support/paths.h"
#include "tests/support/run_command.h"

extern char** environ;

namespace hoard::test {
namespace {

using Clock = std::chrono::steady_clock;

std::filesystem::path ProxyPath() { return BinaryDir() / "tests" / "hoard-latency-proxy"; }

// Echoes every connection on a thread of its own until the client's EOF,
// then closes it.
class EchoServer {
 public:
  EchoServer() {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listener_, 16) != 0) {
      ADD_FAILURE() << "echo server cannot listen";
      return;
    }
    socklen_t len = sizeof addr;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] {
      for (;;) {
        int fd = accept(listener_, nullptr, nullptr);
        if (fd < 0) return;  // shut down
        std::lock_guard lock(mutex_);
        fds_.push_back(fd);
        echoers_.emplace_back([fd] {
          char buf[65536];
          for (;;) {
            ssize_t n = read(fd, buf, sizeof buf);
            if (n <= 0) break;
            for (ssize_t at = 0; at < n;) {
              ssize_t w = write(fd, buf + at, static_cast<std::size_t>(n - at));
              if (w <= 0) return;
              at += w;
            }
          }
          shutdown(fd, SHUT_WR);
        });
      }
    });
  }
  ~EchoServer() {
    shutdown(listener_, SHUT_RDWR);  // accept() returns
    if (acceptor_.joinable()) acceptor_.join();
    for (int fd : fds_) shutdown(fd, SHUT_RDWR);
    for (std::thread& t : echoers_) t.join();
    for (int fd : fds_) close(fd);
    close(listener_);
  }
  int port() const { return port_; }

 private:
  int listener_ = -1;
  int port_ = 0;
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<int> fds_;
  std::vector<std::thread> echoers_;
};

// The proxy as a child process, listening on a port of its choosing.
class Proxy {
 public:
  explicit Proxy(int target_port, const std::vector<std::string>& options) {
    std::filesystem::path port_file = dir_.path() / "port";
    std::vector<std::string> args = {ProxyPath().string(), "--listen", "127.0.0.1:0",
                                     "--to", "127.0.0.1:" + std::to_string(target_port),
                                     "--port-file", port_file.string()};
    args.insert(args.end(), options.begin(), options.end());
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
      ADD_FAILURE() << "cannot start " << argv[0];
      pid_ = -1;
      return;
    }
    for (int i = 0; i < 500 && port_ == 0; ++i) {
      std::ifstream in(port_file);
      if (!(in >> port_)) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (port_ == 0) ADD_FAILURE() << "the proxy wrote no port file";
  }
  ~Proxy() {
    if (pid_ > 0) Stop();
  }
  int port() const { return port_; }
  // SIGTERM, then its exit status (-1 when it did not exit normally).
  int Stop() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ADD_FAILURE() << "cannot connect to port " << port;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

void SendAll(int fd, const std::string& data) {
  for (std::size_t at = 0; at < data.size();) {
    ssize_t n = send(fd, data.data() + at, data.size() - at, MSG_NOSIGNAL);
    if (n <= 0) return;
    at += static_cast<std::size_t>(n);
  }
}

// Reads until EOF (or `limit` bytes).
std::string ReceiveAll(int fd, std::size_t limit = SIZE_MAX) {
  std::string out;
  char buf[65536];
  while (out.size() < limit) {
    ssize_t n = read(fd, buf, std::min(sizeof buf, limit - out.size()));
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

// 1 MiB that no shifted or reordered copy of itself matches.
std::string Pattern(unsigned seed) {
  std::string data(1 << 20, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) {
    data[i] = static_cast<char>((i * 2654435761u + (i >> 13) + seed) >> 7);
  }
  return data;
}

// Sends `data` and half-closes while reading the echo; returns what came
// back (up to the echo server's close) and the seconds it took.
std::pair<std::string, double> Echo(int port, const std::string& data) {
  int fd = Connect(port);
  Clock::time_point start = Clock::now();
  std::thread writer([&] {
    SendAll(fd, data);
    shutdown(fd, SHUT_WR);
  });
  std::string back = ReceiveAll(fd);
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  writer.join();
  close(fd);
  return {back, seconds};
}

TEST(LatencyProxy, ARoundTripTakesTheRtt) {
  EchoServer echo;
  Proxy proxy(echo.port(), {"--rtt-ms", "100"});
  int fd = Connect(proxy.port());
  for (int i = 0; i < 2; ++i) {
    Clock::time_point start = Clock::now();
    SendAll(fd, "ping\n");
    EXPECT_EQ(ReceiveAll(fd, 5), "ping\n");
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    EXPECT_GE(seconds, 0.1) << "round trip " << i;
    EXPECT_LT(seconds, 1.0) << "round trip " << i;
  }
  // The echo server's close comes back after our half-close.
  shutdown(fd, SHUT_WR);
  EXPECT_EQ(ReceiveAll(fd), "");
  close(fd);
  EXPECT_EQ(proxy.Stop(), 0);
}

TEST(LatencyProxy, BytesArriveIntactAndInOrderOnConnectionsAtOnce) {
  EchoServer echo;
  Proxy proxy(echo.port(), {"--rtt-ms", "100"});
  std::vector<std::pair<std::string, double>> results(3);
  std::vector<std::thread> clients;
  for (unsigned i = 0; i < results.size(); ++i) {
    clients.emplace_back([&, i] { results[i] = Echo(proxy.port(), Pattern(i)); });
  }
  for (std::thread& t : clients) t.join();
  for (unsigned i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i].first.size(), std::size_t{1} << 20) << "connection " << i;
    EXPECT_TRUE(results[i].first == Pattern(i)) << "connection " << i << ": bytes changed or out of order";
    EXPECT_GE(results[i].second, 0.1) << "connection " << i;
  }
  EXPECT_EQ(proxy.Stop(), 0);
}

TEST(LatencyProxy, PacesAtTheBandwidth) {
  EchoServer echo;
  // 1 MiB at 8 Mbit/s is 1.05 s on the link each way (both ways overlap).
  Proxy proxy(echo.port(), {"--rtt-ms", "20", "--mbit", "8"});
  auto [back, seconds] = Echo(proxy.port(), Pattern(7));
  EXPECT_TRUE(back == Pattern(7)) << "bytes changed or out of order (" << back.size() << " came back)";
  EXPECT_GE(seconds, 0.9);
  EXPECT_LT(seconds, 5.0);
  EXPECT_EQ(proxy.Stop(), 0);
}

TEST(LatencyProxy, ClosesAClientWhenTheTargetRefuses) {
  Proxy proxy(ClosedLoopbackPort(), {"--rtt-ms", "10"});
  int fd = Connect(proxy.port());
  EXPECT_EQ(ReceiveAll(fd), "");
  close(fd);
  EXPECT_EQ(proxy.Stop(), 0);
}

TEST(LatencyProxy, RejectsBadArguments) {
  CommandOutput out = RunCommand({ProxyPath().string(), "--listen", "nowhere", "--to", "127.0.0.1:1", "--rtt-ms", "1"});
  EXPECT_EQ(out.status, 2) << out.output;
  EXPECT_NE(out.output.find("usage:"), std::string::npos) << out.output;
  out = RunCommand({ProxyPath().string(), "--listen", "127.0.0.1:0", "--to", "127.0.0.1:1"});
  EXPECT_EQ(out.status, 2) << out.output;
}

}  // namespace
}  // namespace hoard::test
