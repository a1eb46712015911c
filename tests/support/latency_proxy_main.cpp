// hoard-latency-proxy: a TCP forwarder that makes loopback look like a WAN
// link, for the WAN benchmark (scripts/bench/fs-wan) and tests (issue 15).
//
//   hoard-latency-proxy --listen 127.0.0.1:PORT|0 --to 127.0.0.1:PORT --rtt-ms N
//                       [--mbit M] [--port-file FILE]
//
// netem is not available on these kernels (`tc qdisc ... netem` says
// "unknown qdisc"), so the delay is made in user space: every connection
// accepted on --listen is forwarded to --to, and every byte, in both
// directions, is held for RTT/2 from the moment the proxy read it (a queue of
// timestamped chunks per direction, order preserved) before it is written on.
// With --mbit each direction is also paced at M Mbit/s, shared by all
// connections in that direction as one link would be: a chunk leaves once the
// link has sent what was queued before it, then takes RTT/2 to arrive. The
// proxy stops reading from a sender while that link has more than 20 ms of
// backlog, so TCP's flow control holds senders back instead of the proxy
// buffering without bound. A half-close (FIN) or close is passed on after
// the data queued before it; a reset or a write error drops both sides.
//
// Not modelled: the TCP handshake (connect() returns at once, so a new
// connection costs one round trip less than on a real link), loss, jitter.
// SIGSTOP freezes the link (queued bytes wait, nothing is read or sent),
// SIGCONT thaws it; SIGTERM or SIGINT closes everything and exits 0. With
// --port-file FILE the bound port is written to FILE ("PORT\n", atomically)
// once the proxy listens, for --listen 127.0.0.1:0.
// Single-threaded, ppoll() over non-blocking sockets; standard library and
// POSIX only.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using Nanos = std::chrono::nanoseconds;

constexpr std::size_t kReadSize = 256 * 1024;
// Paced chunks are at most this big, so a chunk's serialization time stays
// small (16 ms at 8 Mbit/s) and the receiver sees a steady stream.
constexpr std::size_t kPacedChunk = 16 * 1024;
// Bytes one direction of one connection may hold before the proxy stops
// reading from its sender (memory bound; at 20 ms one way it allows 1.6 GB/s).
constexpr std::size_t kMaxQueued = 32u << 20;
// A paced link's backlog above which no sender in that direction is read.
constexpr Nanos kMaxBacklog = std::chrono::milliseconds(20);
constexpr int kSocketBuffer = 4 << 20;

volatile sig_atomic_t g_stop = 0;
void OnStopSignal(int) { g_stop = 1; }

// One direction's link: its one-way delay and optional rate, shared by all
// connections.
struct Link {
  Nanos delay{0};
  double bytes_per_ns = 0;  // 0: unlimited
  Clock::time_point free_at{};  // when the link has sent everything queued

  Nanos Backlog(Clock::time_point now) const { return free_at > now ? free_at - now : Nanos{0}; }
};

struct Chunk {
  Clock::time_point due;
  std::string data;  // empty with eof
  std::size_t offset = 0;
  bool eof = false;
};

// One direction of one connection: bytes read from `from`, written to `to`.
struct Flow {
  int from = -1, to = -1;
  Link* link = nullptr;
  std::deque<Chunk> queue;
  std::size_t queued = 0;   // bytes in queue not yet written
  bool read_eof = false;    // `from` said EOF (queued as an eof chunk)
  bool eof_sent = false;    // shutdown(to, SHUT_WR) done
  bool blocked = false;     // the last write to `to` would have blocked

  void Push(Clock::time_point now, const char* data, std::size_t n, bool eof) {
    if (link->bytes_per_ns <= 0 || eof) {
      queue.push_back(Chunk{now + link->delay, eof ? std::string() : std::string(data, n), 0, eof});
      queued += n;
      return;
    }
    for (std::size_t at = 0; at < n; at += kPacedChunk) {
      std::size_t size = std::min(kPacedChunk, n - at);
      Clock::time_point start = std::max(now, link->free_at);
      link->free_at = start + Nanos(static_cast<long long>(static_cast<double>(size) / link->bytes_per_ns));
      queue.push_back(Chunk{link->free_at + link->delay, std::string(data + at, size), 0, false});
      queued += size;
    }
  }
  bool WantsRead(Clock::time_point now) const {
    return !read_eof && queued < kMaxQueued && (link->bytes_per_ns <= 0 || link->Backlog(now) <= kMaxBacklog);
  }
};

struct Connection {
  int client = -1, server = -1;
  bool connecting = true;  // the connect() to the server is in progress
  bool dead = false;
  Flow up, down;  // client -> server, server -> client

  ~Connection() {
    if (client >= 0) close(client);
    if (server >= 0) close(server);
  }
  bool Done() const { return dead || (up.eof_sent && down.eof_sent); }
};

