#include "fs/sftp/sftp_remote.h"

#include <sys/stat.h>

#include <cerrno>

#include "fs/sftp/sftp_file.h"

namespace hoard::fs {

SftpRemote::SftpRemote(SshTarget target, std::string remote_path, int connections)
    : remote_path_(std::move(remote_path)), pool_(std::make_shared<SftpPool>(std::move(target), connections)) {}

SftpRemote::~SftpRemote() = default;

Status SftpRemote::Connect() {
  HOARD_RETURN_IF_ERROR(pool_->Connect());
  return OnServer("/", [](SftpSession&, const std::string&, int, Deadline) { return Status::Ok(); });
}

void SftpRemote::Start() { pool_->Start(); }

Result<std::string> SftpRemote::ServerPath(SftpSession& session, const std::string& path, Deadline deadline) {
  std::lock_guard lock(root_mutex_);
  if (!root_) {
    std::string where = pool_->target().host + ":" + remote_path_;
    Result<std::string> root = session.RealPath(remote_path_.empty() ? "." : remote_path_, deadline);
    if (!root.ok()) {
      if (root.status().code() == ENOENT) {
        return Status::Error(ENOENT, "remote path " + where + " does not exist");
      }
      return root.status();
    }
    Result<RemoteAttr> attr = session.Lstat(*root, deadline);
    if (!attr.ok()) {
      if (attr.status().code() == ENOENT) return Status::Error(ENOENT, "remote path " + where + " does not exist");
      return attr.status();
    }
    if (S_ISLNK(attr->mode)) {
      // realpath resolved the links already; a link here means a dangling one.
      return Status::Error(ENOENT, "remote path " + where + " is a dangling symlink");
    }
    if (!S_ISDIR(attr->mode)) return Status::Error(ENOTDIR, "remote path " + where + " is not a directory");
    std::string resolved = *root;
    while (resolved.size() > 1 && resolved.back() == '/') resolved.pop_back();
    root_ = resolved;
  }
  if (path == "/") return *root_;
  return (*root_ == "/" ? std::string() : *root_) + path;
}

Status SftpRemote::OnServer(const std::string& path, const ServerCall& call) {
  int hint = -1;
  return pool_->Run(&hint, [&](SftpSession& session, int slot, Deadline deadline) -> Status {
    Result<std::string> server_path = ServerPath(session, path, deadline);
    if (!server_path.ok()) return server_path.status();
    return call(session, *server_path, slot, deadline);
  });
}

namespace {

// Moves a Result's value into `out` and passes its status on.
template <typename T>
Status Keep(Result<T> result, std::optional<T>& out) {
  if (!result.ok()) return result.status();
  out = std::move(result).value();
  return Status::Ok();
}

template <typename T>
Result<T> Take(Status status, std::optional<T>& value) {
  if (!status.ok()) return status;
  return std::move(*value);
}

}  // namespace

Result<RemoteAttr> SftpRemote::Stat(const std::string& path) {
  std::optional<RemoteAttr> out;
  Status status = OnServer(path, [&](SftpSession& session, const std::string& server_path, int, Deadline deadline) {
    return Keep(session.Lstat(server_path, deadline), out);
  });
  return Take(status, out);
}

Result<std::vector<DirEntry>> SftpRemote::ListDir(const std::string& path, RemoteAttr* self) {
  std::optional<std::vector<DirEntry>> out;
  Status status = OnServer(path, [&](SftpSession& session, const std::string& server_path, int, Deadline deadline) {
    return Keep(session.ListDir(server_path, deadline, self), out);
  });
  return Take(status, out);
}

Result<std::string> SftpRemote::ReadLink(const std::string& path) {
  std::optional<std::string> out;
  Status status = OnServer(path, [&](SftpSession& session, const std::string& server_path, int, Deadline deadline) {
    return Keep(session.ReadLink(server_path, deadline), out);
  });
  return Take(status, out);
}

Result<RemoteStatFs> SftpRemote::StatFs() {
  std::optional<RemoteStatFs> out;
  Status status = OnServer("/", [&](SftpSession& session, const std::string& server_path, int, Deadline deadline) {
    return Keep(session.StatVfs(server_path, deadline), out);
  });
  return Take(status, out);
}

Result<std::unique_ptr<RemoteFile>> SftpRemote::Open(const std::string& path) {
  std::optional<std::unique_ptr<RemoteFile>> out;
  Status status = OnServer(path, [&](SftpSession& session, const std::string& server_path, int slot,
                                     Deadline deadline) -> Status {
    RemoteAttr attr;
    Result<SftpSession::File> file = session.OpenFile(server_path, &attr, deadline);
    if (!file.ok()) return file.status();
    out = std::make_unique<SftpFile>(pool_, server_path, attr, slot, session.id(), *file, /*confirmed=*/true);
    return Status::Ok();
  });
  return Take(status, out);
}

Result<std::unique_ptr<RemoteFile>> SftpRemote::OpenExpecting(const std::string& path, const RemoteAttr& expected) {
  std::optional<std::unique_ptr<RemoteFile>> out;
  Status status = OnServer(path, [&](SftpSession& session, const std::string& server_path, int slot,
                                     Deadline deadline) -> Status {
    Result<SftpSession::File> file = session.OpenFileUnconfirmed(server_path, deadline);
    if (!file.ok()) return file.status();
    out = std::make_unique<SftpFile>(pool_, server_path, expected, slot, session.id(), *file, /*confirmed=*/false);
    return Status::Ok();
  });
  return Take(status, out);
}

}  // namespace hoard::fs
