// `hoard artists [--json]`: the album artists in the catalog, with their
// album and track counts.
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "catalog/catalog_db.h"
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
    nlohmann::json out = nlohmann::json::array();
    for (const catalog::ArtistSummary& a : *artists) {
      if (opts->json) {
        out.push_back({{"name", a.name},
                       {"mb_artistid", a.mb_artistid.empty() ? nlohmann::json(nullptr)
                                                             : nlohmann::json(a.mb_artistid)},
                       {"albums", a.albums},
                       {"tracks", a.tracks}});
      } else {
        std::printf("%s  (%lld albums, %lld tracks)\n", a.name.c_str(),
                    static_cast<long long>(a.albums), static_cast<long long>(a.tracks));
      }
    }
    if (opts->json) std::printf("%s\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    exit_code = 0;
  });
}

}  // namespace hoard::tools