[[noreturn]] void Usage(const char* why) {
  std::fprintf(stderr,
               "hoard-latency-proxy: %s\n"
               "usage: hoard-latency-proxy --listen HOST:PORT|0 --to HOST:PORT --rtt-ms N [--mbit M] "
               "[--port-file FILE]\n",
               why);
  std::exit(2);
}

std::optional<sockaddr_in> ParseAddress(const std::string& text) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  if (inet_pton(AF_INET, text.substr(0, colon).c_str(), &addr.sin_addr) != 1) return std::nullopt;
  char* end = nullptr;
  std::string port = text.substr(colon + 1);
  long value = std::strtol(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || value < 0 || value > 65535) return std::nullopt;
  addr.sin_port = htons(static_cast<uint16_t>(value));
  return addr;
}

double ParseNumber(const std::string& text, const char* what) {
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(value >= 0)) Usage((std::string(what) + " needs a number >= 0").c_str());
  return value;
}

void Tune(int fd) {
  for (int option : {SO_RCVBUF, SO_SNDBUF}) setsockopt(fd, SOL_SOCKET, option, &kSocketBuffer, sizeof kSocketBuffer);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

// Reads what `flow.from` has (one read), queuing it; false on a reset.
bool ReadInto(Flow& flow, Clock::time_point now, std::vector<char>& buffer) {
  ssize_t n = read(flow.from, buffer.data(), buffer.size());
  if (n > 0) {
    flow.Push(now, buffer.data(), static_cast<std::size_t>(n), false);
  } else if (n == 0) {
    flow.read_eof = true;
    flow.Push(now, nullptr, 0, true);
  } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
    return false;
  }
  return true;
}

