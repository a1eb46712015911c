#include "fs/link/link_history.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>

#include "base/sqlite_status.h"
#include "base/private_files.h"

namespace hoard::fs {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS link_intervals(
  start INTEGER PRIMARY KEY,
  length INTEGER NOT NULL,
  successes INTEGER NOT NULL DEFAULT 0,
  failures INTEGER NOT NULL DEFAULT 0,
  first_success INTEGER,
  first_failure INTEGER,
  last_failure INTEGER,
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS link_changes(
  time INTEGER NOT NULL,
  state TEXT NOT NULL,
  previous TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS link_changes_time ON link_changes(time);
)sql";

struct Interval {
  std::int64_t start = 0;
  std::int64_t length = 0;
  std::int64_t successes = 0;
  std::int64_t failures = 0;
  std::optional<std::int64_t> first_success;
  std::optional<std::int64_t> first_failure;
  std::optional<std::int64_t> last_failure;
  std::string last_error;

  std::int64_t end() const { return start + length; }
  LinkState state() const { return successes > 0 ? LinkState::kUp : LinkState::kDown; }
};

std::optional<std::int64_t> OptionalInt(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getInt64();
}

Interval ReadInterval(SQLite::Statement& row) {
  Interval i;
  i.start = row.getColumn(0).getInt64();
  i.length = row.getColumn(1).getInt64();
  i.successes = row.getColumn(2).getInt64();
  i.failures = row.getColumn(3).getInt64();
  i.first_success = OptionalInt(row.getColumn(4));
  i.first_failure = OptionalInt(row.getColumn(5));
  i.last_failure = OptionalInt(row.getColumn(6));
  i.last_error = row.getColumn(7).getString();
  return i;
}

constexpr const char* kIntervalColumns =
    "start, length, successes, failures, first_success, first_failure, last_failure, last_error";

LinkState StateFromName(const std::string& name) {
  if (name == "up") return LinkState::kUp;
  if (name == "down") return LinkState::kDown;
  return LinkState::kUnknown;
}

}  // namespace

const char* LinkStateName(LinkState state) {
  switch (state) {
    case LinkState::kUp: return "up";
    case LinkState::kDown: return "down";
    case LinkState::kUnknown: break;
  }
  return "unknown";
}

struct LinkHistory::Impl {
  Impl(const std::string& path, int flags, std::int64_t interval)
      : path(path), db(path, flags, 5000), interval(interval) {}

  std::optional<std::int64_t> LastChangeTime() {
    SQLite::Statement q(db, "SELECT max(time) FROM link_changes");
    q.executeStep();
    return OptionalInt(q.getColumn(0));
  }

  void AddChange(std::int64_t time, LinkState state, LinkState previous) {
    SQLite::Statement q(db, "INSERT INTO link_changes(time, state, previous) VALUES(?, ?, ?)");
    q.bind(1, static_cast<int64_t>(time));
    q.bind(2, LinkStateName(state));
    q.bind(3, LinkStateName(previous));
    q.exec();
  }

  // Keeps the changes log in step with interval `current` after an
  // observation changed it. A change logged inside the same interval is
  // revised rather than followed by another: a failure then a success in one
  // interval is a transient error, not a down-then-up pair of changes.
  void UpdateChanges(const Interval& current, std::int64_t time) {
    SQLite::Statement last(db,
                           "SELECT rowid, time, state, previous FROM link_changes "
                           "ORDER BY time DESC, rowid DESC LIMIT 1");
    LinkState logged = LinkState::kUnknown;
    if (last.executeStep()) {
      std::int64_t rowid = last.getColumn(0).getInt64();
      std::int64_t when = last.getColumn(1).getInt64();
      logged = StateFromName(last.getColumn(2).getString());
      LinkState previous = StateFromName(last.getColumn(3).getString());
      if (when >= current.start) {
        if (current.state() == logged) return;
        if (current.state() == previous) {
          SQLite::Statement del(db, "DELETE FROM link_changes WHERE rowid = ?");
          del.bind(1, static_cast<int64_t>(rowid));
          del.exec();
        } else {
          SQLite::Statement upd(db, "UPDATE link_changes SET state = ? WHERE rowid = ?");
          upd.bind(1, LinkStateName(current.state()));
          upd.bind(2, static_cast<int64_t>(rowid));
          upd.exec();
        }
        return;
      }
    }
    // An unobserved gap before this interval makes the link unknown from the
    // end of the last observed interval.
    SQLite::Statement before(db, "SELECT start + length FROM link_intervals WHERE start < ? "
                                 "ORDER BY start DESC LIMIT 1");
    before.bind(1, static_cast<int64_t>(current.start));
    if (before.executeStep() && logged != LinkState::kUnknown) {
      std::int64_t end = before.getColumn(0).getInt64();
      if (end < current.start) {
        AddChange(end, LinkState::kUnknown, logged);
        logged = LinkState::kUnknown;
      }
    }
    if (current.state() != logged) AddChange(time, current.state(), logged);
  }

