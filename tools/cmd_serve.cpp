// `hoard serve [--db FILE] [--config FILE] [--listen 127.0.0.1:8484]`: the
// web view (web/). The server has no login, so it listens on loopback unless
// told otherwise, and says loudly when it is not.
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
};

int RunServe(const ServeOptions& o) {
  auto address = web::ParseListenAddress(o.listen);
  if (!address.ok()) {
    std::fprintf(stderr, "hoard serve: %s\n", address.status().message().c_str());
    return 2;
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
  if (Status s = server.Bind(host, port); !s.ok()) return Fail(s, kCommand);
  if (!web::IsLoopbackHost(host)) {
    spdlog::warn("listening on {}, reachable from other machines: hoard serve has no login, anyone who can "
                 "connect can read your catalog and mark releases",
                 host);
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
  cmd->callback([options, &exit_code] {
    // One timestamped line per request on stderr (hoard's logger), like a
    // web server's access log.
    spdlog::set_pattern("[%Y-%m-%d %H:%M:%S] %v");
    spdlog::set_level(spdlog::level::info);
    exit_code = RunServe(*options);
  });
}

}  // namespace hoard::tools
