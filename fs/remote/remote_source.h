// RemoteSource: the seam between the FUSE operations and where bytes come from.
//
// The FUSE layer (fuse_*.cpp) only ever talks to a RemoteSource. Today there
// are two: SftpRemote, which asks the server over a pool of SFTP sessions,
// and CachingRemote, which wraps another RemoteSource with the persistent
// range cache (serving what it has, fetching and recording what it lacks, and
// answering from the cache alone while the link is down). Tests of the cache
// logic wrap a local directory instead of a server.
//
// Paths are absolute within the mounted tree ("/" is the mount's root,
// "/Artist/2001_Album/01_-_Title.mp3"), byte-exact, never normalised.
//
// Errors are Status codes the FUSE edge can hand to the kernel as they are:
// ENOENT, EACCES, ENOTDIR, ... for what the server said about the file, and
// the link errors below when the server could not be asked at all.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"

namespace hoard::fs {

// What the server says about one file, as SFTP v3 gives it (whole seconds).
struct RemoteAttr {
  mode_t mode = 0;  // type and permission bits
  std::uint64_t size = 0;
  std::int64_t mtime = 0;  // seconds since the epoch
  std::int64_t atime = 0;
  std::uint32_t uid = 0;
  std::uint32_t gid = 0;
};

struct DirEntry {
  std::string name;  // one path component, byte-exact
  RemoteAttr attr;   // lstat of the entry: a symlink is a symlink
};

struct RemoteStatFs {
  std::uint64_t block_size = 4096;
  std::uint64_t blocks = 0;
  std::uint64_t blocks_free = 0;
  std::uint64_t blocks_available = 0;
  std::uint64_t files = 0;
  std::uint64_t files_free = 0;
  std::uint64_t name_max = 255;
};

// An open remote file. ReadAt may be called from several threads at once.
class RemoteFile {
 public:
  virtual ~RemoteFile() = default;
  // The attributes seen when the file was opened. The cache ties cached
  // bytes to (size, mtime): bytes of another version are never mixed in.
  virtual const RemoteAttr& attr() const = 0;
  // Reads up to buf.size() bytes at `offset`; fewer only at end of file.
  virtual Result<std::size_t> ReadAt(std::uint64_t offset, std::span<char> buf) = 0;
  // True when the bytes the kernel may still hold in its page cache for this
  // file are known to be current (the cache saw this same version before):
  // the FUSE open then sets keep_cache, and a replay costs no read at all.
  virtual bool keep_cache() const { return false; }
};

// All methods may be called concurrently from FUSE worker threads.
class RemoteSource {
 public:
  virtual ~RemoteSource() = default;
  // lstat: symlinks are reported as symlinks, not followed.
  virtual Result<RemoteAttr> Stat(const std::string& path) = 0;
  // Every entry but "." and "..", with attributes (one round trip per dir).
  // `self`, when given, gets the directory's own attributes as the listing
  // saw them (its "." entry), or is left alone when the source has none.
  virtual Result<std::vector<DirEntry>> ListDir(const std::string& path, RemoteAttr* self = nullptr) = 0;
  virtual Result<std::string> ReadLink(const std::string& path) = 0;
  virtual Result<RemoteStatFs> StatFs() = 0;
  // Opens for reading; EACCES when the server refuses, ENOENT when missing.
  virtual Result<std::unique_ptr<RemoteFile>> Open(const std::string& path) = 0;
  // Open(), for a caller that knows the file's attributes (a listing's):
  // the source may take them as attr() and confirm them with the first read
  // instead of at open (one round trip fewer over SFTP). A read of a file
  // whose size or mtime are not `expected` fails with ESTALE and returns no
  // byte. By default, Open().
  virtual Result<std::unique_ptr<RemoteFile>> OpenExpecting(const std::string& path, const RemoteAttr& expected) {
    (void)expected;
    return Open(path);
  }
};

// Paths as RemoteSource spells them: JoinRemotePath("/", "a") = "/a",
// ("/a", "b") = "/a/b"; RemoteParent("/a/b") = "/a", ("/a") = "/";
// RemoteName("/a/b") = "b".
std::string JoinRemotePath(const std::string& dir, const std::string& name);
std::string RemoteParent(const std::string& path);
std::string RemoteName(const std::string& path);

// True when `status` says the server could not be reached or did not answer
// in time (as opposed to an answer about the file). The cache serves what it
// has on link errors; the FUSE edge reports them as EIO or ETIMEDOUT.
bool IsLinkError(const Status& status);

}  // namespace hoard::fs
