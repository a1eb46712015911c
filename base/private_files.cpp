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

Status MakePrivateDir(const std::filesystem::path& dir) {
  HOARD_RETURN_IF_ERROR(MakePrivateDirs(dir));
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return Errno(errno, "stat " + dir.string());
  if ((st.st_mode & 077) != 0 && ::chmod(dir.c_str(), 0700) != 0) return Errno(errno, "chmod 0700 " + dir.string());
  return Status::Ok();
}

Status MakePrivateFile(const std::filesystem::path& path) {
  HOARD_RETURN_IF_ERROR(MakePrivateDirs(path.parent_path()));
  // O_EXCL: an existing file (maybe open in a SQLite connection of this
  // process) is never opened, so no descriptor of it is ever closed here.
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST) {
    // Tightened by its path (chmod, not fchmod): no descriptor involved.
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return Errno(errno, "stat " + path.string());
    if ((st.st_mode & 077) != 0 && ::chmod(path.c_str(), st.st_mode & 0700) != 0) {
      return Errno(errno, "chmod " + path.string());
    }
    return Status::Ok();
  }
  if (fd < 0) return Errno(errno, "create " + path.string());
  // The umask may have taken bits off 0600, never added any: fchmod restores
  // the owner's read and write.
  int rc = ::fchmod(fd, 0600);
  int saved = errno;
  ::close(fd);
  if (rc != 0) return Errno(saved, "chmod " + path.string());
  return Status::Ok();
}

Result<int> OpenPrivateFile(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Errno(errno, "open " + path.string());
  return fd;
}

}  // namespace hoard
