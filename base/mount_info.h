// The kernel's mount table (/proc/self/mountinfo), as hoard asks it: is a
// path a mountpoint (hoardfs's remount checks), and what filesystem holds
// a path (`hoard index` reads a network filesystem with more threads).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hoard {

struct MountInfo {
  std::string device;      // "major:minor"
  std::string mountpoint;  // unescaped
  std::string fstype;      // "ext4", "fuse.hoardfs", "nfs4", ...
};

// The mounts listed in mountinfo text, in its order (later ones on top).
// Paths are unescaped (\040 is a space); lines that do not parse are skipped.
std::vector<MountInfo> ParseMountInfo(std::string_view text);

// The mount exactly at `path` (absolute, canonical), the topmost when
// several are stacked there; nothing when `path` is not a mountpoint.
std::optional<MountInfo> MountAt(const std::string& path);

// The mount holding `path` (absolute, canonical): the one whose mountpoint
// is the longest prefix of it, component-wise, topmost first.
std::optional<MountInfo> MountHolding(const std::string& path);

// A filesystem whose every operation crosses a network: NFS, SMB/CIFS, 9p,
// Ceph, AFS, Lustre, GlusterFS, and FUSE filesystems ("fuse.*": hoardfs,
// sshfs, rclone, s3fs...) but not fuseblk, a FUSE driver of a local disk
// (ntfs-3g, exfat).
bool IsNetworkFsType(std::string_view fstype);

}  // namespace hoard
