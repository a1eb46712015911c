// fake_api_server: the tests' fake MusicBrainz / Last.fm service as a program,
// for scripts/demo. Serves the recorded responses (RecordedRoutes) on
// 127.0.0.1, prints "PORT\n" once it listens, and runs until SIGTERM/SIGINT.
#include <signal.h>

#include <cstdio>

#include "tests/support/fake_api_server.h"

int main() {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  // Blocked before the server's threads start, so they inherit the mask and
  // the signal reaches sigwait below.
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  hoard::test::FakeApiServer server;
  if (server.port() <= 0) return 1;
  server.AddRecordedRoutes();
  std::printf("%d\n", server.port());
  std::fflush(stdout);
  int signal = 0;
  sigwait(&stop_signals, &signal);
  return 0;
}
