// TCP connection to the SSH server with a deadline, and the socket options
// that let the kernel notice a silent link without a user waiting on it.
#pragma once

#include <atomic>

#include "base/status.h"
#include "fs/sftp/ssh_target.h"

namespace hoard::fs {

// Returns a connected non-blocking socket (caller owns it). Failures name the
// cause: ECONNREFUSED, ETIMEDOUT (nothing answered), EHOSTUNREACH (no route
// or the name does not resolve). `cancel`, when set, aborts the wait early.
Result<int> ConnectTcp(const SshTarget& target, Deadline deadline, const std::atomic<bool>* cancel);

}  // namespace hoard::fs
