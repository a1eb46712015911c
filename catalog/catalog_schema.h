// The catalog's schema and its migrations, versioned by PRAGMA user_version
// (inside catalog/ and its tests: it works on the raw connection).
//
// Each migration takes the schema from version N-1 to N inside one
// transaction, together with setting user_version, so a crash leaves either
// the old or the new schema. Migrations are never edited once released;
// changes are new migrations.
#pragma once

#include <SQLiteCpp/Database.h>

#include "base/status.h"

namespace hoard::catalog {

inline constexpr int kCatalogSchemaVersion = 4;
// The oldest schema readers can query: versions 3 and 4 only added what the
// indexer uses (an index; roots and their other files, which `hoard stats`
// shows when they are there), so `hoard ls` need not wait for the next
// `hoard index`.
inline constexpr int kOldestQueryableCatalogSchema = 2;

// Brings `db` to kCatalogSchemaVersion. Fails (EPROTO) when the file's
// version is newer than this hoard knows. Catches SQLite exceptions.
Status MigrateCatalog(SQLite::Database& db);

// The version recorded in `db` (0 for a new, empty file).
Result<int> CatalogSchemaVersion(SQLite::Database& db);

}  // namespace hoard::catalog
