// `hoard serve [--db FILE] [--config FILE] [--listen 127.0.0.1:8484]
// [--allow-host NAME]...`: the web view (web/). The server has no login, so it
// listens on loopback unless told otherwise, and says loudly when it is not;
// it answers only requests for its own address's names and the --allow-host
// ones (web/host_check.h: DNS rebinding).
//
// Signals: SIGTERM and SIGINT are blocked before any thread starts, so the
// server's threads never see them; the main thread waits for one with
// sigwait and then stops the server, which finishes the requests in flight.
#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "catalog/catalog_db.h"
#include "feed/feed_config.h"
#include "feed/feed_store.h"
#include "tools/commands.h"
#include "web/web_server.h"
#include "web/web_state.h"

namespace hoard::tools {
namespace {

constexpr std::string_view kCommand = "hoard serve";

struct ServeOptions {
  std::string db;
  std::string config;
  std::string listen = "127.0.0.1:8484";
  std::vector<std::string> allow_hosts;
};

int RunServe(const ServeOptions& o) {
  auto address = web::ParseListenAddress(o.listen);
  if (!address.ok()) {
    std::fprintf(stderr, "hoard serve: %s\n", address.status().message().c_str());
    return 2;
  }
  web::HostAllowlist hosts;
  for (const std::string& spec : o.allow_hosts) {
    if (Status s = hosts.Allow(spec); !s.ok()) {
      std::fprintf(stderr, "hoard serve: %s\n", s.message().c_str());
      return 2;
    }
  }
  auto config = feed::LoadFeedConfig(o.config);
  if (!config.ok()) return Fail(config.status(), kCommand);
  auto db = catalog::ResolveCatalogPath(o.db);
  if (!db.ok()) return Fail(db.status(), kCommand);
  auto state = web::WebState::Open(*db, std::move(*config));
  if (!state.ok()) return Fail(state.status(), kCommand);

  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  web::WebServer server(**state);
  const auto& [host, port] = *address;
  if (Status s = server.Bind(host, port, std::move(hosts)); !s.ok()) return Fail(s, kCommand);
  if (!web::IsLoopbackHost(host)) {
    spdlog::warn("listening on {}, reachable from other machines: hoard serve has no login, anyone who can "
                 "connect can read your catalog and mark releases",
                 host);
  }
  if ((host == "0.0.0.0" || host == "::") && o.allow_hosts.empty()) {
    spdlog::warn("listening on every address but answering only for 127.0.0.1, localhost and [::1]: name the "
                 "address or name you browse to with --allow-host");
  }
  const std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::fprintf(stderr, "hoard serve: http://%s:%d/ (database %s)\n", shown_host.c_str(), server.port(),
               (*state)->db_path().c_str());

  Status run_status;
  std::thread serving([&server, &run_status] {
    run_status = server.Run();
    // A server that ends by itself must not leave main waiting for a signal.
    kill(getpid(), SIGTERM);
  });
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  server.Stop();
  serving.join();
  spdlog::info("stopped");
  return run_status.ok() ? 0 : Fail(run_status, kCommand);
}

}  // namespace

void AddServeCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the feed, new releases and the catalog to a browser");
  cmd->add_option("--db", options->db, "Catalog database (default: $HOARD_DB, else $XDG_DATA_HOME/hoard/catalog.db)");
  cmd->add_option("--config", options->config,
                  "Configuration file, for the feed's title and self link (default: $HOARD_CONFIG, else "
                  "$XDG_CONFIG_HOME/hoard/config.toml)");
  cmd->add_option("--listen", options->listen, "HOST:PORT to listen on (default: 127.0.0.1:8484, loopback only)");
  cmd->add_option("--allow-host", options->allow_hosts,
                  "Also answer requests whose Host is NAME (any port) or NAME:PORT (that port only), e.g. the "
                  "name of a reverse proxy or a tunnel's localhost:9000; repeatable. Without it only the --listen "
                  "address is answered (and localhost for a loopback one; for 0.0.0.0 or :: only 127.0.0.1, "
                  "localhost and [::1]): other names get 421, so a web page cannot reach the server by rebinding "
                  "its own name to this address")
      ->type_name("NAME[:PORT]")
      ->allow_extra_args(false);
  cmd->callback([options, &exit_code] {
    // One timestamped line per request on stderr (hoard's logger), like a
    // web server's access log.
    spdlog::set_pattern("[%Y-%m-%d %H:%M:%S] %v");
    spdlog::set_level(spdlog::level::info);
    exit_code = RunServe(*options);
  });
}

}  // namespace hoard::tools
