// SshdServer: a real OpenSSH sshd on a free 127.0.0.1 port, for tests.
//
// Runs /usr/sbin/sshd -D as the current user (root in CI) with throwaway
// keys made by ssh-keygen in its own temp dir: an ed25519 host key (and an
// ECDSA one it offers only when told to: OfferHostKeys), an
// authorized client key, a second client key that is NOT authorized, and a
// known_hosts file naming [127.0.0.1]:PORT. The sftp subsystem is a wrapper
// around /usr/lib/openssh/sftp-server -e -l INFO whose log (one line per
// open and per close with "bytes read N"; at DEBUG1, one per request) the
// test can read.
//
// Fault tools: Freeze()/Thaw() stop and continue the listener and every
// session process (a frozen server: connections are made, never answered);
// Stop() kills the listener and every session, Start() brings
// it back on the same port with the same host key. The destructor stops it
// and only it.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/paths.h"

namespace hoard::test {

struct SshdOptions {
  // Directory the tests mount; default: an empty "root" in the fixture dir.
  std::filesystem::path root;
  // When set, sftp-server runs as this (unprivileged) user, so file
  // permissions apply even though the test and sshd run as root.
  std::string sftp_user;
  // sftp-server's -l: DEBUG1 logs every request ("request 7: read ...").
  std::string sftp_log_level = "INFO";
};

class SshdServer {
 public:
  explicit SshdServer(SshdOptions options = {});
  ~SshdServer();
  SshdServer(const SshdServer&) = delete;
  SshdServer& operator=(const SshdServer&) = delete;

  // Starts (or restarts) sshd and waits until it accepts connections. False
  // with a test failure recorded when it does not come up.
  bool Start();
  void Stop();
  void Freeze();
  void Thaw();

  int port() const { return port_; }
  const std::string& user() const { return user_; }
  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path client_key() const { return dir_.path() / "client_key"; }
  std::filesystem::path wrong_key() const { return dir_.path() / "wrong_key"; }
  std::filesystem::path known_hosts() const { return dir_.path() / "known_hosts"; }
  // A known_hosts naming another ed25519 key for this server's [host]:port.
  std::filesystem::path changed_known_hosts() const { return dir_.path() / "changed_known_hosts"; }
  // The private host key of `type` ("ed25519" or "ecdsa"); ".pub" beside it.
  std::filesystem::path host_key(const std::string& type) const;
  // "[127.0.0.1]:PORT <type's public key>\n": its known_hosts line.
  std::string KnownHostsLine(const std::string& type) const;
  // The host key types sshd offers from its next Start() (default:
  // {"ed25519"}): a server that switches or adds key types.
  void OfferHostKeys(std::vector<std::string> types);
  // "user@127.0.0.1:<path>", path defaulting to root().
  std::string Remote(const std::string& path = "") const;
  std::string SftpLog() const;
  std::string SshdLog() const;

  // hoardfs options for this server: port, identity, known_hosts.
  std::vector<std::string> MountOptions() const;

 private:
  std::vector<pid_t> SessionProcesses() const;
  void WriteConfig();

  TempDir dir_;
  std::filesystem::path root_;
  std::string user_;
  int port_ = 0;
  std::vector<std::string> host_key_types_ = {"ed25519"};
  pid_t listener_ = -1;
};

}  // namespace hoard::test