// Writes every chunk that is due; false on a write error.
bool WriteDue(Flow& flow, Clock::time_point now) {
  while (!flow.queue.empty() && !flow.blocked && flow.queue.front().due <= now) {
    Chunk& chunk = flow.queue.front();
    if (chunk.eof) {
      shutdown(flow.to, SHUT_WR);
      flow.eof_sent = true;
      flow.queue.pop_front();
      continue;
    }
    ssize_t n = send(flow.to, chunk.data.data() + chunk.offset, chunk.data.size() - chunk.offset, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        flow.blocked = true;
        break;
      }
      if (errno == EINTR) continue;
      return false;
    }
    chunk.offset += static_cast<std::size_t>(n);
    flow.queued -= static_cast<std::size_t>(n);
    if (chunk.offset == chunk.data.size()) flow.queue.pop_front();
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<sockaddr_in> listen_at, target;
  std::optional<double> rtt_ms;
  double mbit = 0;
  std::string port_file;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (i + 1 >= argc) Usage(("missing value after " + arg).c_str());
    std::string value = argv[++i];
    if (arg == "--listen") {
      if (!(listen_at = ParseAddress(value))) Usage("--listen needs IPV4:PORT");
    } else if (arg == "--to") {
      if (!(target = ParseAddress(value))) Usage("--to needs IPV4:PORT");
    } else if (arg == "--rtt-ms") {
      rtt_ms = ParseNumber(value, "--rtt-ms");
    } else if (arg == "--mbit") {
      mbit = ParseNumber(value, "--mbit");
    } else if (arg == "--port-file") {
      port_file = value;
    } else {
      Usage(("unknown argument " + arg).c_str());
    }
  }
  if (!listen_at || !target || !rtt_ms) Usage("--listen, --to and --rtt-ms are required");

  Link up_link, down_link;
  for (Link* link : {&up_link, &down_link}) {
    link->delay = Nanos(static_cast<long long>(*rtt_ms * 1e6 / 2));
    link->bytes_per_ns = mbit * 1e6 / 8 / 1e9;
  }

  // SIGTERM/SIGINT only get through while in ppoll(), so none is missed.
  sigset_t stop_signals, wait_mask;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  sigprocmask(SIG_BLOCK, &stop_signals, &wait_mask);
  sigdelset(&wait_mask, SIGTERM);
  sigdelset(&wait_mask, SIGINT);
  struct sigaction action{};
  action.sa_handler = OnStopSignal;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
  signal(SIGPIPE, SIG_IGN);

  int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (listener < 0 || bind(listener, reinterpret_cast<sockaddr*>(&*listen_at), sizeof *listen_at) != 0 ||
      listen(listener, 128) != 0) {
    std::fprintf(stderr, "hoard-latency-proxy: cannot listen: %s\n", std::strerror(errno));
    return 1;
  }
  if (!port_file.empty()) {
    sockaddr_in bound{};
    socklen_t len = sizeof bound;
    getsockname(listener, reinterpret_cast<sockaddr*>(&bound), &len);
    std::string tmp = port_file + ".tmp";
    {
      std::ofstream out(tmp);
      out << ntohs(bound.sin_port) << "\n";
    }
    if (std::rename(tmp.c_str(), port_file.c_str()) != 0) {
      std::fprintf(stderr, "hoard-latency-proxy: cannot write %s: %s\n", port_file.c_str(), std::strerror(errno));
      return 1;
    }
  }

  std::vector<std::unique_ptr<Connection>> connections;
  std::vector<char> buffer(kReadSize);
  std::vector<pollfd> fds;
  while (!g_stop) {
    Clock::time_point now = Clock::now();
    // Write what is due, drop finished connections, and find the next deadline.
    std::optional<Clock::time_point> wake;
    auto wake_at = [&](Clock::time_point t) { wake = wake ? std::min(*wake, t) : t; };
    for (auto& c : connections) {
      if (c->dead || c->connecting) continue;
      for (Flow* flow : {&c->up, &c->down}) {
        if (!WriteDue(*flow, now)) c->dead = true;
      }
    }
    std::erase_if(connections, [](const std::unique_ptr<Connection>& c) { return c->Done(); });

    fds.clear();
    fds.push_back(pollfd{listener, POLLIN, 0});
    for (auto& c : connections) {
      for (Flow* flow : {&c->up, &c->down}) {
        if (!c->connecting && !flow->blocked && !flow->queue.empty()) wake_at(flow->queue.front().due);
        // A sender held back by its link's backlog is read again once the backlog is down.
        if (!flow->read_eof && flow->link->bytes_per_ns > 0 && flow->link->Backlog(now) > kMaxBacklog) {
          wake_at(flow->link->free_at - kMaxBacklog);
        }
      }
      auto events = [&](int fd, const Flow& reading, const Flow& writing) {
        // Until the server has accepted, only its connect() is waited for.
        if (c->connecting) return static_cast<short>(fd == c->server ? POLLOUT : 0);
        short e = 0;
        if (reading.WantsRead(now)) e |= POLLIN;
        if (writing.blocked) e |= POLLOUT;
        return e;
      };
      // A socket nothing is wanted from is left out (fd -1): one the peer
      // has hung up would otherwise report POLLHUP at once, again and again.
      for (auto [fd, reading, writing] : {std::tuple{c->client, &c->up, &c->down}, std::tuple{c->server, &c->down, &c->up}}) {
        short e = events(fd, *reading, *writing);
        fds.push_back(pollfd{e ? fd : -1, e, 0});
      }
    }
    timespec timeout{};
    timespec* timeout_ptr = nullptr;
    if (wake) {
      long long ns = std::max<long long>(0, std::chrono::duration_cast<Nanos>(*wake - now).count());
      timeout.tv_sec = static_cast<time_t>(ns / 1000000000);
      timeout.tv_nsec = static_cast<long>(ns % 1000000000);
      timeout_ptr = &timeout;
    }
    int ready = ppoll(fds.data(), fds.size(), timeout_ptr, &wait_mask);
    if (ready < 0) {
      if (errno == EINTR) continue;
      std::fprintf(stderr, "hoard-latency-proxy: poll: %s\n", std::strerror(errno));
      return 1;
    }
    now = Clock::now();

    // fds[1 + 2i] and fds[2 + 2i] are connection i's client and server.
    for (std::size_t i = 0; i < connections.size(); ++i) {
      Connection& c = *connections[i];
      const pollfd& client = fds[1 + 2 * i];
      const pollfd& server = fds[2 + 2 * i];
      if (c.connecting && (server.revents & (POLLOUT | POLLERR | POLLHUP))) {
        int error = 0;
        socklen_t len = sizeof error;
        getsockopt(c.server, SOL_SOCKET, SO_ERROR, &error, &len);
        if (error != 0) {
          c.dead = true;
          continue;
        }
        c.connecting = false;
      }
      if (c.connecting) continue;
      for (auto [pfd, reading, writing] : {std::tuple{&client, &c.up, &c.down}, std::tuple{&server, &c.down, &c.up}}) {
        if (pfd->revents & POLLOUT) writing->blocked = false;
        if ((pfd->revents & (POLLIN | POLLHUP | POLLERR)) && reading->WantsRead(now)) {
          if (!ReadInto(*reading, now, buffer)) c.dead = true;
        } else if ((pfd->revents & POLLERR) && !(pfd->events & POLLIN)) {
          c.dead = true;  // a reset while not reading: poll would report it forever
        }
      }
    }

    if (fds[0].revents & POLLIN) {
      for (;;) {
        int client = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (client < 0) break;
        auto c = std::make_unique<Connection>();
        c->client = client;
        c->server = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (c->server < 0) continue;
        Tune(c->client);
        Tune(c->server);
        c->up.from = c->down.to = c->client;
        c->up.to = c->down.from = c->server;
        c->up.link = &up_link;
        c->down.link = &down_link;
        int rc = connect(c->server, reinterpret_cast<sockaddr*>(&*target), sizeof *target);
        if (rc == 0) {
          c->connecting = false;
        } else if (errno != EINPROGRESS) {
          continue;  // the client sees its connection closed
        }
        connections.push_back(std::move(c));
      }
    }
  }
  return 0;
}
