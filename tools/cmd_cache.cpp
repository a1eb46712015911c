// `hoard cache stats|pin|unpin|evict|verify --cache-dir DIR [--json]`:
// administration of a hoardfs cache, mounted or not.
//
// The commands work on the cache directory (its index.db) and never on the
// mount's memory. stats, pin, unpin and verify only go through SQLite (WAL:
// readers never block the mount), so they run beside a mount; evict changes
// blocks, which only the cache's owner may do (cache_lock.h), so it takes
// the lock and is refused while a mount runs. `pin --mount` and
// `verify --mount` go through the mount itself to reach the server; verify
// reports and changes nothing.
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fs/cache/cache_clock.h"
#include "fs/cache/cache_lock.h"
#include "fs/cache/cache_paths.h"
#include "fs/cache/cache_store.h"
#include "tools/commands.h"

namespace hoard::tools {
namespace {

constexpr std::string_view kCommand = "hoard cache";

struct CacheArgs {
  std::string cache_dir;
  std::string mount;
  std::vector<std::string> paths;
  bool json = false;
  bool all = false;
};

std::string HumanSize(std::uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

// A cache as an administration command sees it: owned (its lock taken: no
// mount runs) or opened beside whatever may own it.
struct AdminCache {
  std::optional<fs::CacheLock> lock;
  std::unique_ptr<fs::CacheStore> store;
};

// `needs_owner`: the command changes blocks, which only the owner may do (a
// mount keeps the blocks it serves in memory), so it takes the cache's lock
// and is refused while a mount runs. The others go through SQLite only, run
// beside a mount, take no lock (a mount starting meanwhile is not refused),
// and never sweep or rebuild anything: a damaged index is reported.
Result<AdminCache> OpenCache(const CacheArgs& args, const std::string& command, bool needs_owner) {
  if (!fs::CacheExists(args.cache_dir)) {
    return Status::Error(ENOENT, "no cache in " + args.cache_dir + " (nothing mounted with it yet)");
  }
  AdminCache cache;
  if (needs_owner) {
    auto lock = fs::CacheLock::Acquire(args.cache_dir, "hoard cache " + command, std::chrono::seconds(2));
    if (!lock.ok()) {
      return lock.status().code() == EBUSY ? Status::Error(EBUSY, lock.status().message() + ": unmount it first")
                                           : lock.status();
    }
    cache.lock = std::move(lock).value();
  }
  static const fs::SystemClock kClock;
  auto store = fs::CacheStore::Open(args.cache_dir, 0, kClock, nullptr,
                                    cache.lock ? fs::CacheAccess::kOwner : fs::CacheAccess::kBeside);
  if (!store.ok()) return store.status();
  cache.store = std::move(store).value();
  return cache;
}

// "/Artist/Album/" and "/Artist/Album" name the same thing.
std::string NormalizeRemotePath(std::string path) {
  if (path.empty() || path[0] != '/') path = "/" + path;
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

bool IsUnder(const std::string& path, const std::string& top) {
  return top == "/" || path == top || path.rfind(top + "/", 0) == 0;
}

std::uint64_t DiskBytes(const std::filesystem::path& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      total += static_cast<std::uint64_t>(st.st_blocks) * 512;
    }
  }
  return total;
}

int RunStats(const CacheArgs& args) {
  auto cache = OpenCache(args, "stats", false);
  if (!cache.ok()) return Fail(cache.status(), kCommand);
  fs::CacheIndex& index = cache->store->index();
  auto files = index.ListFiles();
  auto counters = index.LoadCounters();
  auto pins = index.ListPins();
  auto cap = index.GetSetting("cap_bytes");
  if (!files.ok()) return Fail(files.status(), kCommand);
  if (!counters.ok()) return Fail(counters.status(), kCommand);
  if (!pins.ok()) return Fail(pins.status(), kCommand);
  std::uint64_t cached = 0, with_bytes = 0, complete = 0;
  for (const auto& f : *files) {
    cached += f.cached_bytes;
    if (f.cached_bytes > 0) ++with_bytes;
    if (f.cached_bytes == f.size && f.size > 0) ++complete;
  }
  std::uint64_t cap_bytes = cap.ok() && *cap ? static_cast<std::uint64_t>(**cap) : 0;
  std::uint64_t requests = counters->hits + counters->misses;
  double hit_ratio = requests ? static_cast<double>(counters->hits) / static_cast<double>(requests) : 0;
  std::uint64_t disk = DiskBytes(args.cache_dir);
  if (args.json) {
    nlohmann::json j = {{"cache_dir", args.cache_dir},   {"bytes_cached", cached},
                        {"cap_bytes", cap_bytes},        {"disk_bytes", disk},
                        {"files", with_bytes},           {"complete_files", complete},
                        {"hits", counters->hits},        {"misses", counters->misses},
                        {"hit_ratio", hit_ratio},        {"bytes_fetched", counters->bytes_fetched},
                        {"bytes_from_cache", counters->bytes_from_cache},
                        {"pinned", *pins}};
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("cache dir:       %s\n", args.cache_dir.c_str());
  std::printf("cached:          %s in %llu files (%llu complete)\n", HumanSize(cached).c_str(),
              static_cast<unsigned long long>(with_bytes), static_cast<unsigned long long>(complete));
  std::printf("size cap:        %s\n", cap_bytes ? HumanSize(cap_bytes).c_str() : "unknown");
  std::printf("on disk:         %s\n", HumanSize(disk).c_str());
  std::printf("hit ratio:       %.1f%% (%llu hits, %llu misses)\n", hit_ratio * 100,
              static_cast<unsigned long long>(counters->hits),
              static_cast<unsigned long long>(counters->misses));
  std::printf("over the link:   %s\n", HumanSize(counters->bytes_fetched).c_str());
  std::printf("from the cache:  %s\n", HumanSize(counters->bytes_from_cache).c_str());
  std::printf("pinned:          %s\n", pins->empty() ? "nothing" : "");
  for (const auto& p : *pins) std::printf("  %s\n", p.c_str());
  return 0;
}

// Reads every regular file under `top` through the mount, so the mount
// fetches (and, pinned, keeps) them.
Status FetchThroughMount(const std::filesystem::path& top, std::uint64_t* bytes) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_regular_file(top, ec)) {
    files.push_back(top);
  } else {
    for (auto it = std::filesystem::recursive_directory_iterator(top, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec)) files.push_back(it->path());
    }
  }
  if (ec) return Status::Error(ec.value(), "read " + top.string() + ": " + ec.message());
  std::vector<char> buf(1 << 20);
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
      *bytes += static_cast<std::uint64_t>(in.gcount());
    }
    if (in.bad()) return Status::Error(EIO, "read " + f.string() + " through the mount failed");
  }
  return Status::Ok();
}

