#include "tests/support/paths.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <stdexcept>
#include <system_error>

namespace hoard::test {

std::filesystem::path SourceDir() { return HOARD_SOURCE_DIR; }
std::filesystem::path BinaryDir() { return HOARD_BINARY_DIR; }
std::filesystem::path Executable(const std::string& name) { return BinaryDir() / "bin" / name; }

std::filesystem::path SharedPath(const std::string& relative) {
  std::filesystem::path shared = SourceDir().parent_path() / "shared";
  if (const char* env = std::getenv("HOARD_SHARED_DIR")) shared = env;
  std::filesystem::path path = shared / relative;
  if (!std::filesystem::exists(path)) {
    ADD_FAILURE() << "shared test data missing: " << path
                  << " (expected ../shared beside the repository, or set HOARD_SHARED_DIR)";
  }
  return path;
}

TempDir::TempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp ? tmp : "/tmp") + "/hoard-test-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace hoard::test
