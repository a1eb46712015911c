// `hoard link probe` and `hoard link status`: the availability history of the
// hoard's server.
//
// A probe does what a mount needs, within a deadline: TCP connect, SSH
// handshake with the host key checked, authentication, and an SFTP stat of
// the path. Anything less (a ping, a TCP connect) would call a server up
// that hoardfs cannot use. The result goes into a LinkHistory (see
// fs/link/link_history.h for how observations are coalesced); hoardfs records its
// own observations into the same tables of its cache index, which
// `status --cache-dir` reads.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/units.h"
#include "fs/cache/cache_paths.h"
#include "fs/link/link_history.h"
#include "fs/fuse/mount_options.h"
#include "fs/sftp/sftp_session.h"
#include "fs/sftp/ssh_target.h"
#include "tools/commands.h"
#include "base/xdg_dirs.h"

namespace hoard::tools {
namespace {

struct ProbeArgs {
  std::string source;  // [user@]host[:path]
  int port = 22;
  std::vector<std::string> identities;
  std::string known_hosts;
  std::string db;
  std::int64_t interval = 600;
  int timeout = 10;
  bool quiet = false;
};

struct StatusArgs {
  std::string db;
  std::string cache_dir;
  std::string since = "7d";
  std::int64_t interval = 600;
  bool json = false;
};

std::int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Rfc3339(std::int64_t t) {
  std::time_t time = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&time, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string HumanSeconds(std::int64_t s) {
  if (s < 120) return std::to_string(s) + " s";
  if (s < 7200) return std::to_string(s / 60) + " min";
  if (s < 172800) return std::to_string(s / 3600) + " h";
  return std::to_string(s / 86400) + " d";
}

Result<std::string> DefaultLinkDb() {
  auto dir = HoardDataDir();
  if (!dir.ok()) return dir.status();
  return (*dir / "link.db").string();
}

// The source as hoardfs's parser takes it, [user@]host:[path]: a source
// without a path ("me@homeserver", "[::1]") gets the colon, and so means the
// login directory.
std::string WithPath(const std::string& source) {
  const std::size_t at = source.find('@');
  const std::size_t colon = source.find(':');
  const std::size_t host = at != std::string::npos && (colon == std::string::npos || at < colon) ? at + 1 : 0;
  const std::string_view rest = std::string_view(source).substr(host);
  const bool has_path = rest.starts_with('[') ? !rest.ends_with(']') : rest.find(':') != std::string_view::npos;
  return has_path ? source : source + ":";
}

// Connect, authenticate and stat: OK when the server could serve a mount.
Status Probe(const ProbeArgs& args) {
  auto options = fs::ParseMountArgs({WithPath(args.source), "/"});
  if (!options.ok()) return options.status();
  fs::SshTarget target =
      fs::ResolveSshTarget(options->user, options->host, args.port, args.identities, args.known_hosts);
  target.timeout = std::chrono::seconds(args.timeout);
  target.keepalive = std::chrono::seconds(0);
  auto session = fs::SftpSession::Connect(target, /*interactive=*/false, nullptr);
  if (!session.ok()) return session.status();
  std::string path = options->remote_path.empty() ? "." : options->remote_path;
  auto deadline = fs::Clock::now() + target.timeout;
  auto attr = (*session)->Lstat(path, deadline);
  if (!attr.ok()) return attr.status().WithContext("stat " + path);
  return Status::Ok();
}

int RunProbe(const ProbeArgs& args) {
  std::string db = args.db;
  if (db.empty()) {
    auto dflt = DefaultLinkDb();
    if (!dflt.ok()) return Fail(dflt.status());
    db = *dflt;
  }
  auto history = fs::LinkHistory::Open(db, args.interval);
  if (!history.ok()) return Fail(history.status());
  auto started = std::chrono::steady_clock::now();
  Status probe = Probe(args);
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (Status s = (*history)->Record(Now(), probe.ok(), probe.ok() ? "" : probe.ToString()); !s.ok()) {
    return Fail(s);
  }
  if (probe.ok()) {
    if (!args.quiet) std::printf("up: %s answered in %.2f s\n", args.source.c_str(), took);
    return 0;
  }
  if (!args.quiet) std::fprintf(stderr, "hoard: down: %s: %s\n", args.source.c_str(), probe.ToString().c_str());
  return 1;
}

int RunStatus(const StatusArgs& args) {
  std::string db = args.db;
  if (!args.cache_dir.empty()) {
    db = fs::LinkHistoryPath(args.cache_dir).string();
  } else if (db.empty()) {
    auto dflt = DefaultLinkDb();
    if (!dflt.ok()) return Fail(dflt.status());
    db = *dflt;
  }
  auto since = ParseDuration(args.since);
  if (!since.ok()) return Fail(since.status().WithContext("--since"));
  auto history = fs::LinkHistory::OpenReadOnly(db, args.interval);
  if (!history.ok()) return Fail(history.status());
  std::int64_t now = Now();
  auto report = (*history)->Report(now - since->count(), now);
  if (!report.ok()) return Fail(report.status());

  if (args.json) {
    nlohmann::json outages = nlohmann::json::array();
    for (const fs::LinkOutage& o : report->outages) {
      outages.push_back({{"start", Rfc3339(o.start)},
                         {"end", o.end ? nlohmann::json(Rfc3339(*o.end)) : nlohmann::json(nullptr)},
                         {"seconds", o.seconds}});
    }
    nlohmann::json out = {
        {"state", fs::LinkStateName(report->state)},
        {"availability", report->availability},
        {"known_seconds", report->known_seconds},
        {"down_seconds", report->down_seconds},
        {"outages", outages},
        {"transient_errors", report->transient_errors},
        {"last_change", report->last_change ? nlohmann::json(Rfc3339(*report->last_change)) : nlohmann::json(nullptr)},
        {"last_observation",
         report->last_observation ? nlohmann::json(Rfc3339(*report->last_observation)) : nlohmann::json(nullptr)},
        {"last_error", report->last_error},
    };
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("state: %s", fs::LinkStateName(report->state));
  if (report->last_change) std::printf(" (since %s)", Rfc3339(*report->last_change).c_str());
  std::printf("\navailability: %.2f%% of %s observed in the last %s\n", 100.0 * report->availability,
              HumanSeconds(report->known_seconds).c_str(), args.since.c_str());
  std::printf("transient errors: %lld\n", static_cast<long long>(report->transient_errors));
  std::printf("outages: %zu\n", report->outages.size());
  for (const fs::LinkOutage& o : report->outages) {
    std::printf("  %s -> %s  (%s)\n", Rfc3339(o.start).c_str(), o.end ? Rfc3339(*o.end).c_str() : "ongoing",
                HumanSeconds(o.seconds).c_str());
  }
  if (!report->last_error.empty()) std::printf("last error: %s\n", report->last_error.c_str());
  return 0;
}

}  // namespace

void AddLinkCommand(CLI::App& app, int& exit_code) {
  CLI::App* link = app.add_subcommand("link", "Availability history of the hoard's server");
  link->require_subcommand(1);

  auto probe_args = std::make_shared<ProbeArgs>();
  CLI::App* probe = link->add_subcommand("probe", "Connect, authenticate and stat once; record the result");
  probe->add_option("source", probe_args->source, "[user@]host[:path]")->required();
  probe->add_option("-p,--port", probe_args->port, "SSH port")->check(CLI::Range(1, 65535));
  // One FILE per -i: the source after it is not a second key.
  probe->add_option("-i,--identity", probe_args->identities, "private key to try (repeatable)")
      ->allow_extra_args(false);
  probe->add_option("--known-hosts", probe_args->known_hosts, "host keys to trust (~/.ssh/known_hosts)");
  probe->add_option("--db", probe_args->db, "history file ($XDG_DATA_HOME/hoard/link.db)");
  probe->add_option("--interval", probe_args->interval, "seconds coalesced into one observation")
      ->check(CLI::PositiveNumber);
  probe->add_option("--timeout", probe_args->timeout, "deadline of the probe in seconds")
      ->check(CLI::PositiveNumber);
  probe->add_flag("-q,--quiet", probe_args->quiet, "print nothing (for cron); the exit status says it");
  probe->callback([probe_args, &exit_code] { exit_code = RunProbe(*probe_args); });

  auto status_args = std::make_shared<StatusArgs>();
  CLI::App* status = link->add_subcommand("status", "Current state, availability and outages");
  auto* db = status->add_option("--db", status_args->db, "history file written by probe");
  status->add_option("--cache-dir", status_args->cache_dir, "read hoardfs's own history in its cache")
      ->excludes(db);
  status->add_option("--since", status_args->since, "window, e.g. 24h, 7d");
  status->add_option("--interval", status_args->interval, "seconds of one observation interval")
      ->check(CLI::PositiveNumber);
  status->add_flag("--json", status_args->json, "machine-readable output");
  status->callback([status_args, &exit_code] { exit_code = RunStatus(*status_args); });
}

}  // namespace hoard::tools
