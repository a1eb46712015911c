#include <CLI/CLI.hpp>
#include <cstdio>

#include "hoard/version.h"
#include "tools/commands.h"

namespace hoard::tools {

void AddVersionCommand(CLI::App& app, int& exit_code) {
  app.add_subcommand("version", "Print hoard's version")->callback([&exit_code] {
    std::printf("hoard %s\n", kVersion);
    exit_code = 0;
  });
}

namespace {

void AddHoardCommands(CLI::App& app, int& exit_code) {
  app.set_version_flag("-V,--version", std::string("hoard ") + kVersion);
  AddVersionCommand(app, exit_code);
  // -- catalog commands (issue 5)
  AddIndexCommand(app, exit_code);
  AddLsCommand(app, exit_code);
  AddArtistsCommand(app, exit_code);
  AddAlbumsCommand(app, exit_code);
  AddStatsCommand(app, exit_code);

  // -- feed commands (issue 6)
  AddFeedCommands(app, exit_code);

  // -- cache administration (issue 4)
  AddCacheCommand(app, exit_code);

  // -- link history (issue 8)
  AddSubprogramForwarder(app, exit_code, "link", "Availability history of the hoard's server", "hoard-link");

  // -- web view (issue 7)
  AddSubprogramForwarder(app, exit_code, "serve", "Serve the feed, new releases and the catalog to a browser",
                         "hoard-serve");
}

}  // namespace
}  // namespace hoard::tools

int main(int argc, char** argv) {
  return hoard::tools::RunCommandLine(argc, argv,
                                      "hoard: your music hoard, mounted, catalogued and watched for new releases",
                                      hoard::tools::AddHoardCommands);
}
