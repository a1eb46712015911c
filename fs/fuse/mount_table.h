// Questions about the kernel's mount table (/proc/self/mountinfo).
#pragma once

#include <optional>
#include <string>

namespace hoard::fs {

// The "major:minor" of the filesystem mounted exactly at `path` (an absolute,
// canonical path), or nothing when `path` is not a mountpoint.
std::optional<std::string> MountedDevice(const std::string& path);

// Raises the kernel readahead of the mount at `path` (via its BDI in sysfs).
// Best effort: false when it could not (not root, no sysfs).
bool SetReadaheadKb(const std::string& path, int kilobytes);

}  // namespace hoard::fs
