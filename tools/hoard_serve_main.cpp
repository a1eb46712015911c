// hoard-serve: the program behind `hoard serve`. The web server library
// (Debian's cpp-httplib, built with OpenSSL and brotli) takes some 10 ms to
// load and initialise at every start, more than `hoard ls` spends on its
// query; so `hoard` hands `serve` over to this executable (see
// serve_forwarder.cpp) and the other commands never load it.
#include <CLI/CLI.hpp>

#include "tools/commands.h"

int main(int argc, char** argv) {
  hoard::tools::UseStderrLogger();
  CLI::App app{"hoard-serve: the web view of hoard, run as `hoard serve`"};
  app.name("hoard");
  app.require_subcommand(1);
  int exit_code = 0;
  hoard::tools::AddServeCommand(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
