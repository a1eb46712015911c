// Non-blocking connect + poll, so "host unreachable" costs at most the
// deadline rather than the kernel's minutes of SYN retries. Keepalive and
// TCP_USER_TIMEOUT are set here because a dead peer that never ACKs must be
// noticed by the kernel: libssh2 keepalives alone only fill the send buffer.
#include "fs/sftp/tcp_connect.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace hoard::fs {
namespace {

void SetOption(int fd, int level, int name, int value) {
  // Best effort: a kernel without one of these still works, only noticing
  // dead links later.
  (void)setsockopt(fd, level, name, &value, sizeof(value));
}

void TuneSocket(int fd, const SshTarget& target) {
  SetOption(fd, IPPROTO_TCP, TCP_NODELAY, 1);
  SetOption(fd, SOL_SOCKET, SO_KEEPALIVE, 1);
  int idle = static_cast<int>(std::max<long>(1, target.keepalive.count() ? target.keepalive.count() : 15));
  SetOption(fd, IPPROTO_TCP, TCP_KEEPIDLE, idle);
  SetOption(fd, IPPROTO_TCP, TCP_KEEPINTVL, idle);
  SetOption(fd, IPPROTO_TCP, TCP_KEEPCNT, 3);
  SetOption(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, static_cast<int>(target.timeout.count() * 1000));
}

// Waits for the connect to finish; 0 or an errno.
int WaitConnected(int fd, Deadline deadline, const std::atomic<bool>* cancel) {
  for (;;) {
    if (cancel && cancel->load()) return ECANCELED;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return ETIMEDOUT;
    pollfd p{fd, POLLOUT, 0};
    int rc = poll(&p, 1, static_cast<int>(std::min<long>(left.count(), 200)));
    if (rc < 0 && errno != EINTR) return errno;
    if (rc > 0) {
      int error = 0;
      socklen_t len = sizeof(error);
      if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0) return errno;
      return error;
    }
  }
}

}  // namespace

Result<int> ConnectTcp(const SshTarget& target, Deadline deadline, const std::atomic<bool>* cancel) {
  std::string where = target.host + ":" + std::to_string(target.port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string port = std::to_string(target.port);
  int gai = getaddrinfo(target.host.c_str(), port.c_str(), &hints, &found);
  if (gai != 0) {
    return Status::Error(EHOSTUNREACH, "cannot resolve host " + target.host + ": " + gai_strerror(gai));
  }
  int last_error = EHOSTUNREACH;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      last_error = errno;
      continue;
    }
    TuneSocket(fd, target);
    int error = 0;
    if (connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      error = errno == EINPROGRESS ? WaitConnected(fd, deadline, cancel) : errno;
    }
    if (error == 0) {
      freeaddrinfo(found);
      return fd;
    }
    close(fd);
    last_error = error;
    if (error == ETIMEDOUT || error == ECANCELED) break;  // the deadline is spent
  }
  freeaddrinfo(found);
  switch (last_error) {
    case ECONNREFUSED:
      return Status::Error(ECONNREFUSED, "connection refused by " + where);
    case ETIMEDOUT:
      return Status::Error(ETIMEDOUT, "no answer from " + where + " within " +
                                          std::to_string(target.timeout.count()) + " s (host unreachable?)");
    case ECANCELED:
      return Status::Error(ECANCELED, "connect to " + where + " cancelled");
    default:
      return Status::Error(last_error, "cannot connect to " + where + ": " + std::strerror(last_error));
  }
}

}  // namespace hoard::fs
