// Host key verification against an OpenSSH known_hosts file.
//
// Matches plain, hashed (|1|...) and [host]:port entries via libssh2's
// knownhost API. A changed key is refused whatever the options say; an
// unknown key is refused unless accept_new_host_key, which appends it.
#pragma once

#include <libssh2.h>

#include "base/status.h"
#include "fs/sftp/ssh_target.h"

namespace hoard::fs {

// EPERM with a one-line message on an unknown or changed key; ok on a match
// (or on a newly accepted key).
Status CheckHostKey(LIBSSH2_SESSION* session, const SshTarget& target);

}  // namespace hoard::fs
