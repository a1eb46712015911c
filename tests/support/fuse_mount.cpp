#include "tests/support/fuse_mount.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace hoard::test {
namespace {

using Clock = std::chrono::steady_clock;

int Decode(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

std::string Unescape(const std::string& field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size()) {
      out += static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0'));
      i += 3;
    } else {
      out += field[i];
    }
  }
  return out;
}

bool RunQuietly(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()) == 0; }

}  // namespace

bool FuseMount::IsMounted(const std::filesystem::path& mountpoint) {
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string id, parent, device, root, point;
    fields >> id >> parent >> device >> root >> point;
    if (Unescape(point) == mountpoint.string()) return true;
  }
  return false;
}

FuseMount::FuseMount(HoardfsRun run) : mountpoint_(run.mountpoint) {
  std::error_code ec;
  if (std::filesystem::exists(mountpoint_, ec)) mountpoint_ = std::filesystem::canonical(mountpoint_, ec);
  busy_before_ = mounted();
  std::vector<std::string> args = {Executable("hoardfs").string()};
  args.insert(args.end(), run.args.begin(), run.args.end());
  if (run.foreground) args.push_back("-f");
  std::string err = (home_.path() / "stderr").string();
  Clock::time_point start = Clock::now();
  pid_ = fork();
  if (pid_ == 0) {
    setsid();  // no controlling terminal: hoardfs must never prompt in a test
    int fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, STDERR_FILENO);
    int null = open("/dev/null", O_RDWR);
    dup2(null, STDIN_FILENO);
    dup2(null, STDOUT_FILENO);
    setenv("HOME", home_.path().c_str(), 1);
    unsetenv("SSH_AUTH_SOCK");
    for (const auto& [name, value] : run.env) setenv(name.c_str(), value.c_str(), 1);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  Clock::time_point give_up = start + run.wait;
  while (Clock::now() < give_up) {
    if (exit_status()) break;                  // failed, or a daemon's parent returning
    if (run.foreground && !busy_before_ && mounted()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  startup_time_ = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

FuseMount::~FuseMount() {
  Unmount();
  if (pid_ > 0 && !exit_status_ && !WaitExit(std::chrono::seconds(10))) {
    ADD_FAILURE() << "hoardfs did not exit after unmount; killing it";
    kill(pid_, SIGKILL);
    int status;
    waitpid(pid_, &status, 0);
  }
}

std::optional<int> FuseMount::exit_status() {
  if (!exit_status_ && pid_ > 0) {
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) exit_status_ = Decode(status);
  }
  return exit_status_;
}

std::optional<int> FuseMount::WaitExit(std::chrono::seconds wait) {
  Clock::time_point give_up = Clock::now() + wait;
  while (!exit_status() && Clock::now() < give_up) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return exit_status_;
}

std::string FuseMount::stderr_text() const {
  std::ifstream in(home_.path() / "stderr");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void FuseMount::Kill(int signal) {
  if (pid_ > 0 && !exit_status()) kill(pid_, signal);
}

bool FuseMount::Unmount() {
  if (busy_before_ || !mounted()) return true;
  if (!RunQuietly("fusermount3 -u '" + mountpoint_.string() + "'")) {
    RunQuietly("fusermount3 -uz '" + mountpoint_.string() + "'");
  }
  return !mounted();
}

}  // namespace hoard::test
