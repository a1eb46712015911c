#include <cstring>

#include "fs/fuse/fuse_ops.h"

namespace hoard::fs::fuse_op {

int Readlink(const char* path, char* buf, size_t size) {
  Result<std::string> target = Remote().ReadLink(path);
  if (!target.ok()) return Error(target.status());
  if (size == 0) return 0;
  std::size_t n = std::min(target->size(), size - 1);  // FUSE wants it NUL-terminated, truncated
  std::memcpy(buf, target->data(), n);
  buf[n] = '\0';
  return 0;
}

}  // namespace hoard::fs::fuse_op
