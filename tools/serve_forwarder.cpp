// `hoard serve ...` runs `hoard-serve serve ...` from the folder `hoard` is in,
// replacing this process (same pid, same signals, same exit status): see
// hoard_serve_main.cpp for why the web view is a program of its own.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "tools/commands.h"

namespace hoard::tools {
namespace {

constexpr const char* kServeProgram = "hoard-serve";

int ExecServe(const std::vector<std::string>& args) {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return Fail(Status::Error(ec.value(), "cannot find hoard's own folder: " + ec.message()), "hoard serve");
  const std::string program = (self.parent_path() / kServeProgram).string();
  std::vector<std::string> owned{kServeProgram, "serve"};
  owned.insert(owned.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : owned) argv.push_back(arg.data());
  argv.push_back(nullptr);
  ::execv(program.c_str(), argv.data());
  return Fail(Status::Error(errno, "cannot run " + program + ": " + std::strerror(errno)), "hoard serve");
}

}  // namespace

void AddServeForwarder(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("serve", "Serve the feed, new releases and the catalog to a browser");
  // Every argument, --help included, is hoard-serve's to parse.
  cmd->prefix_command();
  cmd->set_help_flag();
  cmd->callback([cmd, &exit_code] { exit_code = ExecServe(cmd->remaining()); });
}

}  // namespace hoard::tools
