#include <fcntl.h>

#include <cerrno>

#include "fs/fuse/fuse_ops.h"

namespace hoard::fs::fuse_op {

int Open(const char* path, fuse_file_info* fi) {
  if ((fi->flags & O_ACCMODE) != O_RDONLY || (fi->flags & (O_TRUNC | O_CREAT | O_APPEND)) != 0) return -EROFS;
  Result<std::unique_ptr<RemoteFile>> file = Remote().Open(path);
  if (!file.ok()) return Error(file.status());
  fi->keep_cache = (*file)->keep_cache() ? 1 : 0;
  fi->fh = reinterpret_cast<std::uint64_t>(file->release());
  return 0;
}

}  // namespace hoard::fs::fuse_op
