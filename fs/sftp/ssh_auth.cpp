// Whether a key file is encrypted is read from the file itself (the PEM
// "Proc-Type: 4,ENCRYPTED" header, or the cipher name inside an OpenSSH
// "openssh-key-v1" blob) so that the terminal is only used when a passphrase
// really exists: asking for one on every key would break unattended mounts.
#include "fs/sftp/ssh_auth.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <mutex>
#include <sstream>

#include <spdlog/spdlog.h>

namespace hoard::fs {
namespace {

std::string DecodeBase64(std::string_view text) {
  std::string out;
  unsigned value = 0;
  int bits = 0;
  for (char c : text) {
    int digit;
    if (c >= 'A' && c <= 'Z') digit = c - 'A';
    else if (c >= 'a' && c <= 'z') digit = c - 'a' + 26;
    else if (c >= '0' && c <= '9') digit = c - '0' + 52;
    else if (c == '+') digit = 62;
    else if (c == '/') digit = 63;
    else continue;
    value = (value << 6) | static_cast<unsigned>(digit);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xff);
    }
  }
  return out;
}

bool IsEncryptedKey(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.find("Proc-Type: 4,ENCRYPTED") != std::string::npos) return true;
  if (text.find("BEGIN ENCRYPTED PRIVATE KEY") != std::string::npos) return true;
  constexpr std::string_view kBegin = "-----BEGIN OPENSSH PRIVATE KEY-----";
  std::size_t begin = text.find(kBegin);
  if (begin == std::string::npos) return false;
  std::size_t end = text.find("-----END", begin + kBegin.size());
  std::string blob = DecodeBase64(std::string_view(text).substr(begin + kBegin.size(), end - begin - kBegin.size()));
  constexpr std::string_view kMagic("openssh-key-v1\0", 15);
  if (blob.size() < kMagic.size() + 4 || blob.compare(0, kMagic.size(), kMagic) != 0) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(blob.data()) + kMagic.size();
  std::size_t length = (std::size_t{p[0]} << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
  if (kMagic.size() + 4 + length > blob.size()) return false;
  return blob.compare(kMagic.size() + 4, length, "none") != 0;
}

// Passphrases typed at the first connect, by key path, for reconnects.
std::mutex passphrase_mutex;
std::map<std::string, std::string>& Passphrases() {
  static auto* passphrases = new std::map<std::string, std::string>();
  return *passphrases;
}

// Reads a line from the terminal with echo off; empty optional when there is
// no terminal (a daemon, CI).
std::optional<std::string> AskPassphrase(const std::string& key_path) {
  int tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (tty < 0) return std::nullopt;
  std::string prompt = "Enter passphrase for key '" + key_path + "': ";
  (void)!write(tty, prompt.data(), prompt.size());
  termios saved{};
  bool restore = tcgetattr(tty, &saved) == 0;
  if (restore) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(tty, TCSAFLUSH, &quiet);
  }
  std::string passphrase;
  char c;
  while (read(tty, &c, 1) == 1 && c != '\n') passphrase += c;
  if (restore) tcsetattr(tty, TCSAFLUSH, &saved);
  (void)!write(tty, "\n", 1);
  close(tty);
  return passphrase;
}

bool IsRefusal(int rc) {
  return rc == LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED || rc == LIBSSH2_ERROR_AUTHENTICATION_FAILED ||
         rc == LIBSSH2_ERROR_FILE || rc == LIBSSH2_ERROR_METHOD_NOT_SUPPORTED;
}

Status LinkError(const SshIo& io, int rc) {
  return Status::Error(ECONNRESET, "connection lost during authentication (" + io.LastError() + ", " +
                                       std::to_string(rc) + ")");
}

