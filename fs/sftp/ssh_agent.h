// A client of ssh-agent (the protocol of draft-miller-ssh-agent) whose every
// exchange ends by a deadline.
//
// libssh2's own agent client reads its socket blocking: an agent that
// accepts and never answers held a mount (and a background reconnect's pool
// slot) forever. Here the socket is non-blocking and every read and write
// waits in poll() for what is left until the deadline; answers are bounded
// in size, so a hostile agent cannot make us allocate without limit.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "fs/sftp/ssh_target.h"

namespace hoard::fs {

struct AgentIdentity {
  std::string blob;     // the public key, in SSH wire format
  std::string comment;  // as the agent names it (often the key file)
};

class SshAgent {
 public:
  // Connects to the agent's socket (a path, as in SSH_AUTH_SOCK).
  static Result<SshAgent> Connect(const std::string& socket_path, Deadline deadline);

  SshAgent(SshAgent&& other) noexcept;
  SshAgent& operator=(SshAgent&&) = delete;
  ~SshAgent();

  Result<std::vector<AgentIdentity>> ListIdentities(Deadline deadline);

  // The agent's signature, with the key `blob`, of `data`: the user
  // authentication request RFC 4252 section 7 signs, whose algorithm field
  // picks SHA-2 for an RSA key. Returns the signature blob alone, without
  // the algorithm name the agent puts in front of it: what libssh2's
  // publickey sign callback hands back.
  Result<std::string> SignUserAuth(const std::string& blob, std::string_view data, Deadline deadline);

 private:
  explicit SshAgent(int fd) : fd_(fd) {}
  // Sends one request, returns the answer's body (type byte first).
  Result<std::string> Exchange(const std::string& request, Deadline deadline);

  int fd_;
};

}  // namespace hoard::fs
