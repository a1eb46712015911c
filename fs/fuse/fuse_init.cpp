// Negotiation with the kernel: big reads, big readahead, many background
// (async) reads, and the attribute/entry timeouts the user chose.
#include "fs/fuse/fuse_ops.h"

namespace hoard::fs::fuse_op {

void* Init(fuse_conn_info* conn, fuse_config* cfg) {
  FuseContext& context = Context();
  cfg->attr_timeout = context.attr_timeout;
  cfg->entry_timeout = context.entry_timeout;
  cfg->negative_timeout = context.entry_timeout;
  cfg->use_ino = 0;
  cfg->kernel_cache = 0;
  cfg->nullpath_ok = 0;
  // libfuse derives the kernel's max_pages (the largest request) from
  // max_write: 1 MiB here means 1 MiB reads too.
  conn->max_write = 1 << 20;
  conn->max_read = 1 << 20;  // must equal the max_read mount option
  // The kernel takes the smaller of this and the mount's read_ahead_kb,
  // which hoardfs_main raises to 1 MiB before INIT (128 KiB by default):
  // one full-size request ahead of the reader. Not more: extra windows run
  // as concurrent requests on other sessions, each breaking the per-handle
  // queue of in-flight SFTP reads a sequential stream lives on
  // (sftp_session.cpp); measured: 4 MiB made a cold read ~5x slower.
  conn->max_readahead = 1 << 20;
  conn->max_background = 64;
  conn->want |= FUSE_CAP_ASYNC_READ;
  if (conn->capable & FUSE_CAP_READDIRPLUS) conn->want |= FUSE_CAP_READDIRPLUS;
  return &context;
}

}  // namespace hoard::fs::fuse_op
