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
// Contract: thread-safe. The history file is opened at the first record and
// kept open (one connection for the observer's life; an open that failed is
// tried again at the next record). Nothing is opened before the first
// Observe, so an observer may be made before hoardfs forks to daemonize (a
// SQLite connection must not cross a fork). Failures to record are logged,
// never returned: the history must not fail a read.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "base/status.h"
#include "fs/link/link_history.h"

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
  std::unique_ptr<LinkHistory> history_;
  std::optional<bool> reachable_;  // as last recorded
  std::int64_t recorded_ms_ = 0;
};

}  // namespace hoard::fs
