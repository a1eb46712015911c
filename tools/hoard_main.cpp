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

}  // namespace hoard::tools

int main(int argc, char** argv) {
  hoard::tools::UseStderrLogger();

  CLI::App app{"hoard: your music hoard, mounted, catalogued and watched for new releases"};
  app.require_subcommand(1);
  app.set_version_flag("-V,--version", std::string("hoard ") + hoard::kVersion);
  int exit_code = 0;
  hoard::tools::AddVersionCommand(app, exit_code);
  // -- catalog commands (issue 5)
  hoard::tools::AddIndexCommand(app, exit_code);
  hoard::tools::AddLsCommand(app, exit_code);
  hoard::tools::AddArtistsCommand(app, exit_code);
  hoard::tools::AddAlbumsCommand(app, exit_code);
  hoard::tools::AddStatsCommand(app, exit_code);

  // -- feed commands (issue 6)
  hoard::tools::AddFeedCommands(app, exit_code);

  // -- cache administration (issue 4)
  hoard::tools::AddCacheCommand(app, exit_code);

  // -- link history (issue 8)
  hoard::tools::AddSubprogramForwarder(app, exit_code, "link", "Availability history of the hoard's server",
                                       "hoard-link");

  // -- web view (issue 7)
  hoard::tools::AddSubprogramForwarder(app, exit_code, "serve",
                                       "Serve the feed, new releases and the catalog to a browser", "hoard-serve");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
