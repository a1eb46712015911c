// Where the catalog lives and how it is opened.
//
// One SQLite file, in WAL mode so `hoard ls` can read while `hoard index`
// writes. Writers migrate the schema to the current version; readers open the
// file read-only and refuse a schema they don't know. The feed keeps its own
// tables in the same file with its own version record; the catalog's version
// is PRAGMA user_version.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "catalog/catalog.h"

namespace hoard::catalog {

// The catalog path: `flag` when not empty, else $HOARD_DB, else
// $XDG_DATA_HOME/hoard/catalog.db, else ~/.local/share/hoard/catalog.db.
// Fails only when none of these can be determined (no HOME).
Result<std::string> ResolveCatalogPath(const std::string& flag);

// Opens (creating if needed) the catalog for writing: missing parent folders
// are made 0700, the file is 0600 (and so are SQLite's -wal/-shm, which copy
// its mode), WAL journal, busy timeout, schema migrated to the current
// version. Fails when the file is not a catalog or is newer than this hoard.
Result<std::unique_ptr<Catalog>> OpenCatalogForWrite(const std::string& path);

// Opens an existing catalog read-only. Fails with ENOENT ("no catalog at ...;
// run `hoard index` first") when there is none, and when its schema version
// is not the current one (a newer hoard's, or an older one `hoard index`
// would migrate).
Result<std::unique_ptr<Catalog>> OpenCatalogForRead(const std::string& path);

// ResolveCatalogPath(flag) then OpenCatalogForRead: what query commands do.
Result<std::unique_ptr<Catalog>> OpenCatalogForQuery(const std::string& flag);

}  // namespace hoard::catalog
