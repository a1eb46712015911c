// SftpSession: one SSH connection with one SFTP channel, driven
// non-blocking under a deadline per call.
//
// Not thread-safe: libssh2 sessions are not. The pool (sftp_pool.h) hands a
// session to one thread at a time. Every call takes the deadline of the
// operation it serves; when it passes, or the link fails, the call returns a
// link error (ETIMEDOUT, ECONNRESET; see IsLinkError) and broken() turns
// true: the session is unusable and must be destroyed. Server answers about
// files (ENOENT, EACCES, ...) leave the session usable.
//
// Destruction never waits on the network beyond a short goodbye for a
// healthy session; a broken one just has its socket shut down.
#pragma once

#include <libssh2.h>
#include <libssh2_sftp.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "fs/remote/remote_source.h"
#include "fs/sftp/ssh_io.h"
#include "fs/sftp/ssh_target.h"

namespace hoard::fs {

class SftpSession {
 public:
  // TCP connect, handshake, host key check, authentication, SFTP start, all
  // within target.timeout. `interactive`: may ask a key passphrase on the
  // terminal. `cancel` (may be null) aborts waits when raised.
  static Result<std::unique_ptr<SftpSession>> Connect(const SshTarget& target, bool interactive,
                                                      const std::atomic<bool>* cancel);
  ~SftpSession();
  SftpSession(const SftpSession&) = delete;
  SftpSession& operator=(const SftpSession&) = delete;

  // Unique over the process lifetime: handles opened on one session are
  // recognised as dead once the pool holds a newer one.
  std::uint64_t id() const { return id_; }
  bool broken() const { return broken_; }

  Result<std::string> RealPath(const std::string& path, Deadline deadline);
  Result<RemoteAttr> Lstat(const std::string& path, Deadline deadline);
  // `self`, when given, gets the "." entry's attributes if the server sends one.
  Result<std::vector<DirEntry>> ListDir(const std::string& path, Deadline deadline, RemoteAttr* self = nullptr);
  Result<std::string> ReadLink(const std::string& path, Deadline deadline);
  Result<RemoteStatFs> StatVfs(const std::string& path, Deadline deadline);

  // An open file on this session; valid until CloseFileLater or the session dies.
  struct File {
    LIBSSH2_SFTP_HANDLE* handle = nullptr;
    std::uint64_t position = 0;  // where libssh2's read-ahead continues
  };
  // Opens for reading and fstat()s it: two round trips.
  Result<File> OpenFile(const std::string& path, RemoteAttr* attr, Deadline deadline);
  // Opens for reading without asking the attributes (one round trip): for a
  // caller that knows them already and confirms them with ReadAndStat.
  Result<File> OpenFileUnconfirmed(const std::string& path, Deadline deadline);
  // Fills buf from `offset`; short only at end of file. Reads continuing at
  // file.position keep libssh2's queue of in-flight requests and let it run
  // ahead; any other read asks the server for about `buf` only.
  Result<std::size_t> Read(File& file, std::uint64_t offset, std::span<char> buf, Deadline deadline);
  // Read(), with the handle's fstat sent just before the reads, so both are
  // answered in the same round trip; `attr` gets the fstat.
  Result<std::size_t> ReadAndStat(File& file, std::uint64_t offset, std::span<char> buf, RemoteAttr* attr,
                                  Deadline deadline);
  // Sends CLOSE for the handle without waiting for the answer: the session
  // stays free for the next call, which (like the goodbye) collects the
  // answers of earlier closes and frees their handles. The server answers in
  // order, so a close is settled by the time any later request is.
  void CloseFileLater(File& file);

  // Sends an SSH keepalive when one is due (keepalive= seconds of silence).
  Status KeepAlive(Deadline deadline);

 private:
  SftpSession(const SshTarget& target, const std::atomic<bool>* cancel);
  Status Start(bool interactive, Deadline deadline);
  // Turns a failed libssh2 call into a Status: an SFTP status about the file
  // keeps the session; anything else breaks it.
  Status Failure(int rc, const std::string& what, const std::string& path);
  Status Broken(Status status);
  // Frees the handles whose CLOSE has been answered (see CloseFileLater).
  void CollectCloses();
  // The read loop of Read and ReadAndStat; `between` runs before every
  // call to libssh2's read (ReadAndStat advances its fstat there).
  template <typename Between>
  Result<std::size_t> ReadPieces(File& file, std::uint64_t offset, std::span<char> buf, Deadline deadline,
                                 Between between);

  const SshTarget target_;
  const std::uint64_t id_;
  int fd_ = -1;
  LIBSSH2_SESSION* session_ = nullptr;
  LIBSSH2_SFTP* sftp_ = nullptr;
  const std::atomic<bool>* cancel_;
  SshIo io_;
  bool broken_ = false;
  std::vector<LIBSSH2_SFTP_HANDLE*> closing_;  // CLOSE sent, answer not collected
};

}  // namespace hoard::fs
