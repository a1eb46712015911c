#include "feed/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace hoard::feed {
namespace {

Status Errno(const std::string& what) { return Status::Error(errno, what + ": " + std::strerror(errno)); }

}  // namespace

Status WriteFileAtomically(const std::string& path, std::string_view content, unsigned mode) {
  const std::filesystem::path target(path);
  const std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
  std::string temp = dir + "/." + target.filename().string() + ".tmp.XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return Errno("create a temporary file in " + dir);
  auto abandon = [&](const Status& s) {
    ::close(fd);
    ::unlink(temp.c_str());
    return s;
  };
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return abandon(Errno("write " + temp));
    done += static_cast<size_t>(n);
  }
  if (::fchmod(fd, mode) != 0) return abandon(Errno("chmod " + temp));
  if (::fsync(fd) != 0) return abandon(Errno("fsync " + temp));
  if (::close(fd) != 0) {
    ::unlink(temp.c_str());
    return Errno("close " + temp);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const Status s = Errno("rename to " + path);
    ::unlink(temp.c_str());
    return s;
  }
  // Make the rename itself durable.
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

}  // namespace hoard::feed
