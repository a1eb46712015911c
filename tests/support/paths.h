// Where tests find things: the source tree, the build tree, its executables,
// and the shared read-only data beside the repository (../shared).
#pragma once

#include <filesystem>
#include <string>

namespace hoard::test {

std::filesystem::path SourceDir();
std::filesystem::path BinaryDir();
// build/bin/<name>: hoardfs, hoard, ...
std::filesystem::path Executable(const std::string& name);
// ../shared/<relative>; fails the current test with a clear message when the
// shared folder is not there (a clone without its shared/ sibling).
std::filesystem::path SharedPath(const std::string& relative);

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
