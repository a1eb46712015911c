// Where hoard keeps its files when the user names none, by the XDG base
// directory spec: $XDG_DATA_HOME (~/.local/share) for the catalog and the link
// history, $XDG_CACHE_HOME (~/.cache) for hoardfs's cache, $XDG_CONFIG_HOME
// (~/.config) for config.toml. A relative XDG_* value is ignored, as the spec
// says. Each returns ".../hoard"; ENOENT when neither the variable nor HOME
// is set.
#pragma once

#include <filesystem>
#include <string>

#include "base/status.h"

namespace hoard {

Result<std::filesystem::path> HoardDataDir();
Result<std::filesystem::path> HoardCacheDir();
Result<std::filesystem::path> HoardConfigDir();

// $HOME, else the password database's home of the current user, else "/".
std::string HomeDir();
// "~/x" expanded and relative paths made absolute: a daemon that chdirs to
// "/" must not read the user's paths relative to it.
std::string ExpandPath(const std::string& path);

}  // namespace hoard
