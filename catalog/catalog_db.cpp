// Permissions are set by hoard, not left to the umask: the catalog lists the
// user's files, so it is created 0600 before SQLite opens it (SQLite gives
// its -wal and -shm files the database file's mode), in folders made 0700.
#include "base/sqlite_status.h"
#include "catalog/catalog_db.h"

#include <SQLiteCpp/Exception.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>

#include "base/private_files.h"
#include "base/xdg_dirs.h"
#include "catalog/catalog_connection.h"
#include "catalog/catalog_schema.h"

namespace hoard::catalog {
namespace {

constexpr int kBusyTimeoutMs = 10000;

}  // namespace

Result<std::string> ResolveCatalogPath(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("HOARD_DB"); env && *env) return std::string(env);
  Result<std::filesystem::path> data_dir = HoardDataDir();
  if (!data_dir.ok()) return Status::Error(ENOENT, "no catalog location: pass --db, or set HOARD_DB or HOME");
  return (*data_dir / "catalog.db").string();
}

Result<std::unique_ptr<Catalog>> OpenCatalogForWrite(const std::string& path) {
  HOARD_RETURN_IF_ERROR(MakePrivateFile(path));
  try {
    auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE, kBusyTimeoutMs);
    db->exec("PRAGMA journal_mode = WAL");
    db->exec("PRAGMA synchronous = NORMAL");
    Status migrated = MigrateCatalog(*db);
    if (!migrated.ok()) return migrated.WithContext(path);
    return AdoptConnection(std::move(db));
  } catch (const SQLite::Exception& e) {
    return SqliteError("open catalog " + path, e);
  }
}

Result<std::unique_ptr<Catalog>> OpenCatalogForRead(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) {
    return Status::Error(ENOENT, "no catalog at " + path + "; run `hoard index` first");
  }
  try {
    auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READONLY, kBusyTimeoutMs);
    // A query reads most pages once. SQLite's default cache grows to 2,000 KiB
    // of fresh memory during a scan, and faulting that memory in costs a
    // short-lived process more than the reads themselves (a field query over
    // 100,000 tracks: 50 ms with the default cache, 14 ms with 64 pages).
    db->exec("PRAGMA cache_size = 64");
    Result<int> version = CatalogSchemaVersion(*db);
    if (!version.ok()) return version.status().WithContext(path);
    if (*version == 0) {
      return Status::Error(ENOENT, "no catalog at " + path + "; run `hoard index` first");
    }
    if (*version < kOldestQueryableCatalogSchema || *version > kCatalogSchemaVersion) {
      return Status::Error(EPROTO, "the catalog " + path + " has schema version " +
                                       std::to_string(*version) + ", this hoard reads " +
                                       std::to_string(kOldestQueryableCatalogSchema) + " to " +
                                       std::to_string(kCatalogSchemaVersion) +
                                       (*version < kCatalogSchemaVersion
                                            ? "; run `hoard index` to upgrade it"
                                            : "; use a newer hoard"));
    }
    return AdoptConnection(std::move(db));
  } catch (const SQLite::Exception& e) {
    return SqliteError("open catalog " + path, e);
  }
}

Result<std::unique_ptr<Catalog>> OpenCatalogForQuery(const std::string& flag) {
  Result<std::string> path = ResolveCatalogPath(flag);
  if (!path.ok()) return path.status();
  return OpenCatalogForRead(*path);
}

}  // namespace hoard::catalog
