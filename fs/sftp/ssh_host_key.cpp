#include "fs/sftp/ssh_host_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/base64.h"
#include "base/private_files.h"

namespace hoard::fs {
namespace {

const char* KeyTypeName(int hostkey_type) {
  switch (hostkey_type) {
    case LIBSSH2_HOSTKEY_TYPE_RSA: return "ssh-rsa";
    case LIBSSH2_HOSTKEY_TYPE_DSS: return "ssh-dss";
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: return "ecdsa-sha2-nistp256";
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: return "ecdsa-sha2-nistp384";
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: return "ecdsa-sha2-nistp521";
    case LIBSSH2_HOSTKEY_TYPE_ED25519: return "ssh-ed25519";
    default: return "unknown";
  }
}

// The host key algorithms that prove a key of `type`: an RSA key signs with
// SHA-2 (RFC 8332) or, from old servers, SHA-1.
std::vector<std::string> AlgorithmsOf(const std::string& type) {
  if (type == "ssh-rsa") return {"rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"};
  return {type};
}

std::string Lines(const std::vector<const KnownHostEntry*>& entries) {
  std::vector<int> numbers;
  for (const KnownHostEntry* entry : entries) numbers.push_back(entry->line);
  return fmt::format("{} {}", entries.size() == 1 ? "line" : "lines", fmt::join(numbers, ", "));
}

std::string Types(const std::vector<const KnownHostEntry*>& entries) {
  std::vector<std::string> types;
  for (const KnownHostEntry* entry : entries) {
    if (std::find(types.begin(), types.end(), entry->key_type) == types.end()) types.push_back(entry->key_type);
  }
  return fmt::format("{}", fmt::join(types, ", "));
}

// Appends `line` on a line of its own: a newline first when the file's last
// byte is not one, so the previous entry and this one never merge.
Status AppendLine(const std::string& path, const std::string& line) {
  HOARD_RETURN_IF_ERROR(MakePrivateDirs(std::filesystem::path(path).parent_path()));
  Result<int> fd = OpenPrivateFile(path);
  if (!fd.ok()) return fd.status();
  struct stat st {};
  char last = '\n';
  if (fstat(*fd, &st) != 0 || (st.st_size > 0 && pread(*fd, &last, 1, st.st_size - 1) != 1)) {
    int error = errno;
    close(*fd);
    return Status::Error(error, "cannot read " + path + ": " + std::strerror(error));
  }
  std::string text = last == '\n' ? line : fmt::format("\n{}", line);
  bool written = fcntl(*fd, F_SETFL, O_APPEND) == 0 &&
                 write(*fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  int error = errno;
  if (close(*fd) != 0 && written) {
    written = false;
    error = errno;
  }
  if (!written) return Status::Error(error, "cannot write " + path + ": " + std::strerror(error));
  return Status::Ok();
}

}  // namespace

void PreferRecordedHostKeys(LIBSSH2_SESSION* session, const SshTarget& target, const KnownHostsFile& known) {
  std::vector<std::string> recorded = KeyTypesOnRecord(known, KnownHostsName(target.host, target.port));
  if (recorded.empty()) return;  // nothing on record: libssh2's own order
  const char** supported = nullptr;
  int count = libssh2_session_supported_algs(session, LIBSSH2_METHOD_HOSTKEY, &supported);
  if (count <= 0) return;
  std::vector<std::string> all(supported, supported + count);
  libssh2_free(session, supported);
  std::vector<std::string> order;
  for (const std::string& type : recorded) {
    for (const std::string& algorithm : AlgorithmsOf(type)) {
      if (std::find(all.begin(), all.end(), algorithm) != all.end() &&
          std::find(order.begin(), order.end(), algorithm) == order.end()) {
        order.push_back(algorithm);
      }
    }
  }
  for (const std::string& algorithm : all) {
    if (std::find(order.begin(), order.end(), algorithm) == order.end()) order.push_back(algorithm);
  }
  std::string list = fmt::format("{}", fmt::join(order, ","));
  libssh2_session_method_pref(session, LIBSSH2_METHOD_HOSTKEY, list.c_str());
}

Status CheckHostKey(LIBSSH2_SESSION* session, const SshTarget& target, const KnownHostsFile& known) {
  std::size_t key_len = 0;
  int key_type = 0;
  const char* key_data = libssh2_session_hostkey(session, &key_len, &key_type);
  if (key_data == nullptr) return Status::Error(EPROTO, "the server sent no host key");
  std::string key(key_data, key_len);
  std::string type = KeyTypeName(key_type);
  const char* hash = libssh2_hostkey_hash(session, LIBSSH2_HOSTKEY_HASH_SHA256);
  std::string fingerprint =
      fmt::format("{} SHA256:{}", type, hash ? EncodeBase64(std::string_view(hash, 32), false) : "?");
  std::string name = KnownHostsName(target.host, target.port);
  const std::string& file = target.known_hosts;

  std::vector<const KnownHostEntry*> plain, authorities;
  for (const KnownHostEntry& entry : known.entries) {
    if (!EntryNamesHost(entry, name)) continue;
    switch (entry.marker) {
      case KnownHostEntry::Marker::kRevoked:
        if (entry.key == key) {
          return Status::Error(EPERM, fmt::format("REVOKED HOST KEY for {}: {} is marked @revoked in {} line {}; "
                                                  "refusing to connect",
                                                  name, fingerprint, file, entry.line));
        }
        break;
      case KnownHostEntry::Marker::kCertAuthority: authorities.push_back(&entry); break;
      case KnownHostEntry::Marker::kNone: plain.push_back(&entry); break;
    }
  }
  for (const KnownHostEntry* entry : plain) {
    if (entry->key == key) return Status::Ok();
  }
  std::string certificates =
      authorities.empty() ? ""
                          : fmt::format(" ({} {} trusts a @cert-authority for it, but host certificates are not "
                                        "supported)",
                                        file, Lines(authorities));
  if (!plain.empty()) {
    bool same_type = std::any_of(plain.begin(), plain.end(), [&](const KnownHostEntry* e) { return e->key_type == type; });
    std::string what = same_type ? fmt::format("which differs from the key in {} {}", file, Lines(plain))
                                 : fmt::format("but {} {} holds only {} for it", file, Lines(plain), Types(plain));
    return Status::Error(EPERM, fmt::format("WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for {}: it now offers "
                                            "{}, {}{}; someone could be intercepting the connection. Refusing to "
                                            "connect; if the key change is expected, remove the old entry "
                                            "(ssh-keygen -R '{}' -f {})",
                                            name, fingerprint, what, certificates, name, file));
  }
  if (!authorities.empty()) {
    return Status::Error(EPERM, fmt::format("host certificates are not supported: {} {} trusts a @cert-authority "
                                            "for {}; add the host's own key ({}) to {} once verified",
                                            file, Lines(authorities), name, fingerprint, file));
  }
  if (!target.accept_new_host_key) {
    return Status::Error(EPERM, fmt::format("unknown host key for {} ({}) not in {}; verify it and accept it with "
                                            "-o accept_new_host_key (or ssh once)",
                                            name, fingerprint, file));
  }
  return AppendLine(file, fmt::format("{} {} {}\n", name, type, EncodeBase64(key)));
}

}  // namespace hoard::fs
