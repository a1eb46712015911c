// Catalog: one open catalog database. It owns the SQLite connection and its
// write transactions; the rest of hoard reaches the catalog through this
// object and the catalog's functions (catalog_db.h opens one; query.h,
// catalog_reader.h and indexer.h use it), never through SQLite, so no header
// that tools, feed or web include pulls in SQLiteCpp (as CacheIndex hides it
// in the cache). Inside catalog/, catalog_connection.h reaches the connection.
#pragma once

#include <memory>

#include "base/status.h"

namespace SQLite {
class Database;
}

namespace hoard::catalog {

class Catalog {
 public:
  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  // One write transaction at a time (BEGIN IMMEDIATE, so a second writer
  // waits at the start rather than failing at its first write): Begin with
  // one open and Commit with none open do nothing.
  Status Begin();
  Status Commit();
  // Ends the open transaction without its changes; nothing when none is open.
  void Rollback();

 private:
  friend SQLite::Database& Connection(Catalog& catalog);
  friend std::unique_ptr<Catalog> AdoptConnection(std::unique_ptr<SQLite::Database> db);
  explicit Catalog(std::unique_ptr<SQLite::Database> db);

  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace hoard::catalog
