// Directory listings come with every entry's attributes (SFTP READDIR has
// them) and are handed to the kernel as READDIRPLUS entries, so `ls -l` costs
// one listing per directory instead of one round trip per file. The listing
// itself was fetched by opendir (fuse_opendir.cpp).
//
// Entries are given explicit offsets (index + 1): libfuse's high-level API
// only passes the attributes on as READDIRPLUS entries in offset mode;
// without offsets the kernel would LOOKUP every name again.
#include <algorithm>

#include "fs/fuse/fuse_ops.h"

namespace hoard::fs::fuse_op {

int Readdir(const char*, void* buf, fuse_fill_dir_t filler, off_t offset, fuse_file_info* fi,
            fuse_readdir_flags) {
  const auto& entries = *reinterpret_cast<const std::vector<DirEntry>*>(fi->fh);
  // Offsets 1 and 2 are "." and "..", entry i has offset i + 3.
  static constexpr const char* kDots[] = {".", ".."};
  for (off_t next = offset; next < 2; ++next) {
    if (filler(buf, kDots[next], nullptr, next + 1, static_cast<fuse_fill_dir_flags>(0)) != 0) return 0;
  }
  for (std::size_t i = static_cast<std::size_t>(std::max<off_t>(offset, 2) - 2); i < entries.size(); ++i) {
    struct stat st;
    FillStat(entries[i].attr, &st);
    if (filler(buf, entries[i].name.c_str(), &st, static_cast<off_t>(i + 3), FUSE_FILL_DIR_PLUS) != 0) break;
  }
  return 0;
}

}  // namespace hoard::fs::fuse_op
