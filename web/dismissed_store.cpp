#include "web/dismissed_store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cerrno>

namespace hoard::web {

const char* DismissReasonName(DismissReason reason) {
  return reason == DismissReason::kGotIt ? "got-it" : "not-interested";
}

Result<DismissReason> ParseDismissReason(const std::string& text) {
  if (text == "got-it") return DismissReason::kGotIt;
  if (text == "not-interested") return DismissReason::kNotInterested;
  return Status::Error(EINVAL, "reason must be got-it or not-interested, not \"" + text + "\"");
}

DismissedStore::DismissedStore(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
DismissedStore::~DismissedStore() = default;

Result<std::unique_ptr<DismissedStore>> DismissedStore::Open(const std::string& path) {
  try {
    auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE);
    db->setBusyTimeout(5000);
    db->exec(
        "CREATE TABLE IF NOT EXISTS web_dismissed ("
        " mbid TEXT PRIMARY KEY, reason TEXT NOT NULL, time INTEGER NOT NULL)");
    return std::unique_ptr<DismissedStore>(new DismissedStore(std::move(db)));
  } catch (const std::exception& e) {
    return Status::Error(EIO, path + ": " + e.what());
  }
}

Status DismissedStore::Dismiss(const std::string& mbid, DismissReason reason, std::int64_t now) {
  try {
    SQLite::Statement s(*db_, "INSERT OR REPLACE INTO web_dismissed (mbid, reason, time) VALUES (?, ?, ?)");
    s.bind(1, mbid);
    s.bind(2, DismissReasonName(reason));
    s.bind(3, static_cast<std::int64_t>(now));
    s.exec();
    return Status::Ok();
  } catch (const std::exception& e) {
    return Status::Error(EIO, std::string("recording the mark: ") + e.what());
  }
}

Result<std::set<std::string>> DismissedStore::List() {
  try {
    std::set<std::string> out;
    SQLite::Statement s(*db_, "SELECT mbid FROM web_dismissed");
    while (s.executeStep()) out.insert(s.getColumn(0).getString());
    return out;
  } catch (const std::exception& e) {
    return Status::Error(EIO, std::string("reading the marks: ") + e.what());
  }
}

Result<std::int64_t> DismissedStore::LatestTime() {
  try {
    SQLite::Statement s(*db_, "SELECT COALESCE(MAX(time), 0) FROM web_dismissed");
    s.executeStep();
    return static_cast<std::int64_t>(s.getColumn(0).getInt64());
  } catch (const std::exception& e) {
    return Status::Error(EIO, std::string("reading the marks: ") + e.what());
  }
}

}  // namespace hoard::web
