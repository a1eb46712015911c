// The FUSE operations of hoardfs (libfuse3 high-level API), one file each.
//
// They know nothing about SSH: every byte and attribute comes from the
// RemoteSource in the FuseContext, whatever it is (SftpRemote, the cache
// wrapping it, a local directory in tests). Errors reach the kernel as the
// source's errno, except link failures other than ETIMEDOUT, which become
// EIO (an application knows EIO; "transport endpoint not connected" on a
// file read confuses it). Every write-type operation answers EROFS.
#pragma once

#include <fuse.h>

#include <memory>

#include "base/status.h"
#include "fs/remote/remote_source.h"

namespace hoard::fs {

// Handed to fuse_new() as private data; outlives the FUSE session.
struct FuseContext {
  std::shared_ptr<RemoteSource> remote;
  double attr_timeout = 20;
  double entry_timeout = 20;
};

// The operations table, filled in fuse_operations.cpp.
fuse_operations MakeFuseOperations();

namespace fuse_op {

FuseContext& Context();
RemoteSource& Remote();
// -errno for a failed status, as FUSE callbacks return it.
int Error(const Status& status);
void FillStat(const RemoteAttr& attr, struct stat* st);

void* Init(fuse_conn_info* conn, fuse_config* cfg);
int Getattr(const char* path, struct stat* st, fuse_file_info* fi);
int Opendir(const char* path, fuse_file_info* fi);
int Releasedir(const char* path, fuse_file_info* fi);
int Readdir(const char* path, void* buf, fuse_fill_dir_t filler, off_t offset, fuse_file_info* fi,
            fuse_readdir_flags flags);
int Open(const char* path, fuse_file_info* fi);
int Read(const char* path, char* buf, size_t size, off_t offset, fuse_file_info* fi);
int Readlink(const char* path, char* buf, size_t size);
int Statfs(const char* path, struct statvfs* st);
int Release(const char* path, fuse_file_info* fi);

// Write-type operations (fuse_readonly.cpp).
int Mknod(const char*, mode_t, dev_t);
int Mkdir(const char*, mode_t);
int Unlink(const char*);
int Rmdir(const char*);
int Symlink(const char*, const char*);
int Rename(const char*, const char*, unsigned int);
int Link(const char*, const char*);
int Chmod(const char*, mode_t, fuse_file_info*);
int Chown(const char*, uid_t, gid_t, fuse_file_info*);
int Truncate(const char*, off_t, fuse_file_info*);
int Write(const char*, const char*, size_t, off_t, fuse_file_info*);
int Setxattr(const char*, const char*, const char*, size_t, int);
int Removexattr(const char*, const char*);
int Create(const char*, mode_t, fuse_file_info*);
int Utimens(const char*, const struct timespec[2], fuse_file_info*);
int Fallocate(const char*, int, off_t, off_t, fuse_file_info*);

}  // namespace fuse_op
}  // namespace hoard::fs
