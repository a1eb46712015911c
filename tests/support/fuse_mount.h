// FuseMount: runs build/bin/hoardfs in a test and always unmounts.
//
// hoardfs runs with HOME pointing at an empty temp dir, without
// SSH_AUTH_SOCK and without a controlling terminal, so only the keys and
// known_hosts the test names are used and nothing can prompt.
// The constructor returns once the mountpoint shows in /proc/self/mountinfo
// or hoardfs has exited (a failed mount: see exit_status() and
// stderr_text()). When something was already mounted there (the "busy"
// case) it waits for hoardfs to exit and never unmounts: a FuseMount only
// unmounts what it mounted. The destructor unmounts (fusermount3 -u, lazily -uz if
// that fails) and reaps hoardfs, killing it if it does not exit, so a
// failing test leaves no mount and no process behind.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/paths.h"

namespace hoard::test {

struct HoardfsRun {
  // Everything after "hoardfs": source, mountpoint, options.
  std::vector<std::string> args;
  std::filesystem::path mountpoint;
  // Adds -f and keeps hoardfs as a child; false: hoardfs daemonizes and the
  // constructor waits for the command to return.
  bool foreground = true;
  std::chrono::seconds wait{30};
  // Extra environment for hoardfs (e.g. SSH_AUTH_SOCK for an agent test).
  std::vector<std::pair<std::string, std::string>> env;
};

class FuseMount {
 public:
  explicit FuseMount(HoardfsRun run);
  ~FuseMount();
  FuseMount(const FuseMount&) = delete;
  FuseMount& operator=(const FuseMount&) = delete;

  bool mounted() const { return IsMounted(mountpoint_); }
  // Set once hoardfs has exited (the daemonizing parent, or the -f process
  // after a failure or an unmount).
  std::optional<int> exit_status();
  // Waits up to `wait` for hoardfs (-f) to exit.
  std::optional<int> WaitExit(std::chrono::seconds wait);
  std::string stderr_text() const;
  // Sends `signal` to the hoardfs process (foreground runs only).
  void Kill(int signal);
  // fusermount3 -u; true when nothing is mounted there afterwards.
  bool Unmount();
  // How long the constructor took (for "fails within the timeout" checks).
  std::chrono::milliseconds startup_time() const { return startup_time_; }

  static bool IsMounted(const std::filesystem::path& mountpoint);

 private:
  TempDir home_;
  std::filesystem::path mountpoint_;
  bool busy_before_ = false;  // the mountpoint was already mounted
  pid_t pid_ = -1;
  std::optional<int> exit_status_;
  std::chrono::milliseconds startup_time_{0};
};

}  // namespace hoard::test
