#include "base/private_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hoard {
namespace {

Status Errno(int err, const std::string& what) { return Status::Error(err, what + ": " + std::strerror(err)); }

}  // namespace

Status MakePrivateDirs(const std::filesystem::path& dir) {
  if (dir.empty()) return Status::Ok();
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) return Status::Error(ENOTDIR, dir.string() + " is not a directory");
    return Status::Ok();
  }
  if (dir.has_parent_path() && dir.parent_path() != dir) {
    HOARD_RETURN_IF_ERROR(MakePrivateDirs(dir.parent_path()));
  }
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return Errno(errno, "mkdir " + dir.string());
  return Status::Ok();
}

Status MakePrivateFile(const std::filesystem::path& path) {
  HOARD_RETURN_IF_ERROR(MakePrivateDirs(path.parent_path()));
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Errno(errno, "open " + path.string());
  int rc = ::fchmod(fd, 0600);
  int saved = errno;
  ::close(fd);
  if (rc != 0) return Errno(saved, "chmod " + path.string());
  return Status::Ok();
}

}  // namespace hoard
