// The one place that says which function serves which FUSE operation.
#include "fs/fuse/fuse_ops.h"

namespace hoard::fs {

fuse_operations MakeFuseOperations() {
  fuse_operations ops{};
  ops.init        = fuse_op::Init;
  ops.getattr     = fuse_op::Getattr;
  ops.opendir     = fuse_op::Opendir;
  ops.readdir     = fuse_op::Readdir;
  ops.releasedir  = fuse_op::Releasedir;
  ops.open        = fuse_op::Open;
  ops.read        = fuse_op::Read;
  ops.readlink    = fuse_op::Readlink;
  ops.statfs      = fuse_op::Statfs;
  ops.release     = fuse_op::Release;

  ops.mknod       = fuse_op::Mknod;
  ops.mkdir       = fuse_op::Mkdir;
  ops.unlink      = fuse_op::Unlink;
  ops.rmdir       = fuse_op::Rmdir;
  ops.symlink     = fuse_op::Symlink;
  ops.rename      = fuse_op::Rename;
  ops.link        = fuse_op::Link;
  ops.chmod       = fuse_op::Chmod;
  ops.chown       = fuse_op::Chown;
  ops.truncate    = fuse_op::Truncate;
  ops.write       = fuse_op::Write;
  ops.setxattr    = fuse_op::Setxattr;
  ops.removexattr = fuse_op::Removexattr;
  ops.create      = fuse_op::Create;
  ops.utimens     = fuse_op::Utimens;
  ops.fallocate   = fuse_op::Fallocate;
  return ops;
}

}  // namespace hoard::fs