int RunPin(const CacheArgs& args, bool pin) {
  auto cache = OpenCache(args, pin ? "pin" : "unpin", false);
  if (!cache.ok()) return Fail(cache.status(), kCommand);
  const auto& store = cache->store;
  for (const auto& raw : args.paths) {
    std::string path = NormalizeRemotePath(raw);
    if (Status s = store->index().SetPinned(path, pin); !s.ok()) return Fail(s, kCommand);
    if (pin && !args.mount.empty()) {
      std::uint64_t bytes = 0;
      std::filesystem::path local = std::filesystem::path(args.mount) / path.substr(1);
      if (Status s = FetchThroughMount(local, &bytes); !s.ok()) return Fail(s, kCommand);
      std::printf("pinned %s (%s read through %s)\n", path.c_str(), HumanSize(bytes).c_str(),
                  args.mount.c_str());
    } else {
      std::printf("%s %s\n", pin ? "pinned" : "unpinned", path.c_str());
    }
  }
  return 0;
}

int RunEvict(const CacheArgs& args) {
  if (args.paths.empty() && !args.all) {
    std::fprintf(stderr, "hoard cache evict: name paths to evict, or --all\n");
    return 2;
  }
  auto cache = OpenCache(args, "evict", true);
  if (!cache.ok()) return Fail(cache.status(), kCommand);
  const auto& store = cache->store;
  auto files = store->index().ListFiles();
  if (!files.ok()) return Fail(files.status(), kCommand);
  std::uint64_t freed = 0, count = 0;
  for (const auto& f : *files) {
    bool named = args.all;
    for (const auto& raw : args.paths) named = named || IsUnder(f.path, NormalizeRemotePath(raw));
    // --all spares pins; a path named explicitly is evicted even if pinned.
    if (!named || f.cached_bytes == 0 || (args.all && f.pinned && args.paths.empty())) continue;
    if (Status s = store->Forget(f.path); !s.ok()) return Fail(s, kCommand);
    freed += f.cached_bytes;
    ++count;
  }
  if (args.json) {
    std::printf("%s\n", nlohmann::json({{"files", count}, {"bytes_freed", freed}}).dump(2).c_str());
  } else {
    std::printf("evicted %llu files, %s\n", static_cast<unsigned long long>(count),
                HumanSize(freed).c_str());
  }
  return 0;
}

