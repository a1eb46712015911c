#include <sys/statvfs.h>

#include "fs/fuse/fuse_ops.h"

namespace hoard::fs::fuse_op {

int Statfs(const char*, struct statvfs* st) {
  Result<RemoteStatFs> fs = Remote().StatFs();
  if (!fs.ok()) return Error(fs.status());
  *st = {};
  st->f_bsize = fs->block_size;
  st->f_frsize = fs->block_size;
  st->f_blocks = fs->blocks;
  st->f_bfree = fs->blocks_free;
  st->f_bavail = fs->blocks_available;
  st->f_files = fs->files;
  st->f_ffree = fs->files_free;
  st->f_favail = fs->files_free;
  st->f_namemax = fs->name_max;
  st->f_flag = ST_RDONLY;
  return 0;
}

}  // namespace hoard::fs::fuse_op
