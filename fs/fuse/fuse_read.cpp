#include "fs/fuse/fuse_ops.h"

namespace hoard::fs::fuse_op {

int Read(const char*, char* buf, size_t size, off_t offset, fuse_file_info* fi) {
  auto* file = reinterpret_cast<RemoteFile*>(fi->fh);
  Result<std::size_t> n = file->ReadAt(static_cast<std::uint64_t>(offset), std::span<char>(buf, size));
  if (!n.ok()) return Error(n.status());
  return static_cast<int>(*n);
}

}  // namespace hoard::fs::fuse_op
