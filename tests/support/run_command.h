// Runs a program the way a user would in a shell, for CLI tests: every
// argument passed through exactly (shell-quoted), output captured.
#pragma once

#include <string>
#include <vector>

namespace hoard::test {

struct CommandOutput {
  int status = -1;     // exit status; -1 when it did not exit normally
  std::string output;  // stdout, and stderr too when asked for
};

// Runs argv[0] with the rest as arguments.
CommandOutput RunCommand(const std::vector<std::string>& argv, bool with_stderr = true);
// Runs build/bin/hoard with `args`.
CommandOutput RunHoard(const std::vector<std::string>& args, bool with_stderr = true);

}  // namespace hoard::test
