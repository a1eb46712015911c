// `hoard serve ...` runs `hoard-serve serve ...` (and `hoard link ...` runs
// `hoard-link link ...`) from the folder `hoard` is in, replacing this
// process: same pid, same signals, same exit status. Those commands need
// libraries that take milliseconds to load at every start (a web server
// built with OpenSSL and brotli; libssh2 and libcrypto), more than `hoard ls`
// spends on its query, so they live in programs of their own and the other
// commands never load them.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "tools/commands.h"

namespace hoard::tools {
namespace {

int ExecSubprogram(const std::string& command, const std::string& program_name,
                   const std::vector<std::string>& args) {
  const std::string context = "hoard " + command;
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return Fail(Status::Error(ec.value(), "cannot find hoard's own folder: " + ec.message()), context);
  const std::string program = (self.parent_path() / program_name).string();
  std::vector<std::string> owned{program_name, command};
  owned.insert(owned.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : owned) argv.push_back(arg.data());
  argv.push_back(nullptr);
  ::execv(program.c_str(), argv.data());
  return Fail(Status::Error(errno, "cannot run " + program + ": " + std::strerror(errno)), context);
}

}  // namespace

void AddSubprogramForwarder(CLI::App& app, int& exit_code, const std::string& command,
                            const std::string& description, const std::string& program) {
  CLI::App* cmd = app.add_subcommand(command, description);
  // Every argument, --help included, is the subprogram's to parse.
  cmd->prefix_command();
  cmd->set_help_flag();
  cmd->callback([cmd, &exit_code, command, program] {
    exit_code = ExecSubprogram(command, program, cmd->remaining());
  });
}

}  // namespace hoard::tools
