// The sshd runs from a private config so it touches nothing of the system's
// sshd: its own keys, PidFile none, AuthorizedKeysFile in the temp dir,
// StrictModes off (the temp dir is not the user's home), UsePAM off.
#include "tests/support/sshd_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

namespace hoard::test {
namespace {

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteFile(const std::filesystem::path& path, const std::string& text, mode_t mode) {
  std::ofstream(path) << text;
  chmod(path.c_str(), mode);
}

bool MakeKey(const std::filesystem::path& path, const std::string& type = "ed25519") {
  std::string command =
      "ssh-keygen -q -t " + type + " -N '' -C hoard-test -f '" + path.string() + "' </dev/null >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

bool Accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

// Every process whose parent chain leads to `ancestor` (not itself).
std::vector<pid_t> Descendants(pid_t ancestor) {
  std::multimap<pid_t, pid_t> children;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string stat = ReadAll(entry.path() / "stat");
    std::size_t close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 2));
    char state;
    pid_t parent;
    rest >> state >> parent;
    children.emplace(parent, std::stoi(name));
  }
  std::vector<pid_t> out;
  std::vector<pid_t> todo = {ancestor};
  while (!todo.empty()) {
    pid_t p = todo.back();
    todo.pop_back();
    auto [begin, end] = children.equal_range(p);
    for (auto it = begin; it != end; ++it) {
      out.push_back(it->second);
      todo.push_back(it->second);
    }
  }
  return out;
}

}  // namespace

SshdServer::SshdServer(SshdOptions options) {
  const std::filesystem::path& dir = dir_.path();
  chmod(dir.c_str(), 0755);
  root_ = options.root.empty() ? dir / "root" : options.root;
  std::filesystem::create_directories(root_);
  passwd* pw = getpwuid(getuid());
  user_ = pw != nullptr ? pw->pw_name : "root";
  port_ = FreeLoopbackPort();

  bool keys = MakeKey(dir / "host_key") && MakeKey(host_key("ecdsa"), "ecdsa") && MakeKey(dir / "client_key") &&
              MakeKey(dir / "wrong_key") && MakeKey(dir / "other_host_key");
  EXPECT_TRUE(keys) << "ssh-keygen failed (is openssh-client installed?)";
  std::string where = "[127.0.0.1]:" + std::to_string(port_) + " ";
  WriteFile(dir / "authorized_keys", ReadAll(dir / "client_key.pub"), 0600);
  WriteFile(known_hosts(), where + ReadAll(dir / "host_key.pub"), 0600);
  WriteFile(changed_known_hosts(), where + ReadAll(dir / "other_host_key.pub"), 0600);

  std::string drop;
  if (!options.sftp_user.empty()) {
    passwd* sftp_pw = getpwnam(options.sftp_user.c_str());
    EXPECT_NE(nullptr, sftp_pw) << "no user " << options.sftp_user;
    if (sftp_pw != nullptr) {
      drop = "setpriv --reuid=" + std::to_string(sftp_pw->pw_uid) + " --regid=" + std::to_string(sftp_pw->pw_gid) +
             " --clear-groups ";
    }
    // The unprivileged server must be able to reach the root.
    for (std::filesystem::path p = root_; p != p.root_path(); p = p.parent_path()) {
      struct stat st;
      if (stat(p.c_str(), &st) == 0) chmod(p.c_str(), st.st_mode | 0005);
    }
  }
  WriteFile(dir / "sftp-server", "#!/bin/sh\nexec 2>>'" + (dir / "sftp.log").string() + "'\nexec " + drop +
                                     "/usr/lib/openssh/sftp-server -e -l " + options.sftp_log_level + "\n",
            0755);
  WriteConfig();
  Start();
}

std::filesystem::path SshdServer::host_key(const std::string& type) const {
  return dir_.path() / (type == "ed25519" ? "host_key" : "host_key_" + type);
}

std::string SshdServer::KnownHostsLine(const std::string& type) const {
  return "[127.0.0.1]:" + std::to_string(port_) + " " + ReadAll(host_key(type).string() + ".pub");
}

