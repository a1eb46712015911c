// Host key verification against an OpenSSH known_hosts file, as strict as
// ssh(1) with StrictHostKeyChecking=accept-new at most:
//   - the offered key equals a plain entry for the host: ok;
//   - it equals an @revoked entry: refused, even when also listed plainly;
//   - the host has any plain entry, of any key type, but not this key: a
//     changed host, refused whatever the options say (a server or a man in
//     the middle offering ECDSA to a host on record with ed25519 is not a
//     "new" host), and the file is left untouched;
//   - the host is vouched for only by @cert-authority: refused, saying that
//     host certificates are not supported;
//   - the host is not on record: refused unless accept_new_host_key, which
//     appends the key (on a line of its own, even when the file lacks a
//     final newline).
#pragma once

#include <libssh2.h>

#include "base/status.h"
#include "fs/sftp/known_hosts.h"
#include "fs/sftp/ssh_target.h"

namespace hoard::fs {

// Before the handshake: asks the server for the host key algorithms of the
// key types on record for the host first (then the rest libssh2 supports),
// so a server with both ed25519 and ECDSA keys shows the one we know.
void PreferRecordedHostKeys(LIBSSH2_SESSION* session, const SshTarget& target, const KnownHostsFile& known);

// After the handshake. EPERM with a one-line message when the key is
// refused (see above); ok on a match or a newly accepted key.
Status CheckHostKey(LIBSSH2_SESSION* session, const SshTarget& target, const KnownHostsFile& known);

}  // namespace hoard::fs
