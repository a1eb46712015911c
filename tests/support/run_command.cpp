#include "tests/support/run_command.h"

#include <stdio.h>
#include <sys/wait.h>

#include "tests/support/paths.h"

namespace hoard::test {
namespace {

std::string ShellQuote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) {
    if (c == '\'') {
      quoted.append("'\\''");
    } else {
      quoted.push_back(c);
    }
  }
  quoted.push_back('\'');
  return quoted;
}

}  // namespace

CommandOutput RunCommand(const std::vector<std::string>& argv, bool with_stderr) {
  std::string command;
  for (const std::string& arg : argv) {
    if (!command.empty()) command += ' ';
    command += ShellQuote(arg);
  }
  if (with_stderr) command += " 2>&1";
  CommandOutput result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) result.output.append(buf, n);
  int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

CommandOutput RunHoard(const std::vector<std::string>& args, bool with_stderr) {
  std::vector<std::string> argv = {Executable("hoard").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, with_stderr);
}

}  // namespace hoard::test
