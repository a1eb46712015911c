// What every operation shares: the context, errno translation, stat filling.
#include <sys/stat.h>

#include <cerrno>

#include "fs/fuse/fuse_ops.h"

namespace hoard::fs::fuse_op {

FuseContext& Context() { return *static_cast<FuseContext*>(fuse_get_context()->private_data); }

RemoteSource& Remote() { return *Context().remote; }

int Error(const Status& status) {
  if (IsLinkError(status) && status.code() != ETIMEDOUT) return -EIO;
  return -status.code();
}

void FillStat(const RemoteAttr& attr, struct stat* st) {
  *st = {};
  st->st_mode = attr.mode;
  st->st_nlink = S_ISDIR(attr.mode) ? 2 : 1;
  st->st_size = static_cast<off_t>(attr.size);
  st->st_uid = attr.uid;
  st->st_gid = attr.gid;
  st->st_mtim.tv_sec = attr.mtime;
  st->st_atim.tv_sec = attr.atime;
  st->st_ctim.tv_sec = attr.mtime;  // SFTP v3 has no ctime
  // Large blocks make cp/cat read in large chunks; st_blocks stays in 512s.
  st->st_blksize = 1 << 20;
  st->st_blocks = static_cast<blkcnt_t>((attr.size + 511) / 512);
}

}  // namespace hoard::fs::fuse_op
