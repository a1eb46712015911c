// fake_api_server: the tests' fake MusicBrainz / Last.fm service as a program,
// for scripts/demo. Serves the project's scenario (ScenarioRoutes, the files
// under tests/data/api) on 127.0.0.1, prints "PORT\n" once it listens, and
// runs until SIGTERM/SIGINT. When it cannot start (a scenario file missing,
// no port) it says why on stderr, prints nothing on stdout and exits 1.
#include <signal.h>

#include <cstdio>
#include <exception>
#include <optional>

#include "tests/support/fake_api_server.h"

int main() {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  // Blocked before the server's threads start, so they inherit the mask and
  // the signal reaches sigwait below.
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::optional<hoard::test::FakeApiServer> server;
  try {
    server.emplace();
    server->Add(hoard::test::ScenarioRoutes());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fake_api_server: %s\n", e.what());
    return 1;
  }
  std::printf("%d\n", server->port());
  std::fflush(stdout);
  int signal = 0;
  sigwait(&stop_signals, &signal);
  return 0;
}
