#include "fs/sftp/ssh_target.h"

#include <pwd.h>
#include <unistd.h>

#include "base/xdg_dirs.h"

namespace hoard::fs {

SshTarget ResolveSshTarget(const std::string& user, const std::string& host, int port,
                           const std::vector<std::string>& identities, const std::string& known_hosts) {
  SshTarget target;
  target.host = host;
  target.port = port;
  target.user = user;
  if (target.user.empty()) {
    passwd* pw = getpwuid(getuid());
    target.user = pw != nullptr ? pw->pw_name : "root";
  }
  for (const std::string& identity : identities) target.identities.push_back(ExpandPath(identity));
  target.known_hosts = known_hosts.empty() ? HomeDir() + "/.ssh/known_hosts" : ExpandPath(known_hosts);
  return target;
}

std::string DisplayHost(const SshTarget& target) {
  if (target.port == 22) return target.host;
  return "[" + target.host + "]:" + std::to_string(target.port);
}

}  // namespace hoard::fs
