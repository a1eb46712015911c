// SshTarget: everything needed to open one SFTP session to the server, and
// the deadline arithmetic every remote call shares.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

namespace hoard::fs {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;

struct SshTarget {
  std::string host;
  int port = 22;
  std::string user;                     // never empty: resolved by the caller
  std::vector<std::string> identities;  // explicit identity= files, in order
  std::string known_hosts;              // never empty: resolved by the caller
  bool accept_new_host_key = false;
  std::chrono::seconds timeout{20};     // deadline of each remote operation
  std::chrono::seconds keepalive{15};   // 0: off
  // Cipher and MAC preference lists handed to libssh2 for both directions
  // (comma-separated, best first). See sftp_session.cpp for why these.
  std::string ciphers = "aes128-ctr,aes256-ctr,aes192-ctr";
  std::string macs = "hmac-sha2-256,hmac-sha1,hmac-sha2-512";
};

// The target for [user@]host as ssh resolves it: the local user when none is
// given, ~/.ssh/known_hosts when no file is named, every path absolute.
SshTarget ResolveSshTarget(const std::string& user, const std::string& host, int port,
                           const std::vector<std::string>& identities, const std::string& known_hosts);

// "[127.0.0.1]:2222" or "host" for port 22: how ssh and known_hosts name it.
std::string DisplayHost(const SshTarget& target);

}  // namespace hoard::fs
