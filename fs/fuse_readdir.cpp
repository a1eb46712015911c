// Directory listings come with every entry's attributes (SFTP READDIR has
// them) and are handed to the kernel as READDIRPLUS entries, so `ls -l` costs
// one listing per directory instead of one round trip per file. The listing
// itself was fetched by opendir (fuse_opendir.cpp).
#include "fs/fuse_ops.h"

namespace hoard::fs::fuse_op {

int Readdir(const char*, void* buf, fuse_fill_dir_t filler, off_t, fuse_file_info* fi, fuse_readdir_flags) {
  const auto& entries = *reinterpret_cast<const std::vector<DirEntry>*>(fi->fh);
  filler(buf, ".", nullptr, 0, static_cast<fuse_fill_dir_flags>(0));
  filler(buf, "..", nullptr, 0, static_cast<fuse_fill_dir_flags>(0));
  for (const DirEntry& entry : entries) {
    struct stat st;
    FillStat(entry.attr, &st);
    if (filler(buf, entry.name.c_str(), &st, 0, FUSE_FILL_DIR_PLUS) != 0) break;
  }
  return 0;
}

}  // namespace hoard::fs::fuse_op
