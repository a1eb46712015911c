// `hoard ls [QUERY...] [-a] [--format TEMPLATE] [--json] [--sort KEYS]`: the
// tracks (or albums) matching a beets-like query; see catalog/query_parser.h.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "base/json_text.h"
#include "catalog/catalog_db.h"
#include "catalog/catalog_json.h"
#include "catalog/query.h"
#include "catalog/track_format.h"
#include "tools/commands.h"

namespace hoard::tools {

namespace {

struct ListOptions {
  std::vector<std::string> query;
  std::string db;
  std::string format;
  std::string sort;
  bool albums = false;
  bool json = false;
};

// Shared by `ls` and `albums`; returns the exit status.
int ListCatalog(const char* command, const ListOptions& opts) {
  auto fail = [command](const Status& status) {
    std::fprintf(stderr, "hoard %s: %s\n", command, status.ToString().c_str());
    return 1;
  };
  Result<catalog::Query> query = catalog::ParseQuery(opts.query);
  if (!query.ok()) {
    fail(query.status());
    return 2;
  }
  if (!opts.sort.empty()) {
    Result<std::vector<catalog::SortKey>> keys = catalog::ParseSortKeys(opts.sort);
    if (!keys.ok()) {
      fail(keys.status());
      return 2;
    }
    query->sort.insert(query->sort.begin(), keys->begin(), keys->end());
  }
  auto db = catalog::OpenCatalogForQuery(opts.db);
  if (!db.ok()) return fail(db.status());
  nlohmann::json out = nlohmann::json::array();
  if (opts.albums) {
    auto albums = catalog::FindAlbums(**db, *query);
    if (!albums.ok()) return fail(albums.status());
    std::string tmpl = opts.format.empty() ? catalog::kDefaultAlbumTemplate : opts.format;
    for (const catalog::Album& album : *albums) {
      if (opts.json) {
        out.push_back(catalog::AlbumToJson(album));
      } else {
        std::printf("%s\n", catalog::FormatAlbum(album, tmpl).c_str());
      }
    }
  } else {
    auto tracks = catalog::FindTracks(**db, *query);
    if (!tracks.ok()) return fail(tracks.status());
    std::string tmpl = opts.format.empty() ? catalog::kDefaultTrackTemplate : opts.format;
    for (const catalog::Track& track : *tracks) {
      if (opts.json) {
        out.push_back(catalog::TrackToJson(track));
      } else {
        std::printf("%s\n", catalog::FormatTrack(track, tmpl).c_str());
      }
    }
  }
  if (opts.json) std::fputs(JsonText(out).c_str(), stdout);
  return 0;
}

// Negated query words ("-live", "-artist:x") look like options to CLI11,
// which would split "-artist:x" into the flag "-a" and more. So these
// commands define no short options (not even -h): every "-word" reaches
// remaining() whole, and "-a" is recognised here.
void TakeDashWords(CLI::App* cmd, ListOptions& opts) {
  for (const std::string& word : cmd->remaining()) {
    if (word == "-a") {
      opts.albums = true;
    } else {
      opts.query.push_back(word);
    }
  }
}

void AddListOptions(CLI::App* cmd, ListOptions& opts) {
  cmd->add_option("query", opts.query, "Query words: text, field:value, field:=exact, year:2000..2005, -term, field+/field-");
  cmd->add_option("--db", opts.db, "Catalog file (default: $HOARD_DB, else $XDG_DATA_HOME/hoard/catalog.db)");
  cmd->add_option("--format", opts.format, "Output template: $artist - $title, ${year}");
  cmd->add_option("--sort", opts.sort, "Sort keys: \"year- artist+\"");
  cmd->add_flag("--json", opts.json, "Print a JSON array");
  cmd->set_help_flag("--help", "Print this help message and exit");
  cmd->allow_extras(true);
}

}  // namespace

void AddLsCommand(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<ListOptions>();
  CLI::App* cmd = app.add_subcommand("ls", "List tracks (or albums with -a) matching a query");
  AddListOptions(cmd, *opts);
  cmd->add_flag("--albums", opts->albums, "List albums instead of tracks (also -a)");
  cmd->callback([cmd, opts, &exit_code] {
    TakeDashWords(cmd, *opts);
    exit_code = ListCatalog("ls", *opts);
  });
}

void AddAlbumsCommand(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<ListOptions>();
  CLI::App* cmd = app.add_subcommand("albums", "List albums (album artist, album, year) matching a query");
  AddListOptions(cmd, *opts);
  opts->albums = true;
  cmd->callback([cmd, opts, &exit_code] {
    TakeDashWords(cmd, *opts);
    if (opts->format.empty()) opts->format = "$albumartist - $album ($year)  [$tracks tracks, $duration, $formats]";
    exit_code = ListCatalog("albums", *opts);
  });
}

}  // namespace hoard::tools
