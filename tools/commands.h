// The `hoard` subcommands. Each Add*Command attaches one subcommand to `app`;
// when the user picks it, its callback stores the process exit status in
// `exit_code` (0 success, 1 the command failed, 2 bad usage). Failures are
// reported as one line on stderr naming the cause, never as an exception.
#pragma once

#include <CLI/CLI.hpp>

#include <string_view>

#include "base/status.h"

namespace hoard::tools {

void AddVersionCommand(CLI::App& app, int& exit_code);
// Reports a failed command: "<command>: <cause>" on stderr; returns exit status 1.
int Fail(const Status& status, std::string_view command = "hoard");
// Sends spdlog's lines, prefixed "hoard: ", to stderr at level warn.
void UseStderrLogger();

// -- catalog commands (issue 5)
void AddIndexCommand(CLI::App& app, int& exit_code);
void AddLsCommand(CLI::App& app, int& exit_code);
void AddArtistsCommand(CLI::App& app, int& exit_code);
void AddAlbumsCommand(CLI::App& app, int& exit_code);
void AddStatsCommand(CLI::App& app, int& exit_code);

// -- feed commands (issue 6)
void AddFeedCommands(CLI::App& app, int& exit_code);

// -- cache administration (issue 4)
void AddCacheCommand(CLI::App& app, int& exit_code);

// -- link history (issue 8)
void AddLinkCommand(CLI::App& app, int& exit_code);

// -- web view (issue 7)
// The real `serve`, in hoard-serve; `hoard` has the forwarder that runs it.
void AddServeCommand(CLI::App& app, int& exit_code);
void AddServeForwarder(CLI::App& app, int& exit_code);

}  // namespace hoard::tools
