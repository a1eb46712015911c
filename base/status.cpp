#include "base/status.h"

#include <cstring>

namespace hoard {

Status Status::Error(int code, std::string message) {
  assert(code != 0);
  return Status(code, std::move(message));
}

Status Status::WithContext(const std::string& context) const {
  if (ok()) return *this;
  return Status(code_, context + ": " + ToString());
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  if (message_.empty()) return std::strerror(code_);
  return message_;
}

}  // namespace hoard