// ok when the agent got us in; EACCES when it has no accepted key.
Status TryAgent(const SshIo& io, const SshTarget& target, Deadline deadline, std::vector<std::string>& tried) {
  const char* socket = std::getenv("SSH_AUTH_SOCK");
  if (socket == nullptr || *socket == '\0') return Status::Error(EACCES, "no agent");
  LIBSSH2_AGENT* agent = libssh2_agent_init(io.session());
  if (agent == nullptr) return Status::Error(EACCES, "no agent");
  Status result = Status::Error(EACCES, "agent refused");
  if (libssh2_agent_connect(agent) == 0 && libssh2_agent_list_identities(agent) == 0) {
    libssh2_agent_publickey* previous = nullptr;
    libssh2_agent_publickey* identity = nullptr;
    int count = 0;
    while (libssh2_agent_get_identity(agent, &identity, previous) == 0) {
      previous = identity;
      ++count;
      Result<int> rc = io.Drive(deadline, [&] { return libssh2_agent_userauth(agent, target.user.c_str(), identity); });
      if (!rc.ok()) {
        result = rc.status();
        break;
      }
      if (*rc == 0) {
        result = Status::Ok();
        break;
      }
      if (!IsRefusal(*rc) && *rc != LIBSSH2_ERROR_AGENT_PROTOCOL) {
        result = LinkError(io, *rc);
        break;
      }
    }
    tried.push_back("ssh-agent (" + std::to_string(count) + " keys)");
    libssh2_agent_disconnect(agent);
  }
  libssh2_agent_free(agent);
  return result;
}

std::vector<std::string> KeyFiles(const SshTarget& target) {
  std::vector<std::string> files = target.identities;
  if (const char* home = std::getenv("HOME")) {
    for (const char* name : {"id_ed25519", "id_ecdsa", "id_rsa"}) {
      std::string path = std::string(home) + "/.ssh/" + name;
      if (std::filesystem::exists(path)) files.push_back(path);
    }
  }
  return files;
}

}  // namespace

Status Authenticate(const SshIo& io, const SshTarget& target, bool interactive, Deadline deadline) {
  LIBSSH2_SESSION* session = io.session();
  Result<char*> methods = io.DrivePointer(deadline, [&] {
    return libssh2_userauth_list(session, target.user.c_str(), static_cast<unsigned>(target.user.size()));
  });
  if (!methods.ok()) return methods.status();
  if (*methods == nullptr) {
    if (libssh2_userauth_authenticated(session)) return Status::Ok();
    return LinkError(io, libssh2_session_last_errno(session));
  }
  std::string who = target.user + "@" + DisplayHost(target);
  if (std::strstr(*methods, "publickey") == nullptr) {
    return Status::Error(EACCES, "authentication refused for " + who + ": the server does not accept keys (offers " +
                                     *methods + ")");
  }

  std::vector<std::string> tried;
  Status agent = TryAgent(io, target, deadline, tried);
  if (agent.ok() || agent.code() != EACCES) return agent;

  for (const std::string& path : KeyFiles(target)) {
    if (!std::filesystem::exists(path)) {
      tried.push_back(path + " (missing)");
      continue;
    }
    std::string passphrase;
    if (IsEncryptedKey(path)) {
      std::lock_guard lock(passphrase_mutex);
      auto known = Passphrases().find(path);
      if (known != Passphrases().end()) {
        passphrase = known->second;
      } else {
        std::optional<std::string> typed = interactive ? AskPassphrase(path) : std::nullopt;
        if (!typed) {
          tried.push_back(path + " (encrypted, no terminal to ask its passphrase; use ssh-agent)");
          continue;
        }
        passphrase = *typed;
      }
    }
    Result<int> rc = io.Drive(deadline, [&] {
      return libssh2_userauth_publickey_fromfile_ex(session, target.user.c_str(),
                                                    static_cast<unsigned>(target.user.size()), nullptr,
                                                    path.c_str(), passphrase.c_str());
    });
    if (!rc.ok()) return rc.status();
    if (*rc == 0) {
      if (!passphrase.empty()) {
        std::lock_guard lock(passphrase_mutex);
        Passphrases()[path] = passphrase;
      }
      return Status::Ok();
    }
    if (!IsRefusal(*rc)) return LinkError(io, *rc);
    tried.push_back(path + (*rc == LIBSSH2_ERROR_FILE ? " (unreadable or wrong passphrase)" : ""));
  }
  std::string list;
  for (const std::string& t : tried) list += (list.empty() ? "" : ", ") + t;
  return Status::Error(EACCES, "authentication refused for " + who + " (tried " +
                                   (list.empty() ? std::string("no keys: none found") : list) + ")");
}

}  // namespace hoard::fs
