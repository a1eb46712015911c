// User authentication: ssh-agent first, then identity= files, then the usual
// ~/.ssh/id_ed25519, id_ecdsa, id_rsa, like ssh does.
//
// An encrypted key's passphrase is asked on the terminal (/dev/tty, echo off)
// only when the key is encrypted and `interactive` is set (the first connect,
// before daemonizing). It is kept in memory for background reconnects and
// never logged or put in argv.
#pragma once

#include "base/status.h"
#include "fs/sftp/ssh_io.h"
#include "fs/sftp/ssh_target.h"

namespace hoard::fs {

// EACCES naming what was tried when the server accepts none of the keys;
// a link error when the connection fails meanwhile.
Status Authenticate(const SshIo& io, const SshTarget& target, bool interactive, Deadline deadline);

}  // namespace hoard::fs
