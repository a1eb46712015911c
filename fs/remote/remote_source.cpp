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

}  // namespace hoard::fs
