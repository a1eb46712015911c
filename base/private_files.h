// Files only their owner may read: the cache, the catalog, the link history.
// This is the one way hoard creates them.
//
// SQLite creates a database file with the umask's mode (often 0644) and gives
// its -wal and -shm files the mode of the main file. So the main file is
// created 0600 before SQLite first opens it, and the folders on the way 0700;
// that is the only way the whole set ends up private.
//
// An existing file is never opened here. Closing any descriptor of a file
// drops every POSIX lock the process holds on it, so opening and closing a
// database beside a live SQLite connection of the same process would take
// that connection's locks away: another process would then believe itself
// the last user, checkpoint and delete the WAL under it. (That corrupted the
// cache once.)
#pragma once

#include <filesystem>
#include <string>

#include "base/status.h"

namespace hoard {

// mkdir -p: the folders it creates get 0700; existing folders are left as
// they are (the user's ~/.local/share is not ours to change).
Status MakePrivateDirs(const std::filesystem::path& dir);

// MakePrivateDirs, then `dir` itself is made 0700 even if it existed: for
// directories that are hoard's own (a cache dir holds copies of private files).
Status MakePrivateDir(const std::filesystem::path& dir);

// Creates `path` 0600 (and missing parents 0700) if it does not exist. An
// existing file is never opened (see above): its group and other bits are
// taken off by its path (chmod), its bytes left alone.
Status MakePrivateFile(const std::filesystem::path& path);

// Opens `path` read-write, creating it 0600 if missing; the caller owns the
// descriptor. Only for files that are not SQLite databases (the cache's data
// files, lock files).
Result<int> OpenPrivateFile(const std::filesystem::path& path);

}  // namespace hoard
