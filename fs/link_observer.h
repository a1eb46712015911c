// LinkObserver: turns the results of hoardfs's upstream calls into
// observations of the link in a LinkHistory (see link_history.h), so that
// `hoard link status --cache-dir DIR` tells when the server was reachable
// from this mount, not only from cron's probes.
//
// Every read that reaches the server is an observation, but writing each one
// would put a SQLite transaction on the read path. So a change of state
// (reachable <-> not) is recorded at once and logged; an unchanged state at
// most once per `period`, enough to mark every interval of the history as
// known.
//
// Contract: thread-safe. Each record opens the history file and closes it
// again (at most once a minute, so cheap): hoardfs records its first connect
// and then forks to daemonize, and a SQLite connection must not cross a
// fork. Failures to record are logged, never returned: the history must not
// fail a read.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "base/status.h"

namespace hoard::fs {

class LinkObserver {
 public:
  LinkObserver(std::string db_path, std::chrono::seconds period);

  // `result` of an upstream call at `now_ms`: reachable unless it is a link
  // error (a missing file or a denied read is an answer from the server).
  void Observe(std::int64_t now_ms, const Status& result);

 private:
  const std::string db_path_;
  const std::int64_t period_ms_;
  std::mutex mu_;
  std::optional<bool> reachable_;  // as last recorded
  std::int64_t recorded_ms_ = 0;
};

}  // namespace hoard::fs
