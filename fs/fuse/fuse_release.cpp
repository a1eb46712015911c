#include "fs/fuse/fuse_ops.h"

namespace hoard::fs::fuse_op {

int Release(const char*, fuse_file_info* fi) {
  delete reinterpret_cast<RemoteFile*>(fi->fh);
  fi->fh = 0;
  return 0;
}

}  // namespace hoard::fs::fuse_op
