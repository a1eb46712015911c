// The one mapping of SQLite's errors to a Status, for the catalog, the feed
// store, the link history and the cache alike.
//
// The codes say what a caller may do about it:
//   SQLITE_FULL              ENOSPC   the disk is full: degrade (the cache reads uncached)
//   SQLITE_BUSY, _LOCKED     EBUSY    another process holds the database: retry later
//   SQLITE_CORRUPT, _NOTADB  EUCLEAN  the file is damaged (IsDamage): only this may be
//                                     treated as damage, e.g. a cache rebuilt
//   SQLITE_READONLY          EROFS
//   SQLITE_PERM, _AUTH       EACCES
//   SQLITE_NOMEM             ENOMEM
//   anything else            EIO
// The message is "<what>: <SQLite's message>".
#pragma once

#include <exception>
#include <string>

#include "base/status.h"

namespace hoard {

// `e` is usually a SQLite::Exception; any other exception maps to EIO.
Status SqliteError(const std::string& what, const std::exception& e);

// A Status that says the database file is damaged (EUCLEAN).
bool IsDamage(const Status& status);

}  // namespace hoard
