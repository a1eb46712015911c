#include "fs/sftp/ssh_io.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>

namespace hoard::fs {

Status SshIo::Wait(Deadline deadline) const {
  int directions = libssh2_session_block_directions(session_);
  short events = 0;
  if (directions & LIBSSH2_SESSION_BLOCK_INBOUND) events |= POLLIN;
  if (directions & LIBSSH2_SESSION_BLOCK_OUTBOUND) events |= POLLOUT;
  if (events == 0) events = POLLIN;
  if (cancel_ != nullptr && cancel_->load()) return Status::Error(ECANCELED, "cancelled");
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return Status::Error(ETIMEDOUT, "the server did not answer in time");
  pollfd p{fd_, events, 0};
  int rc = poll(&p, 1, static_cast<int>(std::min<long>(left.count(), 50)));
  if (rc < 0 && errno != EINTR) return Status::Error(errno, "poll failed");
  return Status::Ok();
}

std::string SshIo::LastError() const {
  char* message = nullptr;
  int length = 0;
  libssh2_session_last_error(session_, &message, &length, 0);
  return message != nullptr ? std::string(message, static_cast<std::size_t>(length)) : "unknown libssh2 error";
}

}  // namespace hoard::fs
