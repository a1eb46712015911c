#include "catalog/catalog_db.h"

#include <SQLiteCpp/Exception.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "catalog/catalog_schema.h"

namespace hoard::catalog {
namespace {

constexpr int kBusyTimeoutMs = 10000;

// mkdir -p with 0700 for the folders it makes; existing folders are the
// user's and keep their mode.
Status MakeParents(const std::filesystem::path& dir) {
  if (dir.empty()) return Status::Ok();
  struct stat st{};
  if (::stat(dir.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return Status::Ok();
    return Status::Error(ENOTDIR, dir.string() + " is not a folder");
  }
  HOARD_RETURN_IF_ERROR(MakeParents(dir.parent_path()));
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::Error(errno, "create " + dir.string() + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

// The catalog holds the user's file names; it is theirs alone.
Status CreatePrivateFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Error(errno, "open " + path + ": " + std::strerror(errno));
  int rc = ::fchmod(fd, 0600);
  int saved = errno;
  ::close(fd);
  if (rc != 0) return Status::Error(saved, "chmod " + path + ": " + std::strerror(saved));
  return Status::Ok();
}

}  // namespace

Result<std::string> ResolveCatalogPath(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("HOARD_DB"); env && *env) return std::string(env);
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
    return std::string(xdg) + "/hoard/catalog.db";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::string(home) + "/.local/share/hoard/catalog.db";
  }
  return Status::Error(ENOENT, "no catalog location: pass --db, or set HOARD_DB or HOME");
}

Result<std::unique_ptr<SQLite::Database>> OpenCatalogForWrite(const std::string& path) {
  HOARD_RETURN_IF_ERROR(MakeParents(std::filesystem::path(path).parent_path()));
  HOARD_RETURN_IF_ERROR(CreatePrivateFile(path));
  try {
    auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE, kBusyTimeoutMs);
    db->exec("PRAGMA journal_mode = WAL");
    db->exec("PRAGMA synchronous = NORMAL");
    Status migrated = MigrateCatalog(*db);
    if (!migrated.ok()) return migrated.WithContext(path);
    return db;
  } catch (const SQLite::Exception& e) {
    return Status::Error(EIO, "open catalog " + path + ": " + e.what());
  }
}

Result<std::unique_ptr<SQLite::Database>> OpenCatalogForRead(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) {
    return Status::Error(ENOENT, "no catalog at " + path + "; run `hoard index` first");
  }
  try {
    auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READONLY, kBusyTimeoutMs);
    Result<int> version = CatalogSchemaVersion(*db);
    if (!version.ok()) return version.status().WithContext(path);
    if (*version == 0) {
      return Status::Error(ENOENT, "no catalog at " + path + "; run `hoard index` first");
    }
    if (*version != kCatalogSchemaVersion) {
      return Status::Error(EPROTO, "the catalog " + path + " has schema version " +
                                       std::to_string(*version) + ", this hoard reads " +
                                       std::to_string(kCatalogSchemaVersion) +
                                       (*version < kCatalogSchemaVersion
                                            ? "; run `hoard index` to upgrade it"
                                            : "; use a newer hoard"));
    }
    return db;
  } catch (const SQLite::Exception& e) {
    return Status::Error(EIO, "open catalog " + path + ": " + e.what());
  }
}

Result<std::unique_ptr<SQLite::Database>> OpenCatalogForQuery(const std::string& flag) {
  Result<std::string> path = ResolveCatalogPath(flag);
  if (!path.ok()) return path.status();
  return OpenCatalogForRead(*path);
}

}  // namespace hoard::catalog
