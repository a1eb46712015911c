// A directory is listed once, when it is opened: the answer (EACCES, ENOENT)
// reaches opendir() where programs expect it, and every readdir() call on
// the handle then walks the same snapshot instead of asking again.
#include "fs/fuse/fuse_ops.h"

namespace hoard::fs::fuse_op {

int Opendir(const char* path, fuse_file_info* fi) {
  Result<std::vector<DirEntry>> entries = Remote().ListDir(path);
  if (!entries.ok()) return Error(entries.status());
  fi->fh = reinterpret_cast<std::uint64_t>(new std::vector<DirEntry>(std::move(*entries)));
  return 0;
}

int Releasedir(const char*, fuse_file_info* fi) {
  delete reinterpret_cast<std::vector<DirEntry>*>(fi->fh);
  fi->fh = 0;
  return 0;
}

}  // namespace hoard::fs::fuse_op
