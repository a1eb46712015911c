// Driving non-blocking libssh2 calls against a deadline.
//
// Every session runs in non-blocking mode so that no call can wait longer
// than the operation's deadline: a libssh2 call answering EAGAIN is repeated
// after poll() says the socket is ready in the direction libssh2 is blocked
// on, or after a short slice at most: libssh2 may already hold received
// data in its own buffer, which poll() cannot see. When the deadline passes the caller gets ETIMEDOUT and must treat the
// session as broken (libssh2 is mid-packet; there is no resuming it).
#pragma once

#include <libssh2.h>

#include <atomic>

#include "base/status.h"
#include "fs/sftp/ssh_target.h"

namespace hoard::fs {

class SshIo {
 public:
  SshIo(LIBSSH2_SESSION* session, int fd, const std::atomic<bool>* cancel)
      : session_(session), fd_(fd), cancel_(cancel) {}

  // Waits (50 ms at most) for libssh2's socket to become ready; ETIMEDOUT
  // once the deadline has passed, ECANCELED once the cancel flag is raised.
  Status Wait(Deadline deadline) const;

  // Repeats `call` (returning a libssh2 int/ssize_t) while it says EAGAIN.
  template <typename Call>
  auto Drive(Deadline deadline, Call call) const -> Result<decltype(call())> {
    for (;;) {
      auto rc = call();
      if (rc != LIBSSH2_ERROR_EAGAIN) return rc;
      HOARD_RETURN_IF_ERROR(Wait(deadline));
    }
  }

  // Repeats `call` (returning a pointer) while it yields null with EAGAIN.
  template <typename Call>
  auto DrivePointer(Deadline deadline, Call call) const -> Result<decltype(call())> {
    for (;;) {
      auto* p = call();
      if (p != nullptr || libssh2_session_last_errno(session_) != LIBSSH2_ERROR_EAGAIN) return p;
      HOARD_RETURN_IF_ERROR(Wait(deadline));
    }
  }

  // libssh2's last error message, for Status texts.
  std::string LastError() const;

  LIBSSH2_SESSION* session() const { return session_; }

 private:
  LIBSSH2_SESSION* session_;
  int fd_;
  const std::atomic<bool>* cancel_;
};

}  // namespace hoard::fs
