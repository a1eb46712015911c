#include "fs/ssh_target.h"

namespace hoard::fs {

std::string DisplayHost(const SshTarget& target) {
  if (target.port == 22) return target.host;
  return "[" + target.host + "]:" + std::to_string(target.port);
}

}  // namespace hoard::fs
