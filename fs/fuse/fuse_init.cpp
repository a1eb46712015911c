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
  // The kernel's readahead, as its default read_ahead_kb (128 KiB): the
  // first reads of a file grow its window from 16 KiB, so a larger one turns
  // a tag scan's head read into a download (1 MiB pulled 3.6x the bytes
  // sshfs does, 128 KiB 1.4x). Sequential streams are fetched ahead by the
  // cache itself once it sees them (cache_read_through.cpp: read-ahead to
  // 1 MiB per fetch, then prefetch): 32 MiB at 40 ms in 0.84 s, 0.81 s
  // with 1 MiB here.
  conn->max_readahead = 128 << 10;
  conn->max_background = 64;
  conn->want |= FUSE_CAP_ASYNC_READ;
  if (conn->capable & FUSE_CAP_READDIRPLUS) conn->want |= FUSE_CAP_READDIRPLUS;
  return &context;
}

}  // namespace hoard::fs::fuse_op
