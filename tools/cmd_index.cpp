// `hoard index PATH... [--db FILE] [--jobs N] [--quiet]`: brings the catalog
// in line with the files under PATH. The work is in catalog/indexer; this file
// is the terminal side: a progress bar when stderr is a terminal, the
// one-line summary, exit status.
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "catalog/catalog_db.h"
#include "catalog/indexer.h"
#include "tools/commands.h"

namespace hoard::tools {
namespace {

std::string Clock(double seconds) {
  long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  return buf;
}

void DrawProgress(const catalog::IndexProgress& p) {
  if (p.walking) {
    std::fprintf(stderr, "\r\033[Kscanning: %lld audio files found", static_cast<long long>(p.walked));
    return;
  }
  constexpr int kWidth = 30;
  double fraction = p.to_read > 0 ? static_cast<double>(p.read) / p.to_read : 1.0;
  int filled = static_cast<int>(fraction * kWidth);
  double rate = p.elapsed_s > 0 ? p.read / p.elapsed_s : 0;
  std::string eta = rate > 0 ? Clock((p.to_read - p.read) / rate) : "-:--:--";
  std::fprintf(stderr, "\r\033[K[%s%s] %lld/%lld  %.0f files/s  ETA %s",
               std::string(filled, '#').c_str(), std::string(kWidth - filled, ' ').c_str(),
               static_cast<long long>(p.read), static_cast<long long>(p.to_read), rate,
               eta.c_str());
}

}  // namespace

void AddIndexCommand(CLI::App& app, int& exit_code) {
  struct Options {
    std::vector<std::string> paths;
    std::string db;
    int jobs = 0;  // 0: catalog::DefaultIndexJobs
    bool quiet = false;
    bool prune = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("index", "Index the audio files under PATH into the catalog");
  cmd->add_option("paths", opts->paths, "Folders to index (a local folder or a hoardfs mount)")
      ->required();
  cmd->add_option("--db", opts->db, "Catalog file (default: $HOARD_DB, else $XDG_DATA_HOME/hoard/catalog.db)");
  cmd->add_option("-j,--jobs", opts->jobs,
                  "Files read at once (default: the number of CPUs; 16 on a network filesystem such as a "
                  "hoardfs, sshfs or NFS mount)")
      ->check(CLI::Range(1, 256));
  cmd->add_flag("-q,--quiet", opts->quiet, "Print nothing but errors (for cron)");
  cmd->add_flag("--prune", opts->prune,
                "Also remove the tracks of a folder that is now empty, or that lost more than half of them "
                "(without it, such a folder is taken for an unmounted hoard and nothing is removed)");
  cmd->callback([opts, &exit_code] {
    Result<std::string> path = catalog::ResolveCatalogPath(opts->db);
    if (!path.ok()) {
      std::fprintf(stderr, "hoard index: %s\n", path.status().ToString().c_str());
      exit_code = 1;
      return;
    }
    auto db = catalog::OpenCatalogForWrite(*path);
    if (!db.ok()) {
      std::fprintf(stderr, "hoard index: %s\n", db.status().ToString().c_str());
      exit_code = 1;
      return;
    }
    catalog::IndexOptions index;
    index.roots = opts->paths;
    index.jobs = opts->jobs > 0 ? opts->jobs : catalog::DefaultIndexJobs(opts->paths);
    index.prune = opts->prune;
    bool bar = !opts->quiet && ::isatty(STDERR_FILENO);
    if (bar) index.on_progress = DrawProgress;
    Result<catalog::IndexSummary> summary = catalog::IndexPaths(**db, index);
    if (bar) std::fprintf(stderr, "\r\033[K");
    if (!summary.ok()) {
      std::fprintf(stderr, "hoard index: %s\n", summary.status().ToString().c_str());
      exit_code = 1;
      return;
    }
    for (const std::string& error : summary->root_errors) {
      std::fprintf(stderr, "hoard index: %s (nothing below it was removed)\n", error.c_str());
    }
    if (!opts->quiet) {
      const catalog::IndexSummary& s = *summary;
      std::int64_t read = s.added + s.updated + s.moved;
      std::printf(
          "indexed %lld (%lld new, %lld changed, %lld moved), unchanged %lld, removed %lld, "
          "unreadable %lld, in %.1f s (%.0f files/s)\n",
          static_cast<long long>(read), static_cast<long long>(s.added),
          static_cast<long long>(s.updated), static_cast<long long>(s.moved),
          static_cast<long long>(s.unchanged), static_cast<long long>(s.removed),
          static_cast<long long>(s.unreadable), s.seconds,
          s.seconds > 0 ? (read + s.unchanged + s.unreadable) / s.seconds : 0.0);
    }
    exit_code = summary->root_errors.empty() ? 0 : 1;
  });
}

}  // namespace hoard::tools
