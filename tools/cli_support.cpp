// What every hoard executable sets up the same way: where diagnostics go,
// how a failed command is reported, and the parsing of the command line.
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "tools/commands.h"

namespace hoard::tools {

void UseStderrLogger() {
  // Diagnostics go to stderr: stdout carries the command's output.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("stderr"));
  spdlog::set_pattern("hoard: %v");
  spdlog::set_level(spdlog::level::warn);
}

int Fail(const Status& status, std::string_view command) {
  std::fprintf(stderr, "%.*s: %s\n", static_cast<int>(command.size()), command.data(), status.ToString().c_str());
  return 1;
}

int RunCommandLine(int argc, char** argv, const std::string& title, void (*add_commands)(CLI::App&, int&)) {
  UseStderrLogger();
  CLI::App app{title};
  app.name("hoard");
  app.require_subcommand(1);
  int exit_code = 0;
  add_commands(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}

}  // namespace hoard::tools
