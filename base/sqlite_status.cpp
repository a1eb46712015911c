#include "base/sqlite_status.h"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <cerrno>

namespace hoard {
namespace {

int CodeOf(const SQLite::Exception& e) {
  switch (e.getErrorCode()) {
    case SQLITE_FULL: return ENOSPC;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return EBUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return EUCLEAN;
    case SQLITE_READONLY: return EROFS;
    case SQLITE_PERM:
    case SQLITE_AUTH: return EACCES;
    case SQLITE_NOMEM: return ENOMEM;
    default: return EIO;
  }
}

}  // namespace

Status SqliteError(const std::string& what, const std::exception& e) {
  const auto* sqlite = dynamic_cast<const SQLite::Exception*>(&e);
  return Status::Error(sqlite != nullptr ? CodeOf(*sqlite) : EIO, what + ": " + e.what());
}

bool IsDamage(const Status& status) { return status.code() == EUCLEAN; }

}  // namespace hoard
