// The mount table (base/mount_info.h), table-driven over mountinfo text.
#include "base/mount_info.h"

#include <gtest/gtest.h>

namespace hoard {
namespace {

TEST(ParseMountInfo, TakesDeviceUnescapedMountpointAndTypeAfterTheSeparator) {
  const std::string text =
      "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
      "40 22 0:35 / /home/me/My\\040Music rw,nosuid master:2 unbindable - fuse.hoardfs me@nas:/srv rw\n"
      "41 22 0:36 / /mnt/nas rw - nfs4 nas:/export rw\n"
      "junk line\n"
      "42 22 0:37 / /mnt/no-separator rw ext4 /dev/x rw\n";
  const std::vector<MountInfo> mounts = ParseMountInfo(text);
  ASSERT_EQ(mounts.size(), 3u);
  EXPECT_EQ(mounts[0].device, "8:1");
  EXPECT_EQ(mounts[0].fstype, "ext4");
  EXPECT_EQ(mounts[1].mountpoint, "/home/me/My Music");
  EXPECT_EQ(mounts[1].fstype, "fuse.hoardfs");
  EXPECT_EQ(mounts[2].fstype, "nfs4");
}

TEST(IsNetworkFsType, NetworkAndFuseButNotLocalDisksNorFuseblk) {
  for (const char* network : {"fuse.hoardfs", "fuse.sshfs", "fuse.rclone", "nfs", "nfs4", "cifs", "smb3", "9p", "ceph"}) {
    EXPECT_TRUE(IsNetworkFsType(network)) << network;
  }
  for (const char* local : {"ext4", "xfs", "btrfs", "tmpfs", "fuseblk", "overlay", "vfat", ""}) {
    EXPECT_FALSE(IsNetworkFsType(local)) << local;
  }
}

TEST(MountHolding, TheRootHoldsEverythingAndAMountpointItself) {
  const auto root = MountHolding("/");
  ASSERT_TRUE(root.has_value());
  EXPECT_EQ(root->mountpoint, "/");
  const auto proc = MountHolding("/proc/self");
  ASSERT_TRUE(proc.has_value());
  EXPECT_EQ(proc->fstype, "proc");
  EXPECT_EQ(MountAt("/proc")->fstype, "proc");
  EXPECT_FALSE(MountAt("/proc/self").has_value());
}

}  // namespace
}  // namespace hoard
