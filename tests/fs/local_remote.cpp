#include "tests/fs/local_remote.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hoard::fs {
namespace {

Status Errno(int code, const std::string& what) {
  return Status::Error(code, what + ": " + std::strerror(code));
}

RemoteAttr FromStat(const struct stat& st) {
  RemoteAttr a;
  a.mode = st.st_mode;
  a.size = static_cast<std::uint64_t>(st.st_size);
  a.mtime = st.st_mtim.tv_sec;
  a.atime = st.st_atim.tv_sec;
  a.uid = st.st_uid;
  a.gid = st.st_gid;
  return a;
}

}  // namespace

class LocalFile final : public RemoteFile {
 public:
  LocalFile(LocalRemote& remote, int fd, RemoteAttr attr) : remote_(remote), fd_(fd), attr_(attr) {}
  ~LocalFile() override { ::close(fd_); }
  const RemoteAttr& attr() const override { return attr_; }

  Result<std::size_t> ReadAt(std::uint64_t offset, std::span<char> buf) override {
    HOARD_RETURN_IF_ERROR(remote_.CheckOnline());
    std::size_t done = 0;
    while (done < buf.size()) {
      ssize_t n = ::pread(fd_, buf.data() + done, buf.size() - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Errno(errno, "read");
      if (n == 0) break;
      done += static_cast<std::size_t>(n);
    }
    remote_.bytes_read_ += done;
    ++remote_.read_calls_;
    return done;
  }

 private:
  LocalRemote& remote_;
  const int fd_;
  const RemoteAttr attr_;
};

LocalRemote::LocalRemote(std::filesystem::path root) : root_(std::move(root)) {}

Status LocalRemote::CheckOnline() const {
  if (offline_) return Status::Error(ENOTCONN, "server unreachable (local source is offline)");
  return Status::Ok();
}

std::string LocalRemote::Local(const std::string& path) const { return root_.string() + path; }

void LocalRemote::ResetCounters() {
  bytes_read_ = 0;
  read_calls_ = 0;
  metadata_calls_ = 0;
}

Result<RemoteAttr> LocalRemote::Stat(const std::string& path) {
  HOARD_RETURN_IF_ERROR(CheckOnline());
  ++metadata_calls_;
  struct stat st {};
  if (::lstat(Local(path).c_str(), &st) != 0) return Errno(errno, "stat " + path);
  return FromStat(st);
}

Result<std::vector<DirEntry>> LocalRemote::ListDir(const std::string& path, RemoteAttr* self) {
  HOARD_RETURN_IF_ERROR(CheckOnline());
  ++metadata_calls_;
  std::string dir = Local(path);
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return Errno(errno, "list " + path);
  if (struct stat st {}; self != nullptr && ::fstat(::dirfd(d), &st) == 0) *self = FromStat(st);
  std::vector<DirEntry> out;
  while (struct dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    struct stat st {};
    if (::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    out.push_back({name, FromStat(st)});
  }
  ::closedir(d);
  return out;
}

Result<std::string> LocalRemote::ReadLink(const std::string& path) {
  HOARD_RETURN_IF_ERROR(CheckOnline());
  ++metadata_calls_;
  char buf[4096];
  ssize_t n = ::readlink(Local(path).c_str(), buf, sizeof buf);
  if (n < 0) return Errno(errno, "readlink " + path);
  return std::string(buf, static_cast<std::size_t>(n));
}

Result<RemoteStatFs> LocalRemote::StatFs() {
  HOARD_RETURN_IF_ERROR(CheckOnline());
  ++metadata_calls_;
  struct statvfs v {};
  if (::statvfs(root_.c_str(), &v) != 0) return Errno(errno, "statfs");
  RemoteStatFs s;
  s.block_size = v.f_frsize;
  s.blocks = v.f_blocks;
  s.blocks_free = v.f_bfree;
  s.blocks_available = v.f_bavail;
  s.files = v.f_files;
  s.files_free = v.f_ffree;
  s.name_max = v.f_namemax;
  return s;
}

Result<std::unique_ptr<RemoteFile>> LocalRemote::Open(const std::string& path) {
  HOARD_RETURN_IF_ERROR(CheckOnline());
  ++metadata_calls_;
  int fd = ::open(Local(path).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno(errno, "open " + path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return Errno(err, "stat " + path);
  }
  return std::unique_ptr<RemoteFile>(new LocalFile(*this, fd, FromStat(st)));
}

}  // namespace hoard::fs
