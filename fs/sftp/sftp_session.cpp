// One SSH + SFTP connection. The interesting parts are the edges: every call
// is non-blocking under the operation's deadline (ssh_io.h), and every
// failure is sorted into "the server answered about the file" (session
// stays) or "the link is gone or too slow" (session is broken and dropped by
// the pool, which reconnects in the background).
//
// Reads rely on libssh2's own request queue: libssh2_sftp_read() keeps up to
// four times the caller's buffer of 30000-byte READ requests in flight on
// the handle, so a 1 MiB FUSE read has ~140 requests outstanding. That queue
// is thrown away by a seek, so we only seek when the kernel asks for a
// different offset than where the handle's queue continues.
#include "fs/sftp/sftp_session.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>

#include <spdlog/spdlog.h>

#include "fs/sftp/ssh_auth.h"
#include "fs/sftp/ssh_host_key.h"
#include "fs/sftp/tcp_connect.h"

namespace hoard::fs {
namespace {

std::atomic<std::uint64_t> next_session_id{1};

void InitLibssh2Once() {
  static std::once_flag once;
  std::call_once(once, [] { libssh2_init(0); });
}

int ErrnoFromSftpStatus(unsigned long fx) {
  switch (fx) {
    case LIBSSH2_FX_EOF: return 0;
    case LIBSSH2_FX_NO_SUCH_FILE:
    case LIBSSH2_FX_NO_SUCH_PATH: return ENOENT;
    case LIBSSH2_FX_PERMISSION_DENIED: return EACCES;
    case LIBSSH2_FX_BAD_MESSAGE: return EINVAL;
    case LIBSSH2_FX_OP_UNSUPPORTED: return ENOTSUP;
    case LIBSSH2_FX_INVALID_HANDLE: return EBADF;
    case LIBSSH2_FX_FILE_ALREADY_EXISTS: return EEXIST;
    case LIBSSH2_FX_WRITE_PROTECT: return EROFS;
    case LIBSSH2_FX_NO_SPACE_ON_FILESYSTEM: return ENOSPC;
    case LIBSSH2_FX_QUOTA_EXCEEDED: return EDQUOT;
    case LIBSSH2_FX_DIR_NOT_EMPTY: return ENOTEMPTY;
    case LIBSSH2_FX_NOT_A_DIRECTORY: return ENOTDIR;
    case LIBSSH2_FX_INVALID_FILENAME: return EINVAL;
    case LIBSSH2_FX_LINK_LOOP: return ELOOP;
    default: return EIO;
  }
}

RemoteAttr FromSftp(const LIBSSH2_SFTP_ATTRIBUTES& a) {
  RemoteAttr attr;
  if (a.flags & LIBSSH2_SFTP_ATTR_PERMISSIONS) attr.mode = static_cast<mode_t>(a.permissions);
  if (a.flags & LIBSSH2_SFTP_ATTR_SIZE) attr.size = a.filesize;
  if (a.flags & LIBSSH2_SFTP_ATTR_ACMODTIME) {
    attr.mtime = static_cast<std::int64_t>(a.mtime);
    attr.atime = static_cast<std::int64_t>(a.atime);
  }
  if (a.flags & LIBSSH2_SFTP_ATTR_UIDGID) {
    attr.uid = static_cast<std::uint32_t>(a.uid);
    attr.gid = static_cast<std::uint32_t>(a.gid);
  }
  return attr;
}

unsigned Length(const std::string& s) { return static_cast<unsigned>(s.size()); }

}  // namespace

SftpSession::SftpSession(const SshTarget& target, const std::atomic<bool>* cancel)
    : target_(target), id_(next_session_id++), cancel_(cancel), io_(nullptr, -1, cancel) {}

Result<std::unique_ptr<SftpSession>> SftpSession::Connect(const SshTarget& target, bool interactive,
                                                          const std::atomic<bool>* cancel) {
  InitLibssh2Once();
  Deadline deadline = Clock::now() + target.timeout;
  std::unique_ptr<SftpSession> session(new SftpSession(target, cancel));
  Result<int> fd = ConnectTcp(target, deadline, cancel);
  if (!fd.ok()) return fd.status();
  session->fd_ = *fd;
  Status started = session->Start(interactive, deadline);
  if (!started.ok()) {
    session->broken_ = true;  // no goodbye on a half-open session
    return started;
  }
  return session;
}

Status SftpSession::Start(bool interactive, Deadline deadline) {
  session_ = libssh2_session_init();
  if (session_ == nullptr) return Status::Error(ENOMEM, "cannot create an SSH session");
  io_ = SshIo(session_, fd_, cancel_);
  libssh2_session_set_blocking(session_, 0);
  // Ciphers and MACs libssh2 and the server both lack are skipped by
  // libssh2; a list with none left fails here, not silently later.
  if (!target_.ciphers.empty()) {
    libssh2_session_method_pref(session_, LIBSSH2_METHOD_CRYPT_CS, target_.ciphers.c_str());
    libssh2_session_method_pref(session_, LIBSSH2_METHOD_CRYPT_SC, target_.ciphers.c_str());
  }
  if (!target_.macs.empty()) {
    libssh2_session_method_pref(session_, LIBSSH2_METHOD_MAC_CS, target_.macs.c_str());
    libssh2_session_method_pref(session_, LIBSSH2_METHOD_MAC_SC, target_.macs.c_str());
  }
  Result<KnownHostsFile> known = ReadKnownHosts(target_.known_hosts);
  if (!known.ok()) return known.status();
  PreferRecordedHostKeys(session_, target_, *known);
  std::string where = DisplayHost(target_);
  Result<int> rc = io_.Drive(deadline, [&] { return libssh2_session_handshake(session_, fd_); });
  if (!rc.ok()) {
    if (rc.status().code() == ETIMEDOUT) {
      return Status::Error(ETIMEDOUT, "no SSH answer from " + where + " within " +
                                          std::to_string(target_.timeout.count()) + " s");
    }
    return rc.status();
  }
  if (*rc != 0) {
    return Status::Error(EPROTO, "SSH handshake with " + where + " failed (not an SSH server?): " + io_.LastError());
  }
  spdlog::debug("{}: SSH handshake done ({}, {})", where, libssh2_session_methods(session_, LIBSSH2_METHOD_CRYPT_SC),
                libssh2_session_methods(session_, LIBSSH2_METHOD_MAC_SC));
  HOARD_RETURN_IF_ERROR(CheckHostKey(session_, target_, *known));
  HOARD_RETURN_IF_ERROR(Authenticate(io_, target_, interactive, deadline));
  spdlog::debug("{}: authenticated as {}", where, target_.user);
  Result<LIBSSH2_SFTP*> sftp = io_.DrivePointer(deadline, [&] { return libssh2_sftp_init(session_); });
  if (!sftp.ok()) return sftp.status();
  if (*sftp == nullptr) {
    return Status::Error(EPROTO, "the server at " + where + " refused the SFTP subsystem: " + io_.LastError());
  }
  sftp_ = *sftp;
  spdlog::debug("{}: SFTP session started", where);
  // want_reply=0: the server stays silent, so an idle session accumulates no
  // replies; a dead peer shows as unacknowledged data (TCP_USER_TIMEOUT).
  if (target_.keepalive.count() > 0) {
    libssh2_keepalive_config(session_, 0, static_cast<unsigned>(target_.keepalive.count()));
  }
  return Status::Ok();
}

SftpSession::~SftpSession() {
  if (session_ != nullptr && !broken_) {
    // A healthy session says goodbye: one packet, no reply awaited (closing
    // the SFTP channel first would wait for the server per session, making
    // an unmount take seconds).
    Deadline soon = Clock::now() + std::chrono::seconds(1);
    // One last round trip first: the server answers in order, so waiting for
    // it consumes the answers to read-ahead requests abandoned by seeks and
    // closes, which libssh2 1.10 otherwise never frees.
    // The closes sent meanwhile are answered by then, and collected.
    if (sftp_ != nullptr) {
      (void)RealPath(".", soon);
      if (!broken_) CollectCloses();
    }
    if (!broken_) {
      (void)io_.Drive(soon, [&] { return libssh2_session_disconnect(session_, "hoardfs unmounted"); });
    }
  }
  if (fd_ >= 0) shutdown(fd_, SHUT_RDWR);  // every further libssh2 send fails at once
  if (sftp_ != nullptr) libssh2_sftp_shutdown(sftp_);
  if (session_ != nullptr) libssh2_session_free(session_);
  if (fd_ >= 0) close(fd_);
}

Status SftpSession::Broken(Status status) {
  broken_ = true;
  return status;
}

Status SftpSession::Failure(int rc, const std::string& what, const std::string& path) {
  if (rc == LIBSSH2_ERROR_SFTP_PROTOCOL) {
    unsigned long fx = libssh2_sftp_last_error(sftp_);
    int code = ErrnoFromSftpStatus(fx);
    return Status::Error(code == 0 ? EIO : code, what + " " + path + ": " + std::strerror(code == 0 ? EIO : code));
  }
  return Broken(Status::Error(ECONNRESET, "connection to " + DisplayHost(target_) + " lost during " + what + " (" +
                                              io_.LastError() + ")"));
}

void SftpSession::CollectCloses() {
  std::erase_if(closing_, [](LIBSSH2_SFTP_HANDLE* handle) {
    // Anything but EAGAIN has freed the handle (an error too: a broken link
    // shows in the next call, which the pool then drops).
    return libssh2_sftp_close_handle(handle) != LIBSSH2_ERROR_EAGAIN;
  });
}

Result<std::string> SftpSession::RealPath(const std::string& path, Deadline deadline) {
  CollectCloses();
  std::string buffer(4096, '\0');
  Result<int> rc = io_.Drive(deadline, [&] {
    return libssh2_sftp_symlink_ex(sftp_, path.data(), Length(path), buffer.data(), Length(buffer),
                                   LIBSSH2_SFTP_REALPATH);
  });
  if (!rc.ok()) return Broken(rc.status());
  if (*rc < 0) return Failure(*rc, "realpath", path);
  buffer.resize(static_cast<std::size_t>(*rc));
  return buffer;
}

Result<RemoteAttr> SftpSession::Lstat(const std::string& path, Deadline deadline) {
  CollectCloses();
  LIBSSH2_SFTP_ATTRIBUTES attrs{};
  Result<int> rc = io_.Drive(deadline, [&] {
    return libssh2_sftp_stat_ex(sftp_, path.data(), Length(path), LIBSSH2_SFTP_LSTAT, &attrs);
  });
  if (!rc.ok()) return Broken(rc.status());
  if (*rc < 0) return Failure(*rc, "lstat", path);
  return FromSftp(attrs);
}

Result<std::vector<DirEntry>> SftpSession::ListDir(const std::string& path, Deadline deadline, RemoteAttr* self) {
  CollectCloses();
  Result<LIBSSH2_SFTP_HANDLE*> dir = io_.DrivePointer(deadline, [&] {
    return libssh2_sftp_open_ex(sftp_, path.data(), Length(path), 0, 0, LIBSSH2_SFTP_OPENDIR);
  });
  if (!dir.ok()) return Broken(dir.status());
  if (*dir == nullptr) return Failure(libssh2_session_last_errno(session_), "opendir", path);
  std::vector<DirEntry> entries;
  std::string name(4096, '\0');
  Status status;
  for (;;) {
    LIBSSH2_SFTP_ATTRIBUTES attrs{};
    Result<ssize_t> n = io_.Drive(deadline, [&] {
      return static_cast<ssize_t>(libssh2_sftp_readdir_ex(*dir, name.data(), name.size(), nullptr, 0, &attrs));
    });
    if (!n.ok()) return Broken(n.status());  // the handle dies with the session
    if (*n == 0) break;
    if (*n < 0) {
      status = Failure(static_cast<int>(*n), "readdir", path);
      break;
    }
    std::string entry(name.data(), static_cast<std::size_t>(*n));
    if (entry == "." && self != nullptr) *self = FromSftp(attrs);
    if (entry == "." || entry == "..") continue;
    entries.push_back(DirEntry{std::move(entry), FromSftp(attrs)});
  }
  File closing{*dir, 0};
  CloseFileLater(closing);
  if (!status.ok()) return status;
  return entries;
}

Result<std::string> SftpSession::ReadLink(const std::string& path, Deadline deadline) {
  CollectCloses();
  std::string buffer(4096, '\0');
  Result<int> rc = io_.Drive(deadline, [&] {
    return libssh2_sftp_symlink_ex(sftp_, path.data(), Length(path), buffer.data(), Length(buffer),
                                   LIBSSH2_SFTP_READLINK);
  });
  if (!rc.ok()) return Broken(rc.status());
  if (*rc < 0) return Failure(*rc, "readlink", path);
  buffer.resize(static_cast<std::size_t>(*rc));
  return buffer;
}

Result<RemoteStatFs> SftpSession::StatVfs(const std::string& path, Deadline deadline) {
  CollectCloses();
  LIBSSH2_SFTP_STATVFS st{};
  Result<int> rc = io_.Drive(deadline, [&] { return libssh2_sftp_statvfs(sftp_, path.data(), path.size(), &st); });
  if (!rc.ok()) return Broken(rc.status());
  if (*rc < 0) return Failure(*rc, "statvfs", path);
  RemoteStatFs out;
  out.block_size = st.f_frsize ? st.f_frsize : st.f_bsize;
  out.blocks = st.f_blocks;
  out.blocks_free = st.f_bfree;
  out.blocks_available = st.f_bavail;
  out.files = st.f_files;
  out.files_free = st.f_ffree;
  out.name_max = st.f_namemax;
  return out;
}

Result<SftpSession::File> SftpSession::OpenFileUnconfirmed(const std::string& path, Deadline deadline) {
  CollectCloses();
  Result<LIBSSH2_SFTP_HANDLE*> handle = io_.DrivePointer(deadline, [&] {
    return libssh2_sftp_open_ex(sftp_, path.data(), Length(path), LIBSSH2_FXF_READ, 0, LIBSSH2_SFTP_OPENFILE);
  });
  if (!handle.ok()) return Broken(handle.status());
  if (*handle == nullptr) return Failure(libssh2_session_last_errno(session_), "open", path);
  return File{*handle, 0};
}

Result<SftpSession::File> SftpSession::OpenFile(const std::string& path, RemoteAttr* attr, Deadline deadline) {
  Result<File> file = OpenFileUnconfirmed(path, deadline);
  if (!file.ok()) return file;
  LIBSSH2_SFTP_ATTRIBUTES attrs{};
  Result<int> rc = io_.Drive(deadline, [&] { return libssh2_sftp_fstat_ex(file->handle, &attrs, 0); });
  if (!rc.ok()) return Broken(rc.status());
  if (*rc < 0) {
    Status status = Failure(*rc, "fstat", path);
    CloseFileLater(*file);
    return status;
  }
  *attr = FromSftp(attrs);
  return file;
}

template <typename Between>
Result<std::size_t> SftpSession::ReadPieces(File& file, std::uint64_t offset, std::span<char> buf,
                                            Deadline deadline, Between between) {
  // libssh2 keeps requests for 4x each call's buffer in flight, and the
  // server sends all of them even if a seek discards them. That is the
  // pipelining a sequential read needs, but a random read (a tag scan's head
  // and tail) would pull 4x what it wants. So a read that does not continue
  // the previous one asks in shrinking pieces: the first requests the whole
  // range (a quarter rounded up: rounded down, the last bytes would take a
  // request, and a round trip, of their own), the next ones a quarter of
  // what is still to come, which is already in flight, so nothing more is
  // requested (but a last 3 KiB).
  const bool streaming = file.position == offset && offset != 0;
  if (file.position != offset) {
    libssh2_sftp_seek64(file.handle, offset);
    file.position = offset;
  }
  constexpr std::size_t kSmallestPiece = 1024;
  std::size_t done = 0;
  while (done < buf.size()) {
    const std::size_t remaining = buf.size() - done;
    const std::size_t piece = streaming ? remaining : std::max((remaining + 3) / 4, std::min(remaining, kSmallestPiece));
    Result<ssize_t> n = io_.Drive(deadline, [&] {
      between();
      return libssh2_sftp_read(file.handle, buf.data() + done, piece);
    });
    if (!n.ok()) return Broken(n.status());
    if (*n == 0) break;  // end of file
    if (*n < 0) return Failure(static_cast<int>(*n), "read", "file");
    done += static_cast<std::size_t>(*n);
    file.position += static_cast<std::uint64_t>(*n);
  }
  return done;
}

Result<std::size_t> SftpSession::Read(File& file, std::uint64_t offset, std::span<char> buf, Deadline deadline) {
  CollectCloses();
  return ReadPieces(file, offset, buf, deadline, [] {});
}

Result<std::size_t> SftpSession::ReadAndStat(File& file, std::uint64_t offset, std::span<char> buf,
                                             RemoteAttr* attr, Deadline deadline) {
  CollectCloses();
  LIBSSH2_SFTP_ATTRIBUTES attrs{};
  int stat_rc = LIBSSH2_ERROR_EAGAIN;
  auto advance_stat = [&] {
    // Not while a packet waits to be sent: libssh2 refuses to start another.
    if (stat_rc == LIBSSH2_ERROR_EAGAIN &&
        (libssh2_session_block_directions(session_) & LIBSSH2_SESSION_BLOCK_OUTBOUND) == 0) {
      stat_rc = libssh2_sftp_fstat_ex(file.handle, &attrs, 0);
    }
  };
  // The FSTAT request leaves whole before the first READ.
  stat_rc = libssh2_sftp_fstat_ex(file.handle, &attrs, 0);
  while (stat_rc == LIBSSH2_ERROR_EAGAIN &&
         (libssh2_session_block_directions(session_) & LIBSSH2_SESSION_BLOCK_OUTBOUND) != 0) {
    if (Status waited = io_.Wait(deadline); !waited.ok()) return Broken(waited);
    stat_rc = libssh2_sftp_fstat_ex(file.handle, &attrs, 0);
  }
  Result<std::size_t> n = ReadPieces(file, offset, buf, deadline, advance_stat);
  if (broken_) return n;
  // Settled even when the read failed: libssh2 would hand a pending fstat's
  // answer to the next fstat of any handle.
  Result<int> rc = io_.Drive(deadline, [&] {
    if (stat_rc == LIBSSH2_ERROR_EAGAIN) stat_rc = libssh2_sftp_fstat_ex(file.handle, &attrs, 0);
    return stat_rc;
  });
  if (!rc.ok()) return Broken(rc.status());
  if (!n.ok()) return n;
  if (*rc < 0) return Failure(*rc, "fstat", "file");
  *attr = FromSftp(attrs);
  return n;
}

void SftpSession::CloseFileLater(File& file) {
  if (file.handle == nullptr) return;
  if (broken_) {
    file.handle = nullptr;  // dies with the session
    return;
  }
  CollectCloses();
  if (libssh2_sftp_close_handle(file.handle) == LIBSSH2_ERROR_EAGAIN) closing_.push_back(file.handle);
  file.handle = nullptr;
}

Status SftpSession::KeepAlive(Deadline deadline) {
  CollectCloses();
  int next = 0;
  Result<int> rc = io_.Drive(deadline, [&] { return libssh2_keepalive_send(session_, &next); });
  if (!rc.ok()) return Broken(rc.status());
  if (*rc < 0) return Broken(Status::Error(ECONNRESET, "keepalive to " + DisplayHost(target_) + " failed"));
  return Status::Ok();
}

}  // namespace hoard::fs
