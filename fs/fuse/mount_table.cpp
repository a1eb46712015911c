// mountinfo escapes space, tab, newline and backslash in paths as \ooo.
#include "fs/fuse/mount_table.h"

#include <fstream>
#include <sstream>

namespace hoard::fs {
namespace {

std::string Unescape(const std::string& field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size()) {
      int value = (field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0');
      out += static_cast<char>(value);
      i += 3;
    } else {
      out += field[i];
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> MountedDevice(const std::string& path) {
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  std::optional<std::string> device;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string id, parent, major_minor, root, mountpoint;
    fields >> id >> parent >> major_minor >> root >> mountpoint;
    // The last match wins: it is the one on top.
    if (Unescape(mountpoint) == path) device = major_minor;
  }
  return device;
}

bool SetReadaheadKb(const std::string& path, int kilobytes) {
  std::optional<std::string> device = MountedDevice(path);
  if (!device) return false;
  std::ofstream out("/sys/class/bdi/" + *device + "/read_ahead_kb");
  out << kilobytes << "\n";
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace hoard::fs
