// mountinfo: "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER",
// paths escaped as \ooo (space, tab, newline, backslash).
#include "base/mount_info.h"

#include <fstream>
#include <sstream>

namespace hoard {
namespace {

std::string Unescape(const std::string& field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    const auto octal = [&](std::size_t at) { return field[at] >= '0' && field[at] <= '7'; };
    if (field[i] == '\\' && i + 3 < field.size() && octal(i + 1) && octal(i + 2) && octal(i + 3)) {
      out += static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0'));
      i += 3;
    } else {
      out += field[i];
    }
  }
  return out;
}

std::vector<MountInfo> ReadMountInfo() {
  std::ifstream in("/proc/self/mountinfo");
  std::stringstream text;
  text << in.rdbuf();
  return ParseMountInfo(text.str());
}

// `path` is `mountpoint` or below it.
bool Holds(const std::string& mountpoint, const std::string& path) {
  if (mountpoint == "/") return true;
  return path.compare(0, mountpoint.size(), mountpoint) == 0 &&
         (path.size() == mountpoint.size() || path[mountpoint.size()] == '/');
}

}  // namespace

std::vector<MountInfo> ParseMountInfo(std::string_view text) {
  std::vector<MountInfo> mounts;
  std::istringstream lines{std::string(text)};
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string id, parent, device, root, mountpoint, field;
    if (!(fields >> id >> parent >> device >> root >> mountpoint)) continue;
    while (fields >> field && field != "-") {
    }
    std::string fstype;
    if (field != "-" || !(fields >> fstype)) continue;
    mounts.push_back({device, Unescape(mountpoint), fstype});
  }
  return mounts;
}

std::optional<MountInfo> MountAt(const std::string& path) {
  std::optional<MountInfo> found;
  for (MountInfo& m : ReadMountInfo()) {
    if (m.mountpoint == path) found = std::move(m);  // the last match is the one on top
  }
  return found;
}

std::optional<MountInfo> MountHolding(const std::string& path) {
  std::optional<MountInfo> found;
  for (MountInfo& m : ReadMountInfo()) {
    if (Holds(m.mountpoint, path) && (!found || m.mountpoint.size() >= found->mountpoint.size())) found = std::move(m);
  }
  return found;
}

bool IsNetworkFsType(std::string_view fstype) {
  if (fstype.starts_with("fuse.")) return true;
  for (std::string_view network : {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "ceph", "afs", "lustre",
                                   "glusterfs", "fuse"}) {
    if (fstype == network) return true;
  }
  return false;
}

}  // namespace hoard
