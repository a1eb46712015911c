// Releases the user marked in the web view ("got it", "not interested"),
// kept in a table of its own in the catalog's SQLite file:
//   web_dismissed(mbid TEXT PRIMARY KEY, reason TEXT, time INTEGER)
// The feed's tables stay untouched; the web view's pages and served feeds
// leave dismissed release groups out.
//
// Contract: Open expects the file to exist (FeedStore::Open creates it 0600)
// and creates the table. Not thread-safe: callers serialize (WebState does).
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>

#include "base/status.h"

namespace SQLite {
class Database;
}

namespace hoard::web {

enum class DismissReason { kGotIt, kNotInterested };

// "got-it" / "not-interested"; ParseDismissReason fails on anything else.
const char* DismissReasonName(DismissReason reason);
Result<DismissReason> ParseDismissReason(const std::string& text);

class DismissedStore {
 public:
  static Result<std::unique_ptr<DismissedStore>> Open(const std::string& path);
  ~DismissedStore();

  // Marking again replaces the reason and time.
  Status Dismiss(const std::string& mbid, DismissReason reason, std::int64_t now);
  Result<std::set<std::string>> List();
  // Time of the latest mark, 0 when there is none (for Last-Modified).
  Result<std::int64_t> LatestTime();

 private:
  explicit DismissedStore(std::unique_ptr<SQLite::Database> db);
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace hoard::web
