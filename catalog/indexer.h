// `hoard index`: bringing the catalog in line with the files under some roots.
//
// Contract:
// - Only files whose size or mtime changed (or that are new) are opened; a
//   run with nothing changed only walks and stats.
// - A file that disappeared leaves the catalog, unless a new file with the
//   same size, mtime and tags appeared elsewhere in the same run: then it is
//   the same file moved, and keeps its row id and added_at.
// - A root that cannot be walked completely (missing, unmounted, I/O error
//   mid-walk, a dead FUSE mount's ENOTCONN) removes nothing below it: an
//   unmounted hoard must not empty the catalog. Nor does a root that held
//   tracks and now lists empty (what an unmounted mountpoint looks like), or
//   one whose walk would remove more than half of its tracks (moves not
//   counted), unless `prune` says so. Each is reported, with what was seen,
//   in IndexSummary::root_errors.
// - Unreadable files (corrupt, empty, truncated, unsupported) are recorded
//   with their reason and never stop the run.
// - Tags are read on `jobs` threads; all writes happen on the calling thread,
//   batched into transactions. DefaultIndexJobs picks the number: a network
//   filesystem is bound by round trips, not by the CPU, so it gets many
//   files in flight.
#pragma once


#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "catalog/catalog.h"

namespace hoard::catalog {

struct IndexProgress {
  std::int64_t walked = 0;     // candidate audio files found so far
  bool walking = true;         // false once the walk is done and `to_read` is final
  std::int64_t to_read = 0;    // files that need opening
  std::int64_t read = 0;       // of those, done
  double elapsed_s = 0;
};

struct IndexOptions {
  std::vector<std::string> roots;
  int jobs = 1;
  // Remove the tracks of a root that lists empty, or of which more than half
  // are gone (see above).
  bool prune = false;
  // Called on the calling thread, a few times a second at most.
  std::function<void(const IndexProgress&)> on_progress;
};

// Files read at once on a network filesystem (base/mount_info.h).
inline constexpr int kNetworkIndexJobs = 64;
// kNetworkIndexJobs when a root lies on a network filesystem, else the
// number of CPUs.
int DefaultIndexJobs(const std::vector<std::string>& roots);

struct IndexSummary {
  std::int64_t added = 0;       // new tracks
  std::int64_t updated = 0;     // changed files re-read
  std::int64_t moved = 0;       // tracks found under a new path
  std::int64_t unchanged = 0;   // not reopened
  std::int64_t removed = 0;     // gone from disk, so from the catalog
  std::int64_t unreadable = 0;  // unreadable files under the roots after the run
  std::int64_t ignored = 0;     // non-audio files (covers, playlists, ...)
  double seconds = 0;
  std::vector<std::string> root_errors;  // roots not walked completely, with the cause
};

// Indexes opts.roots into `catalog` (open for writing). Fails only
// when the catalog itself fails (a write error); problems with files and
// roots are in the summary.
Result<IndexSummary> IndexPaths(Catalog& catalog, const IndexOptions& opts);

// Absolute, normalised form of a root as stored in the catalog (no trailing
// slash, symlinks not resolved so a mount point stays the mount point).
std::string NormalizeRoot(const std::string& root);

}  // namespace hoard::catalog