  std::string path;
  SQLite::Database db;
  std::int64_t interval;
};

LinkHistory::LinkHistory(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LinkHistory::~LinkHistory() = default;

Result<std::unique_ptr<LinkHistory>> LinkHistory::Open(const std::string& db_path,
                                                       std::int64_t interval_seconds) {
  if (interval_seconds <= 0) return Status::Error(EINVAL, "interval must be positive");
  HOARD_RETURN_IF_ERROR(MakePrivateFile(db_path));
  try {
    auto impl = std::make_unique<Impl>(db_path, SQLite::OPEN_READWRITE, interval_seconds);
    impl->db.exec("PRAGMA journal_mode=WAL");
    // A few pages a record: a small WAL, since a cache dir counts it against
    // its size cap.
    impl->db.exec("PRAGMA wal_autocheckpoint=64");
    impl->db.exec("PRAGMA journal_size_limit=262144");
    impl->db.exec(kSchema);
    return std::unique_ptr<LinkHistory>(new LinkHistory(std::move(impl)));
  } catch (const std::exception& e) {
    return SqliteError("link history " + db_path, e);
  }
}

Result<std::unique_ptr<LinkHistory>> LinkHistory::OpenReadOnly(const std::string& db_path,
                                                               std::int64_t interval_seconds) {
  if (!std::filesystem::exists(db_path)) return Status::Error(ENOENT, "no link history at " + db_path);
  try {
    auto impl = std::make_unique<Impl>(db_path, SQLite::OPEN_READONLY, interval_seconds);
    if (!impl->db.tableExists("link_intervals")) {
      return Status::Error(ENOENT, "no link history in " + db_path);
    }
    return std::unique_ptr<LinkHistory>(new LinkHistory(std::move(impl)));
  } catch (const std::exception& e) {
    return SqliteError("link history " + db_path, e);
  }
}

Status LinkHistory::Record(std::int64_t time, bool reachable, const std::string& detail) {
  std::int64_t length = impl_->interval;
  std::int64_t start = time - ((time % length) + length) % length;
  try {
    SQLite::Transaction tx(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement upsert(impl_->db, reachable ? R"sql(
      INSERT INTO link_intervals(start, length, successes, first_success) VALUES(?1, ?2, 1, ?3)
      ON CONFLICT(start) DO UPDATE SET successes = successes + 1,
        first_success = COALESCE(first_success, ?3))sql"
                                                  : R"sql(
      INSERT INTO link_intervals(start, length, failures, first_failure, last_failure, last_error)
        VALUES(?1, ?2, 1, ?3, ?3, ?4)
      ON CONFLICT(start) DO UPDATE SET failures = failures + 1,
        first_failure = COALESCE(first_failure, ?3), last_failure = ?3, last_error = ?4)sql");
    upsert.bind(1, static_cast<int64_t>(start));
    upsert.bind(2, static_cast<int64_t>(length));
    upsert.bind(3, static_cast<int64_t>(time));
    if (!reachable) upsert.bind(4, detail);
    upsert.exec();
    SQLite::Statement row(impl_->db, std::string("SELECT ") + kIntervalColumns +
                                         " FROM link_intervals WHERE start = ?");
    row.bind(1, static_cast<int64_t>(start));
    row.executeStep();
    impl_->UpdateChanges(ReadInterval(row), time);
    tx.commit();
    return Status::Ok();
  } catch (const std::exception& e) {
    return SqliteError("link history " + impl_->path, e);
  }
}

Result<LinkReport> LinkHistory::Report(std::int64_t since, std::int64_t now) const {
  LinkReport report;
  std::vector<Interval> intervals;
  try {
    SQLite::Statement q(impl_->db, std::string("SELECT ") + kIntervalColumns +
                                       " FROM link_intervals WHERE start + length > ? AND start <= ? "
                                       "ORDER BY start");
    q.bind(1, static_cast<int64_t>(since));
    q.bind(2, static_cast<int64_t>(now));
    while (q.executeStep()) intervals.push_back(ReadInterval(q));
    report.last_change = impl_->LastChangeTime();
  } catch (const std::exception& e) {
    return SqliteError("link history " + impl_->path, e);
  }

  for (std::size_t i = 0; i < intervals.size(); ++i) {
    const Interval& cur = intervals[i];
    const Interval* prev = i > 0 ? &intervals[i - 1] : nullptr;
    const Interval* next = i + 1 < intervals.size() ? &intervals[i + 1] : nullptr;
    // Only the part of an interval inside [since, now] counts.
    std::int64_t seconds = std::min(cur.end(), now) - std::max(cur.start, since);
    report.known_seconds += seconds;
    if (cur.failures > 0) report.last_error = cur.last_error;
    report.last_observation = std::max({report.last_observation.value_or(0),
                                        cur.first_success.value_or(0), cur.last_failure.value_or(0)});
    if (cur.state() == LinkState::kUp) {
      report.transient_errors += cur.failures;
      continue;
    }
    report.down_seconds += seconds;
    bool continues_run = prev != nullptr && prev->end() == cur.start && prev->state() == LinkState::kDown;
    if (!continues_run) report.outages.push_back({*cur.first_failure, std::nullopt, 0});
    bool next_adjacent = next != nullptr && next->start == cur.end();
    if (next_adjacent && next->state() == LinkState::kDown) continue;
    LinkOutage& outage = report.outages.back();
    if (next_adjacent) {
      outage.end = next->first_success;  // the recovery
    } else if (next != nullptr || cur.end() + impl_->interval < now) {
      // A gap follows: the link came back unobserved; all we know is the last failure.
      outage.end = cur.last_failure;
    }
    outage.seconds = outage.end.value_or(now) - outage.start;
  }

  if (!intervals.empty() && intervals.back().end() + impl_->interval >= now) {
    report.state = intervals.back().state();
  }
  if (report.known_seconds > 0) {
    report.availability =
        1.0 - static_cast<double>(report.down_seconds) / static_cast<double>(report.known_seconds);
  }
  return report;
}

}  // namespace hoard::fs
