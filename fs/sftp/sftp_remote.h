// SftpRemote: the RemoteSource that asks the server, over an SftpPool.
//
// Constructing one does not touch the network. Connect() makes the first
// connection and checks the remote path (exists, is a directory); its
// failure names the cause in one line (connection refused, host key, key
// refused, path missing, ...). Start() launches the background maintenance
// (more sessions, reconnects, keepalives) and must be called after any fork;
// it also works after a failed Connect(): the pool then keeps trying, and
// operations fail fast with a link error (ENOTCONN) until it succeeds. That
// is what an offline mount over the cache relies on.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "fs/remote/remote_source.h"
#include "fs/sftp/sftp_pool.h"

namespace hoard::fs {

class SftpRemote : public RemoteSource {
 public:
  // remote_path: as the user gave it (relative to the login directory, or
  // absolute; empty: the login directory).
  SftpRemote(SshTarget target, std::string remote_path, int connections);
  ~SftpRemote() override;

  Status Connect();
  void Start();

  Result<RemoteAttr> Stat(const std::string& path) override;
  Result<std::vector<DirEntry>> ListDir(const std::string& path, RemoteAttr* self = nullptr) override;
  Result<std::string> ReadLink(const std::string& path) override;
  Result<RemoteStatFs> StatFs() override;
  Result<std::unique_ptr<RemoteFile>> Open(const std::string& path) override;
  // OPEN only; the first read sends the FSTAT that confirms `expected`
  // together with its READs.
  Result<std::unique_ptr<RemoteFile>> OpenExpecting(const std::string& path, const RemoteAttr& expected) override;

 private:
  using ServerCall =
      std::function<Status(SftpSession& session, const std::string& server_path, int slot, Deadline deadline)>;
  // Runs `call` on a pooled session with the server-side path of `path`.
  Status OnServer(const std::string& path, const ServerCall& call);
  // The server-side path of `path` (absolute within the mount), resolving
  // and checking the root on the first call that reaches the server.
  Result<std::string> ServerPath(SftpSession& session, const std::string& path, Deadline deadline);

  std::string remote_path_;
  std::shared_ptr<SftpPool> pool_;
  std::mutex root_mutex_;
  std::optional<std::string> root_;  // absolute, no trailing slash except "/"
};

}  // namespace hoard::fs
