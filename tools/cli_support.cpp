// What every hoard executable sets up the same way: where diagnostics go and
// how a failed command is reported.
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

}  // namespace hoard::tools
