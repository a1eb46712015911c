#include "fs/sftp/ssh_agent.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace hoard::fs {
namespace {

constexpr unsigned char kFailure = 5;
constexpr unsigned char kRequestIdentities = 11;
constexpr unsigned char kIdentitiesAnswer = 12;
constexpr unsigned char kSignRequest = 13;
constexpr unsigned char kSignResponse = 14;
constexpr std::uint32_t kRsaSha2_256 = 2;
constexpr std::uint32_t kRsaSha2_512 = 4;
// OpenSSH's agent refuses messages over 256 KiB; no honest answer is larger.
constexpr std::uint32_t kMaxMessage = 256 * 1024;

void PutU32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xff);
}

void PutString(std::string& out, std::string_view text) {
  PutU32(out, static_cast<std::uint32_t>(text.size()));
  out += text;
}

// Reads SSH wire fields off the front of a message; false once it runs out.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool U32(std::uint32_t& value) {
    if (data_.size() < 4) return false;
    value = 0;
    for (int i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(data_[i]);
    data_.remove_prefix(4);
    return true;
  }
  bool Byte() {
    if (data_.empty()) return false;
    data_.remove_prefix(1);
    return true;
  }
  bool String(std::string_view& text) {
    std::uint32_t length = 0;
    if (!U32(length) || length > data_.size()) return false;
    text = data_.substr(0, length);
    data_.remove_prefix(length);
    return true;
  }

 private:
  std::string_view data_;
};

// Waits until `fd` is ready for `events` or the deadline passes.
Status WaitFor(int fd, short events, Deadline deadline, const char* what) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return Status::Error(ETIMEDOUT, std::string("ssh-agent did not ") + what + " in time");
    pollfd p{fd, events, 0};
    int rc = poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (rc > 0) return Status::Ok();
    if (rc < 0 && errno != EINTR) return Status::Error(errno, "ssh-agent: poll failed");
  }
}

Status Protocol(const std::string& what) { return Status::Error(EPROTO, "ssh-agent: " + what); }

}  // namespace

Result<SshAgent> SshAgent::Connect(const std::string& socket_path, Deadline deadline) {
  sockaddr_un address{};
  if (socket_path.size() >= sizeof address.sun_path) return Protocol("socket path too long: " + socket_path);
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::Error(errno, "ssh-agent: cannot create a socket");
  SshAgent agent(fd);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    int error = errno;
    if (error != EINPROGRESS && error != EAGAIN) {
      return Status::Error(error, "cannot reach ssh-agent at " + socket_path + ": " + std::strerror(error));
    }
    HOARD_RETURN_IF_ERROR(WaitFor(fd, POLLOUT, deadline, "accept the connection"));
    int pending = 0;
    socklen_t length = sizeof pending;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &pending, &length);
    if (pending != 0) {
      return Status::Error(pending, "cannot reach ssh-agent at " + socket_path + ": " + std::strerror(pending));
    }
  }
  return agent;
}

SshAgent::SshAgent(SshAgent&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

SshAgent::~SshAgent() {
  if (fd_ >= 0) close(fd_);
}

Result<std::string> SshAgent::Exchange(const std::string& request, Deadline deadline) {
  std::string message;
  PutString(message, request);
  std::size_t sent = 0;
  while (sent < message.size()) {
    ssize_t n = send(fd_, message.data() + sent, message.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      HOARD_RETURN_IF_ERROR(WaitFor(fd_, POLLOUT, deadline, "take the request"));
    } else {
      return Status::Error(n < 0 ? errno : EPIPE, "ssh-agent closed the connection");
    }
  }
  std::string answer;
  std::size_t wanted = 4;
  bool have_length = false;
  while (answer.size() < wanted) {
    char buffer[4096];
    ssize_t n = recv(fd_, buffer, std::min(sizeof buffer, wanted - answer.size()), 0);
    if (n > 0) {
      answer.append(buffer, static_cast<std::size_t>(n));
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      HOARD_RETURN_IF_ERROR(WaitFor(fd_, POLLIN, deadline, "answer"));
    } else {
      return Status::Error(n < 0 ? errno : ECONNRESET, "ssh-agent closed the connection");
    }
    if (!have_length && answer.size() == 4) {
      std::uint32_t length = 0;
      Reader(answer).U32(length);
      if (length == 0 || length > kMaxMessage) return Protocol("answer of " + std::to_string(length) + " bytes");
      wanted = 4 + length;
      have_length = true;
    }
  }
  return answer.substr(4);
}

Result<std::vector<AgentIdentity>> SshAgent::ListIdentities(Deadline deadline) {
  Result<std::string> answer = Exchange(std::string(1, static_cast<char>(kRequestIdentities)), deadline);
  if (!answer.ok()) return answer.status();
  if (static_cast<unsigned char>((*answer)[0]) != kIdentitiesAnswer) return Protocol("refused to list its keys");
  Reader reader(std::string_view(*answer).substr(1));
  std::uint32_t count = 0;
  if (!reader.U32(count)) return Protocol("truncated key list");
  std::vector<AgentIdentity> identities;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::string_view blob, comment;
    if (!reader.String(blob) || !reader.String(comment)) return Protocol("truncated key list");
    identities.push_back({std::string(blob), std::string(comment)});
  }
  return identities;
}

Result<std::string> SshAgent::SignUserAuth(const std::string& blob, std::string_view data, Deadline deadline) {
  // string session id, byte 50, string user, string service, string
  // "publickey", bool, string algorithm, ...: an RSA key is asked for the
  // SHA-2 signature the algorithm names (RFC 8332), else the agent gives
  // SHA-1. (libssh2 1.10, Debian 12's, always names ssh-rsa, which OpenSSH
  // 8.8 and later refuse: RSA keys need a later libssh2.)
  Reader fields(data);
  std::string_view skipped, algorithm;
  std::uint32_t flags = 0;
  if (fields.String(skipped) && fields.Byte() && fields.String(skipped) && fields.String(skipped) &&
      fields.String(skipped) && fields.Byte() && fields.String(algorithm)) {
    if (algorithm == "rsa-sha2-256") flags = kRsaSha2_256;
    if (algorithm == "rsa-sha2-512") flags = kRsaSha2_512;
  }
  std::string request(1, static_cast<char>(kSignRequest));
  PutString(request, blob);
  PutString(request, data);
  PutU32(request, flags);
  Result<std::string> answer = Exchange(request, deadline);
  if (!answer.ok()) return answer.status();
  unsigned char type = static_cast<unsigned char>((*answer)[0]);
  if (type == kFailure) return Status::Error(EACCES, "ssh-agent refused to sign");
  if (type != kSignResponse) return Protocol("unexpected answer to a signing request");
  Reader outer(std::string_view(*answer).substr(1));
  std::string_view signature, name, raw;
  if (!outer.String(signature)) return Protocol("truncated signature");
  Reader inner(signature);
  if (!inner.String(name) || !inner.String(raw)) return Protocol("malformed signature");
  return std::string(raw);
}

}  // namespace hoard::fs
