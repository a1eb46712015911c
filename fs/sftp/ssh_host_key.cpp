// known_hosts is read line by line rather than with
// libssh2_knownhost_readfile: that stops at the first line it cannot parse
// (a certificate authority, a key type libssh2 1.10 lacks), silently
// ignoring every entry after it, which would turn a known host into an
// "unknown" one.
#include "fs/sftp/ssh_host_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

namespace hoard::fs {
namespace {

struct KnownHostsDeleter {
  void operator()(LIBSSH2_KNOWNHOSTS* kh) const { libssh2_knownhost_free(kh); }
};
using KnownHosts = std::unique_ptr<LIBSSH2_KNOWNHOSTS, KnownHostsDeleter>;

std::string Base64NoPadding(const unsigned char* data, std::size_t size) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < size; i += 3) {
    unsigned value = data[i] << 16;
    if (i + 1 < size) value |= data[i + 1] << 8;
    if (i + 2 < size) value |= data[i + 2];
    out += kAlphabet[(value >> 18) & 63];
    out += kAlphabet[(value >> 12) & 63];
    if (i + 1 < size) out += kAlphabet[(value >> 6) & 63];
    if (i + 2 < size) out += kAlphabet[value & 63];
  }
  return out;
}

struct KeyKind {
  int knownhost_bit;
  const char* name;
};

KeyKind KindOf(int hostkey_type) {
  switch (hostkey_type) {
    case LIBSSH2_HOSTKEY_TYPE_RSA: return {LIBSSH2_KNOWNHOST_KEY_SSHRSA, "ssh-rsa"};
    case LIBSSH2_HOSTKEY_TYPE_DSS: return {LIBSSH2_KNOWNHOST_KEY_SSHDSS, "ssh-dss"};
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: return {LIBSSH2_KNOWNHOST_KEY_ECDSA_256, "ecdsa-sha2-nistp256"};
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: return {LIBSSH2_KNOWNHOST_KEY_ECDSA_384, "ecdsa-sha2-nistp384"};
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: return {LIBSSH2_KNOWNHOST_KEY_ECDSA_521, "ecdsa-sha2-nistp521"};
    case LIBSSH2_HOSTKEY_TYPE_ED25519: return {LIBSSH2_KNOWNHOST_KEY_ED25519, "ssh-ed25519"};
    default: return {LIBSSH2_KNOWNHOST_KEY_UNKNOWN, "unknown"};
  }
}

// Loads every line libssh2 understands; a missing file is an empty one.
void LoadKnownHosts(LIBSSH2_KNOWNHOSTS* kh, const std::string& path) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    (void)libssh2_knownhost_readline(kh, line.data(), line.size(), LIBSSH2_KNOWNHOST_FILE_OPENSSH);
  }
}

Status AppendKnownHost(LIBSSH2_KNOWNHOSTS* kh, const SshTarget& target, const char* key, std::size_t key_len,
                       const KeyKind& kind) {
  std::string name = DisplayHost(target);
  libssh2_knownhost* entry = nullptr;
  int typemask = LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | kind.knownhost_bit;
  if (libssh2_knownhost_addc(kh, name.c_str(), nullptr, key, key_len, nullptr, 0, typemask, &entry) != 0) {
    return Status::Error(EIO, "cannot record the host key of " + name);
  }
  std::string line(8192, '\0');
  std::size_t length = 0;
  if (libssh2_knownhost_writeline(kh, entry, line.data(), line.size(), &length,
                                  LIBSSH2_KNOWNHOST_FILE_OPENSSH) != 0) {
    return Status::Error(EIO, "cannot format the host key of " + name);
  }
  line.resize(length);
  std::error_code ec;
  std::filesystem::path parent = std::filesystem::path(target.known_hosts).parent_path();
  if (!parent.empty() && !std::filesystem::exists(parent, ec)) {
    std::filesystem::create_directories(parent, ec);
    chmod(parent.c_str(), 0700);
  }
  int fd = open(target.known_hosts.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
    int error = errno;
    if (fd >= 0) close(fd);
    return Status::Error(error, "cannot write " + target.known_hosts);
  }
  close(fd);
  return Status::Ok();
}

}  // namespace

Status CheckHostKey(LIBSSH2_SESSION* session, const SshTarget& target) {
  std::size_t key_len = 0;
  int key_type = 0;
  const char* key = libssh2_session_hostkey(session, &key_len, &key_type);
  if (key == nullptr) return Status::Error(EPROTO, "the server sent no host key");
  KeyKind kind = KindOf(key_type);
  const char* hash = libssh2_hostkey_hash(session, LIBSSH2_HOSTKEY_HASH_SHA256);
  std::string fingerprint =
      std::string(kind.name) + " SHA256:" +
      (hash ? Base64NoPadding(reinterpret_cast<const unsigned char*>(hash), 32) : std::string("?"));
  std::string name = DisplayHost(target);

  KnownHosts kh(libssh2_knownhost_init(session));
  if (!kh) return Status::Error(ENOMEM, "cannot allocate known_hosts");
  LoadKnownHosts(kh.get(), target.known_hosts);
  libssh2_knownhost* found = nullptr;
  int typemask = LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | kind.knownhost_bit;
  int check = libssh2_knownhost_checkp(kh.get(), target.host.c_str(), target.port, key, key_len, typemask, &found);
  switch (check) {
    case LIBSSH2_KNOWNHOST_CHECK_MATCH:
      return Status::Ok();
    case LIBSSH2_KNOWNHOST_CHECK_MISMATCH:
      return Status::Error(EPERM, "WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for " + name +
                                      ": it now offers " + fingerprint + ", which differs from the key in " +
                                      target.known_hosts +
                                      "; someone could be intercepting the connection. Refusing to connect; "
                                      "if the key change is expected, remove the old entry (ssh-keygen -R '" +
                                      name + "' -f " + target.known_hosts + ")");
    case LIBSSH2_KNOWNHOST_CHECK_NOTFOUND:
      if (target.accept_new_host_key) return AppendKnownHost(kh.get(), target, key, key_len, kind);
      return Status::Error(EPERM, "unknown host key for " + name + " (" + fingerprint + ") not in " +
                                      target.known_hosts +
                                      "; verify it and accept it with -o accept_new_host_key (or ssh once)");
    default:
      return Status::Error(EIO, "cannot check the host key of " + name + " against " + target.known_hosts);
  }
}

}  // namespace hoard::fs
