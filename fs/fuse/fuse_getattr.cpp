#include "fs/fuse/fuse_ops.h"

namespace hoard::fs::fuse_op {

int Getattr(const char* path, struct stat* st, fuse_file_info* fi) {
  if (fi != nullptr && fi->fh != 0) {
    // fstat on an open file: its attributes came with the open.
    FillStat(reinterpret_cast<RemoteFile*>(fi->fh)->attr(), st);
    return 0;
  }
  Result<RemoteAttr> attr = Remote().Stat(path);
  if (!attr.ok()) return Error(attr.status());
  FillStat(*attr, st);
  return 0;
}

}  // namespace hoard::fs::fuse_op
