// An OpenSSH known_hosts file, read and matched the way ssh(1) does it.
//
// libssh2's knownhost API is not used to decide: it stops reading at the
// first line it cannot parse, ignores @revoked and @cert-authority, lets a
// plain `host` entry match every port, and answers "not found" when the
// host is on record with a key of another type, which would let a key-type
// downgrade pass as a new host. Here:
//   - a line is `[@marker] hosts keytype base64 [comment]`; blank lines,
//     comments and lines that do not parse are skipped (as ssh does), each
//     line on its own; a trailing CR is ignored;
//   - hosts is a comma-separated list of patterns (`*` and `?` wildcards,
//     `!` negates: a negated match excludes the line) or one hashed name
//     (`|1|salt|hmac`, HMAC-SHA1 of the name);
//   - a host is named `host` on port 22 and `[host]:port` on any other port,
//     so a plain `host` entry matches port 22 only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace hoard::fs {

struct KnownHostEntry {
  enum class Marker { kNone, kRevoked, kCertAuthority };
  Marker marker = Marker::kNone;
  std::string hosts;     // the host field as written
  std::string key_type;  // e.g. "ssh-ed25519"
  std::string key;       // the decoded key blob
  int line = 0;          // 1-based line number in the file
};

// One line (without its '\n'); nullopt for a blank line, a comment or a line
// that is not an entry.
std::optional<KnownHostEntry> ParseKnownHostsLine(std::string_view text, int line);

// "host" for port 22, "[host]:port" otherwise: the name known_hosts uses.
std::string KnownHostsName(const std::string& host, int port);

// Whether the entry's host field names `name` (a KnownHostsName).
bool EntryNamesHost(const KnownHostEntry& entry, const std::string& name);

struct KnownHostsFile {
  std::vector<KnownHostEntry> entries;
};

// Parses whole file contents.
KnownHostsFile ParseKnownHosts(std::string_view contents);

// Reads and parses `path`. A missing file has no entries; a file that exists
// but cannot be read is an error naming it (never read as empty).
Result<KnownHostsFile> ReadKnownHosts(const std::string& path);

// The key types on record (plain entries, not revoked) for `name`, in file
// order without repeats: the host key algorithms to ask the server for first.
std::vector<std::string> KeyTypesOnRecord(const KnownHostsFile& file, const std::string& name);

}  // namespace hoard::fs
