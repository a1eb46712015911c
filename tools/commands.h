// The `hoard` subcommands. Each Add*Command attaches one subcommand to `app`;
// when the user picks it, its callback stores the process exit status in
// `exit_code` (0 success, 1 the command failed, 2 bad usage). Failures are
// reported as one line on stderr naming the cause, never as an exception.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>

#include "base/status.h"

namespace hoard::tools {

void AddVersionCommand(CLI::App& app, int& exit_code);
// Reports a failed command: "<command>: <cause>" on stderr; returns exit status 1.
int Fail(const Status& status, std::string_view command = "hoard");
// Sends spdlog's lines, prefixed "hoard: ", to stderr at level warn.
void UseStderrLogger();
// The main of every hoard program (hoard, and hoard-serve and hoard-link
// behind their forwarded commands): the logger, then the command line parsed
// as `hoard`'s with the subcommands `add_commands` adds; returns the exit status.
int RunCommandLine(int argc, char** argv, const std::string& title, void (*add_commands)(CLI::App&, int&));
// A subcommand `command` that runs `program`, from the folder `hoard` is in,
// with `command` and every argument after it (subprogram_forwarder.cpp).
void AddSubprogramForwarder(CLI::App& app, int& exit_code, const std::string& command,
                            const std::string& description, const std::string& program);

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

// -- link history (issue 8): in hoard-link; `hoard link` forwards to it.
void AddLinkCommand(CLI::App& app, int& exit_code);

// -- web view (issue 7): in hoard-serve; `hoard serve` forwards to it.
void AddServeCommand(CLI::App& app, int& exit_code);

}  // namespace hoard::tools
