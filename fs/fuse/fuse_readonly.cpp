// hoardfs is read-only: every operation that would change the tree answers
// EROFS, so tools see "Read-only file system" rather than "Function not
// implemented".
#include <cerrno>

#include "fs/fuse/fuse_ops.h"

namespace hoard::fs::fuse_op {

int Mknod(const char*, mode_t, dev_t) { return -EROFS; }
int Mkdir(const char*, mode_t) { return -EROFS; }
int Unlink(const char*) { return -EROFS; }
int Rmdir(const char*) { return -EROFS; }
int Symlink(const char*, const char*) { return -EROFS; }
int Rename(const char*, const char*, unsigned int) { return -EROFS; }
int Link(const char*, const char*) { return -EROFS; }
int Chmod(const char*, mode_t, fuse_file_info*) { return -EROFS; }
int Chown(const char*, uid_t, gid_t, fuse_file_info*) { return -EROFS; }
int Truncate(const char*, off_t, fuse_file_info*) { return -EROFS; }
int Write(const char*, const char*, size_t, off_t, fuse_file_info*) { return -EROFS; }
int Setxattr(const char*, const char*, const char*, size_t, int) { return -EROFS; }
int Removexattr(const char*, const char*) { return -EROFS; }
int Create(const char*, mode_t, fuse_file_info*) { return -EROFS; }
int Utimens(const char*, const struct timespec[2], fuse_file_info*) { return -EROFS; }
int Fallocate(const char*, int, off_t, off_t, fuse_file_info*) { return -EROFS; }

}  // namespace hoard::fs::fuse_op