int RunVerify(const CacheArgs& args) {
  auto cache = OpenCache(args, "verify", false);
  if (!cache.ok()) return Fail(cache.status(), kCommand);
  const auto& store = cache->store;
  auto files = store->index().ListFiles();
  if (!files.ok()) return Fail(files.status(), kCommand);
  nlohmann::json problems = nlohmann::json::array();
  std::uint64_t checked = 0;
  for (const auto& f : *files) {
    if (f.cached_bytes == 0) continue;
    ++checked;
    auto blocks = store->index().LoadBlocks(f.id);
    if (!blocks.ok()) return Fail(blocks.status(), kCommand);
    std::uint64_t needed = 0;
    for (const auto& b : *blocks) {
      needed = std::max<std::uint64_t>(needed, std::uint64_t{b.index} * fs::kCacheBlockSize + b.length);
    }
    struct stat st {};
    std::string data = (std::filesystem::path(args.cache_dir) / "data" / std::to_string(f.id)).string();
    if (::stat(data.c_str(), &st) != 0 || static_cast<std::uint64_t>(st.st_size) < needed) {
      problems.push_back({{"path", f.path}, {"problem", "data file missing or truncated (refetched on read)"}});
    }
    if (args.mount.empty()) continue;
    std::string local = args.mount + f.path;
    if (::stat(local.c_str(), &st) != 0) {
      problems.push_back({{"path", f.path}, {"problem", "gone from the server (or unreachable)"}});
    } else if (static_cast<std::uint64_t>(st.st_size) != f.size || st.st_mtim.tv_sec != f.mtime) {
      problems.push_back({{"path", f.path}, {"problem", "changed on the server (refetched on next open)"}});
    }
  }
  if (args.json) {
    std::printf("%s\n", nlohmann::json({{"checked", checked}, {"problems", problems}}).dump(2).c_str());
  } else {
    for (const auto& p : problems) {
      std::printf("%s: %s\n", p["path"].get<std::string>().c_str(), p["problem"].get<std::string>().c_str());
    }
    std::printf("checked %llu cached files%s: %zu problem(s)\n", static_cast<unsigned long long>(checked),
                args.mount.empty() ? " (local only; --mount to compare with the server)" : "",
                problems.size());
  }
  return problems.empty() ? 0 : 1;
}

}  // namespace

void AddCacheCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<CacheArgs>();
  CLI::App* cache = app.add_subcommand("cache", "Inspect and manage a hoardfs cache");
  cache->require_subcommand(1);
  auto common = [args](CLI::App* sub) {
    sub->add_option("--cache-dir", args->cache_dir, "The cache directory (cache_dir= of the mount)")
        ->required();
    sub->add_flag("--json", args->json, "Machine-readable output");
  };
  CLI::App* stats = cache->add_subcommand("stats", "Bytes cached, cap, files, hit ratio, pins");
  common(stats);
  stats->callback([args, &exit_code] { exit_code = RunStats(*args); });

  CLI::App* pin = cache->add_subcommand("pin", "Keep files or directories (exempt from eviction)");
  common(pin);
  pin->add_option("paths", args->paths, "Paths inside the mounted tree, e.g. /Artist/Album")->required();
  pin->add_option("--mount", args->mount, "Fetch them now through this mountpoint");
  pin->callback([args, &exit_code] { exit_code = RunPin(*args, true); });

  CLI::App* unpin = cache->add_subcommand("unpin", "Let pinned paths be evicted again");
  common(unpin);
  unpin->add_option("paths", args->paths, "Paths inside the mounted tree")->required();
  unpin->callback([args, &exit_code] { exit_code = RunPin(*args, false); });

  CLI::App* evict = cache->add_subcommand("evict", "Drop cached bytes of paths (or --all unpinned)");
  common(evict);
  evict->add_option("paths", args->paths, "Paths inside the mounted tree");
  evict->add_flag("--all", args->all, "Everything that is not pinned");
  evict->callback([args, &exit_code] { exit_code = RunEvict(*args); });

  CLI::App* verify = cache->add_subcommand("verify", "Check cached files (against the server with --mount)");
  common(verify);
  verify->add_option("--mount", args->mount, "Compare size and mtime with the server through this mount");
  verify->callback([args, &exit_code] { exit_code = RunVerify(*args); });
}

}  // namespace hoard::tools
