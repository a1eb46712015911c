// `hoard artists [--json]`: the album artists in the catalog, with their
// album and track counts.
#include <cstdio>
#include <memory>
#include <string>

#include "base/json_text.h"
#include "catalog/catalog_db.h"
#include "catalog/catalog_json.h"
#include "catalog/catalog_reader.h"
#include "tools/commands.h"

namespace hoard::tools {

void AddArtistsCommand(CLI::App& app, int& exit_code) {
  struct Options {
    std::string db;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("artists", "List the album artists in the catalog");
  cmd->add_option("--db", opts->db, "Catalog file (default: $HOARD_DB, else $XDG_DATA_HOME/hoard/catalog.db)");
  cmd->add_flag("--json", opts->json, "Print a JSON array");
  cmd->callback([opts, &exit_code] {
    auto db = catalog::OpenCatalogForQuery(opts->db);
    auto artists = db.ok() ? catalog::ListArtists(**db)
                           : Result<std::vector<catalog::ArtistSummary>>(db.status());
    if (!artists.ok()) {
      std::fprintf(stderr, "hoard artists: %s\n", artists.status().ToString().c_str());
      exit_code = 1;
      return;
    }
    exit_code = 0;
    if (opts->json) {
      std::fputs(JsonText(catalog::ArtistsToJson(*artists)).c_str(), stdout);
      return;
    }
    for (const catalog::ArtistSummary& a : *artists) {
      std::printf("%s  (%lld albums, %lld tracks)\n", a.name.c_str(), static_cast<long long>(a.albums),
                  static_cast<long long>(a.tracks));
    }
  });
}

}  // namespace hoard::tools
