#include "catalog/catalog.h"

#include <sqlite3.h>

#include <SQLiteCpp/Exception.h>

#include "base/sqlite_status.h"
#include "catalog/catalog_connection.h"

namespace hoard::catalog {

Catalog::Catalog(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}

Catalog::~Catalog() = default;

// Whether a transaction is open is SQLite's to say (autocommit off), so a
// statement that ended one on its own (ROLLBACK on SQLITE_FULL) is seen.
Status Catalog::Begin() {
  if (sqlite3_get_autocommit(db_->getHandle()) == 0) return Status::Ok();
  try {
    db_->exec("BEGIN IMMEDIATE");
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return SqliteError("begin a catalog transaction", e);
  }
}

Status Catalog::Commit() {
  if (sqlite3_get_autocommit(db_->getHandle()) != 0) return Status::Ok();
  try {
    db_->exec("COMMIT");
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return SqliteError("commit to the catalog", e);
  }
}

void Catalog::Rollback() {
  if (sqlite3_get_autocommit(db_->getHandle()) != 0) return;
  try {
    db_->exec("ROLLBACK");
  } catch (const SQLite::Exception&) {
    // Nothing to undo then: SQLite already ended it.
  }
}

SQLite::Database& Connection(Catalog& catalog) { return *catalog.db_; }

std::unique_ptr<Catalog> AdoptConnection(std::unique_ptr<SQLite::Database> db) {
  return std::unique_ptr<Catalog>(new Catalog(std::move(db)));
}

}  // namespace hoard::catalog
