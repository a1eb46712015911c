#include "fs/fuse/mount_table.h"

#include <fstream>

#include "base/mount_info.h"

namespace hoard::fs {

bool SetReadaheadKb(const std::string& path, int kilobytes) {
  const std::optional<MountInfo> mount = MountAt(path);
  if (!mount) return false;
  std::ofstream out("/sys/class/bdi/" + mount->device + "/read_ahead_kb");
  out << kilobytes << "\n";
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace hoard::fs