void SshdServer::OfferHostKeys(std::vector<std::string> types) {
  host_key_types_ = std::move(types);
  WriteConfig();
}

void SshdServer::WriteConfig() {
  const std::filesystem::path& dir = dir_.path();
  std::ostringstream config;
  config << "Port " << port_ << "\n"
         << "ListenAddress 127.0.0.1\n";
  for (const std::string& type : host_key_types_) config << "HostKey " << host_key(type).string() << "\n";
  config << "PidFile none\n"
         << "AuthorizedKeysFile " << (dir / "authorized_keys").string() << "\n"
         << "PermitRootLogin prohibit-password\n"
         << "UsePAM no\n"
         << "StrictModes no\n"
         << "PasswordAuthentication no\n"
         << "KbdInteractiveAuthentication no\n"
         << "MaxStartups 64\n"
         << "MaxSessions 64\n"
         << "LogLevel INFO\n"
         // sshd runs each session through the account's login shell, and bash
         // then reads ~/.bashrc unless it believes it is nested (SHLVL >= 2
         // after its own increment): the machine's shell start-up (pyenv here,
         // which can wait 60 s on a lock) must not run on every SFTP session.
         << "SetEnv SHLVL=1\n"
         << "Subsystem sftp " << (dir / "sftp-server").string() << "\n";
  WriteFile(dir / "sshd_config", config.str(), 0600);
}

SshdServer::~SshdServer() { Stop(); }

bool SshdServer::Start() {
  if (listener_ > 0) return true;
  mkdir("/run/sshd", 0755);  // sshd's privilege separation directory
  std::string config = (dir_.path() / "sshd_config").string();
  std::string log = (dir_.path() / "sshd.log").string();
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    int null = open("/dev/null", O_RDONLY);
    dup2(null, STDIN_FILENO);
    execl("/usr/sbin/sshd", "/usr/sbin/sshd", "-D", "-e", "-f", config.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  listener_ = pid;
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < give_up) {
    int status;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      listener_ = -1;
      ADD_FAILURE() << "sshd exited at start: " << SshdLog();
      return false;
    }
    if (Accepts(port_)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "sshd did not accept connections on port " << port_ << ": " << SshdLog();
  Stop();
  return false;
}

std::vector<pid_t> SshdServer::SessionProcesses() const {
  return listener_ > 0 ? Descendants(listener_) : std::vector<pid_t>{};
}

void SshdServer::Stop() {
  if (listener_ <= 0) return;
  for (pid_t p : SessionProcesses()) kill(p, SIGKILL);
  kill(listener_, SIGTERM);
  kill(listener_, SIGCONT);  // a frozen listener takes its SIGTERM now
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  int status;
  while (waitpid(listener_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > give_up) {
      kill(listener_, SIGKILL);
      waitpid(listener_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  listener_ = -1;
}

void SshdServer::Freeze() {
  if (listener_ <= 0) return;
  // The listener first, so no connection made meanwhile (a pool still
  // setting up its sessions) is served; then its sessions until no new one
  // shows up (one may have been forking as the listener stopped).
  kill(listener_, SIGSTOP);
  std::set<pid_t> stopped;
  for (bool more = true; more;) {
    more = false;
    for (pid_t p : SessionProcesses()) {
      if (stopped.insert(p).second) {
        kill(p, SIGSTOP);
        more = true;
      }
    }
  }
}

void SshdServer::Thaw() {
  if (listener_ <= 0) return;
  for (pid_t p : SessionProcesses()) kill(p, SIGCONT);
  kill(listener_, SIGCONT);
}

std::string SshdServer::Remote(const std::string& path) const {
  return user_ + "@127.0.0.1:" + (path.empty() ? root_.string() : path);
}

std::string SshdServer::SftpLog() const { return ReadAll(dir_.path() / "sftp.log"); }
std::string SshdServer::SshdLog() const { return ReadAll(dir_.path() / "sshd.log"); }

std::vector<std::string> SshdServer::MountOptions() const {
  return {"-o", "port=" + std::to_string(port_) + ",identity=" + client_key().string() +
                    ",known_hosts=" + known_hosts().string()};
}

}  // namespace hoard::test
