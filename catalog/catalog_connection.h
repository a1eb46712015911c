// Inside catalog/ (and its tests) only: the SQLite connection a Catalog
// owns, and a Catalog made of a connection opened here.
#pragma once

#include <SQLiteCpp/Database.h>

#include <memory>

#include "catalog/catalog.h"

namespace hoard::catalog {

SQLite::Database& Connection(Catalog& catalog);

// A Catalog owning `db`, which must be open at the current schema.
std::unique_ptr<Catalog> AdoptConnection(std::unique_ptr<SQLite::Database> db);

}  // namespace hoard::catalog
