// The readahead of a mount. Which mounts there are: base/mount_info.h.
#pragma once

#include <string>

namespace hoard::fs {

// Raises the kernel readahead of the mount at `path` (via its BDI in sysfs).
// Best effort: false when it could not (not root, no sysfs, not a mountpoint).
bool SetReadaheadKb(const std::string& path, int kilobytes);

}  // namespace hoard::fs
