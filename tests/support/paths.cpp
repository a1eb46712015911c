#include "tests/support/paths.h"

#include <stdlib.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace hoard::test {

std::filesystem::path SourceDir() { return HOARD_SOURCE_DIR; }
std::filesystem::path BinaryDir() { return HOARD_BINARY_DIR; }
std::filesystem::path Executable(const std::string& name) { return BinaryDir() / "bin" / name; }

std::optional<std::filesystem::path> SharedDir() {
  const char* env = std::getenv("HOARD_SHARED_DIR");
  const std::filesystem::path shared = env ? std::filesystem::path(env) : SourceDir().parent_path() / "shared";
  std::error_code ec;
  if (!std::filesystem::is_directory(shared, ec)) return std::nullopt;
  return shared;
}

std::string ReadWholeFile(const std::filesystem::path& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + what + " " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
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
