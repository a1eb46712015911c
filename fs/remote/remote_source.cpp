#include "fs/remote/remote_source.h"

#include <cerrno>

namespace hoard::fs {

bool IsLinkError(const Status& status) {
  switch (status.code()) {
    case ENOTCONN:
    case ETIMEDOUT:
    case ECONNREFUSED:
    case ECONNRESET:
    case ECONNABORTED:
    case EHOSTUNREACH:
    case ENETUNREACH:
    case EHOSTDOWN:
    case ENETDOWN:
      return true;
    default:
      return false;
  }
}

std::string JoinRemotePath(const std::string& dir, const std::string& name) {
  if (dir.empty() || dir == "/") return "/" + name;
  return dir + "/" + name;
}

std::string RemoteParent(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return "/";
  return path.substr(0, slash);
}

std::string RemoteName(const std::string& path) { return path.substr(path.rfind('/') + 1); }

}  // namespace hoard::fs
