// LinkHistory: when was the hoard's server reachable?
//
// Probes (from `hoard link probe` in cron) and hoardfs's own connects and
// failures are observations of one link. A single failed probe says little
// (a Wi-Fi blip, a server busy for a second), so observations are coalesced
// per interval (default 600 s): an interval with any success is up, and the
// failures inside it are counted apart as transient errors; an interval with
// only failures is down; an interval with no observation is unknown, never
// down, so a laptop that was asleep does not report an outage.
//
// Besides the intervals, a changes-only log keeps (time, state, previous
// state) for each change of the link's state, so "since when is it down?" is
// one row away. An outage runs from the first failure after a success to the
// first success after it.
//
// Storage: tables link_intervals and link_changes in a SQLite file: the
// probe's own db, or link.db in hoardfs's cache dir (LinkHistoryPath), so one
// `hoard link status` reads either. Times are seconds since the epoch, passed in by the caller (the
// clock stays outside, so tests need not sleep). Writers of the same file may
// be several processes: each Record runs in one IMMEDIATE transaction.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace hoard::fs {

enum class LinkState { kUnknown, kUp, kDown };
const char* LinkStateName(LinkState state);

struct LinkOutage {
  std::int64_t start = 0;              // first failed observation
  std::optional<std::int64_t> end;     // first success after it; empty while ongoing
  std::int64_t seconds = 0;            // end (or `now` while ongoing) - start
};

struct LinkReport {
  LinkState state = LinkState::kUnknown;  // of the latest interval, unknown if stale
  double availability = 0;                // 1 - down time / known time; 0 when nothing is known
  std::int64_t known_seconds = 0;
  std::int64_t down_seconds = 0;
  std::int64_t transient_errors = 0;      // failures inside up intervals
  std::vector<LinkOutage> outages;
  std::optional<std::int64_t> last_change;  // time of the latest state change
  std::optional<std::int64_t> last_observation;
  std::string last_error;                 // detail of the latest failure, if any
};

class LinkHistory {
 public:
  // Opens (creating if needed, mode 0600) the history tables in `db_path`.
  static Result<std::unique_ptr<LinkHistory>> Open(const std::string& db_path,
                                                   std::int64_t interval_seconds = 600);
  // Opens an existing file read-only; ENOENT when it has no history.
  static Result<std::unique_ptr<LinkHistory>> OpenReadOnly(const std::string& db_path,
                                                           std::int64_t interval_seconds = 600);
  ~LinkHistory();

  // One observation at `time`: reachable or not, with a failure's cause.
  Status Record(std::int64_t time, bool reachable, const std::string& detail = "");
  // The link since `since`, as seen at `now`.
  Result<LinkReport> Report(std::int64_t since, std::int64_t now) const;

 private:
  struct Impl;
  explicit LinkHistory(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hoard::fs
