// Whether a key file is encrypted is read from the file itself (the PEM
// "Proc-Type: 4,ENCRYPTED" header, or the cipher name inside an OpenSSH
// "openssh-key-v1" blob) so that the terminal is only used when a passphrase
// really exists: asking for one on every key would break unattended mounts.
#include "fs/sftp/ssh_auth.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <mutex>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "base/base64.h"
#include "fs/sftp/ssh_agent.h"

namespace hoard::fs {
namespace {

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
  std::string body = text.substr(begin + kBegin.size(), end - begin - kBegin.size());
  body.erase(std::remove_if(body.begin(), body.end(), [](unsigned char c) { return std::isspace(c); }), body.end());
  std::string blob = DecodeBase64(body).value_or("");
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

// What the sign callback needs: libssh2 calls it in the middle of
// libssh2_userauth_publickey, and it keeps the agent's failure for the
// message (libssh2 only says "callback returned error").
struct AgentSigning {
  SshAgent* agent;
  const std::string* blob;
  Deadline deadline;
  Status status = Status::Ok();
};

int SignWithAgent(LIBSSH2_SESSION*, unsigned char** sig, std::size_t* sig_len, const unsigned char* data,
                  std::size_t data_len, void** abstract) {
  auto* signing = static_cast<AgentSigning*>(*abstract);
  Result<std::string> signature = signing->agent->SignUserAuth(
      *signing->blob, std::string_view(reinterpret_cast<const char*>(data), data_len), signing->deadline);
  if (!signature.ok()) {
    signing->status = signature.status();
    return -1;
  }
  // libssh2 frees it with its allocator, the default: free().
  *sig = static_cast<unsigned char*>(std::malloc(signature->size()));
  if (*sig == nullptr) return -1;
  std::memcpy(*sig, signature->data(), signature->size());
  *sig_len = signature->size();
  return 0;
}

// ok when the agent got us in; EACCES when it has no accepted key or cannot
// be used (its trouble noted in `tried`): the key files are tried next.
// The agent gets a third of the timeout (1 s at least) for all its
// exchanges, so that a stuck agent leaves the key files time to be tried.
Status TryAgent(const SshIo& io, const SshTarget& target, Deadline deadline, std::vector<std::string>& tried) {
  const char* socket = std::getenv("SSH_AUTH_SOCK");
  if (socket == nullptr || *socket == '\0') return Status::Error(EACCES, "no agent");
  auto budget = std::max<Clock::duration>(std::chrono::seconds(1), target.timeout / 3);
  Deadline agent_deadline = std::min(deadline, Clock::now() + budget);
  std::string no_answer =
      "no answer within " + fmt::format("{:.1f}", std::chrono::duration<double>(budget).count()) + " s";
  Result<SshAgent> agent = SshAgent::Connect(socket, agent_deadline);
  Result<std::vector<AgentIdentity>> identities =
      agent.ok() ? agent->ListIdentities(agent_deadline) : Result<std::vector<AgentIdentity>>(agent.status());
  if (!identities.ok()) {
    if (identities.status().code() == ETIMEDOUT) {
      tried.push_back("ssh-agent (" + no_answer + ")");
    } else {
      tried.push_back("ssh-agent (" + identities.status().message() + ")");
    }
    return Status::Error(EACCES, "agent unusable");
  }
  Status result = Status::Error(EACCES, "agent refused");
  for (const AgentIdentity& identity : *identities) {
    AgentSigning signing{&*agent, &identity.blob, agent_deadline};
    void* abstract = &signing;
    Result<int> rc = io.Drive(deadline, [&] {
      return libssh2_userauth_publickey(io.session(), target.user.c_str(),
                                        reinterpret_cast<const unsigned char*>(identity.blob.data()),
                                        identity.blob.size(), SignWithAgent, &abstract);
    });
    if (!rc.ok()) return rc.status();
    if (*rc == 0) return Status::Ok();
    if (!signing.status.ok()) {
      std::string why = signing.status.code() == ETIMEDOUT ? no_answer : signing.status.message();
      tried.push_back("ssh-agent (" + why + ")");
      return Status::Error(EACCES, "agent unusable");
    }
    if (!IsRefusal(*rc)) return LinkError(io, *rc);
  }
  tried.push_back("ssh-agent (" + std::to_string(identities->size()) + " keys)");
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
