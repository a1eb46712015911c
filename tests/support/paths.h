// Where tests find things: the source tree, the build tree, its executables,
// and, for the conformance suite only, the shared read-only data beside the
// repository (../shared).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace hoard::test {

std::filesystem::path SourceDir();
std::filesystem::path BinaryDir();
// build/bin/<name>: hoardfs, hoard, ...
std::filesystem::path Executable(const std::string& name);
// The shared folder of recorded API responses and TagLib's corpus:
// $HOARD_SHARED_DIR when it is set (nullopt when that is not a directory),
// else ../shared beside the source tree when it is a directory, else nullopt
// (a clone elsewhere has none).
std::optional<std::filesystem::path> SharedDir();

// The whole of `path`; throws std::runtime_error "cannot read <what> <path>"
// when it cannot be read.
std::string ReadWholeFile(const std::filesystem::path& path, const std::string& what);

// A fresh directory under $TMPDIR removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace hoard::test
