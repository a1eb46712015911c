// Files only their owner may read: the cache, the catalog, the link history.
//
// SQLite creates a database file with the umask's mode (often 0644) and gives
// its -wal and -shm files the mode of the main file. So the main file is made
// 0600 before SQLite first opens it, and the folders on the way 0700; that
// is the only way the whole set ends up private.
#pragma once

#include <filesystem>
#include <string>

#include "base/status.h"

namespace hoard {

// mkdir -p: the folders it creates get 0700; existing folders are left as
// they are (the user's ~/.local/share is not ours to change).
Status MakePrivateDirs(const std::filesystem::path& dir);

// Creates `path` (and missing parents, 0700) if it does not exist, and makes
// it 0600 either way. Leaves the contents alone.
Status MakePrivateFile(const std::filesystem::path& path);

}  // namespace hoard
