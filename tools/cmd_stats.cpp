// `hoard stats [--json] [--unreadable]`: what the catalog holds.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "base/json_text.h"
#include "catalog/catalog_db.h"
#include "catalog/catalog_json.h"
#include "catalog/catalog_reader.h"
#include "catalog/track_fields.h"
#include "tools/commands.h"

namespace hoard::tools {
namespace {

std::string HumanSize(std::int64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 5) {
    value /= 1024;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  return buf;
}

}  // namespace

void AddStatsCommand(CLI::App& app, int& exit_code) {
  struct Options {
    std::string db;
    bool json = false;
    bool unreadable = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("stats", "Count tracks, albums, artists, time, size and formats");
  cmd->add_option("--db", opts->db, "Catalog file (default: $HOARD_DB, else $XDG_DATA_HOME/hoard/catalog.db)");
  cmd->add_flag("--json", opts->json, "Print a JSON object");
  cmd->add_flag("--unreadable", opts->unreadable, "Also list the unreadable files and why");
  cmd->callback([opts, &exit_code] {
    auto fail = [&exit_code](const Status& status) {
      std::fprintf(stderr, "hoard stats: %s\n", status.ToString().c_str());
      exit_code = 1;
    };
    auto db = catalog::OpenCatalogForQuery(opts->db);
    if (!db.ok()) return fail(db.status());
    auto stats = catalog::ReadStats(**db);
    if (!stats.ok()) return fail(stats.status());
    std::vector<catalog::UnreadableFile> unreadable;
    if (opts->unreadable) {
      auto list = catalog::ListUnreadable(**db);
      if (!list.ok()) return fail(list.status());
      unreadable = std::move(*list);
    }
    const catalog::CatalogStats& s = *stats;
    if (opts->json) {
      nlohmann::json out = catalog::StatsToJson(s);
      if (opts->unreadable) {
        out["unreadable_files"] = nlohmann::json::array();
        for (const auto& u : unreadable) {
          out["unreadable_files"].push_back({{"path", u.path}, {"reason", u.reason}});
        }
      }
      std::fputs(JsonText(out).c_str(), stdout);
    } else {
      std::printf("tracks:     %lld\nalbums:     %lld\nartists:    %lld\n",
                  static_cast<long long>(s.tracks), static_cast<long long>(s.albums),
                  static_cast<long long>(s.artists));
      std::printf("total time: %s\ntotal size: %s\n", catalog::FormatDuration(s.duration_ms).c_str(),
                  HumanSize(s.size).c_str());
      std::string formats;
      for (const auto& [format, count] : s.formats) {
        formats += (formats.empty() ? "" : ", ") + format + " " + std::to_string(count);
      }
      std::printf("formats:    %s\nunreadable: %lld\n", formats.c_str(),
                  static_cast<long long>(s.unreadable));
      if (!s.other_files.empty()) {
        // Most common first: "other files: jpg 120, cue 14".
        std::vector<std::pair<std::string, std::int64_t>> other(s.other_files.begin(), s.other_files.end());
        std::stable_sort(other.begin(), other.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        std::string line;
        for (const auto& [ext, count] : other) {
          line += (line.empty() ? "" : ", ") + (ext.empty() ? std::string("(no extension)") : ext) + " " +
                  std::to_string(count);
        }
        std::printf("other files: %s\n", line.c_str());
      }
      for (const auto& u : unreadable) std::printf("  %s: %s\n", u.path.c_str(), u.reason.c_str());
    }
    exit_code = 0;
  });
}

}  // namespace hoard::tools
