// Writing tracks and unreadable files into the catalog (inside catalog/:
// the indexer's only way to change it).
//
// Writes go through prepared statements with bound parameters, in the
// Catalog's transactions, which the caller opens and commits
// (Catalog::Begin/Commit) so thousands of rows cost one fsync. Not thread-safe:
// one CatalogStore per thread and connection; the indexer writes from one
// thread while readers use their own read-only connections.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <map>
#include <optional>
#include <memory>
#include <string>

#include "base/status.h"
#include "catalog/catalog.h"
#include "catalog/known_files.h"
#include "catalog/track.h"

namespace hoard::catalog {

class CatalogStore {
 public:
  // `catalog` must outlive the store and be open for writing.
  static Result<std::unique_ptr<CatalogStore>> Create(Catalog& catalog);

  // At least the number of files (tracks and unreadable) in the catalog,
  // found without reading them all: for sizing what holds them.
  Result<std::size_t> FileCountBound();
  // Puts every track and unreadable file whose path is `root` or below it
  // ("/a/b" covers "/a/b/x" but not "/a/bc") into `known`.
  Status LoadUnder(const std::string& root, KnownFiles& known);
  // The stored track row `id`.
  Result<Track> LoadTrack(std::int64_t id);

  // Inserts or updates the track at track.path (keeping its id and added_at
  // when it exists, dropping an unreadable record of the same path) and sets
  // track.id.
  Status PutTrack(Track& track);
  // Gives the track row `id` the new path and contents of `track`: a moved
  // file keeps its identity.
  Status MoveTrack(std::int64_t id, Track& track);
  Status PutUnreadable(const std::string& path, std::int64_t size, std::int64_t mtime_ns,
                       const std::string& reason);
  // Removes the path from tracks and from unreadable files.
  Status Remove(const std::string& path);

  // --- roots: the filesystem type (statfs f_type) each was on when last
  // indexed, and the files under it that are not music, by extension.
  Result<std::optional<std::int64_t>> RootFsType(const std::string& root);
  Status PutRoot(const std::string& root, std::int64_t fstype,
                 const std::map<std::string, std::int64_t>& other_files);

 private:
  explicit CatalogStore(Catalog& catalog);

  SQLite::Database& db_;
  SQLite::Statement upsert_track_;
  SQLite::Statement move_track_;
  SQLite::Statement delete_track_;
  SQLite::Statement upsert_unreadable_;
  SQLite::Statement delete_unreadable_;
};

}  // namespace hoard::catalog
