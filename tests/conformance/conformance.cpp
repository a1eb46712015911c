#include "tests/conformance/conformance.h"

#include <cstdlib>

namespace hoard::test {

std::string NoSharedReason() {
  const char* env = std::getenv("HOARD_SHARED_DIR");
  const std::string missing = env ? "HOARD_SHARED_DIR=" + std::string(env) + " is not a directory"
                                  : "no ../shared beside the repository and HOARD_SHARED_DIR unset";
  return "conformance: " + missing + ": recorded API responses and TagLib's corpus are not here";
}

std::filesystem::path SharedFile(const std::string& relative) { return SharedDir().value() / relative; }

}  // namespace hoard::test
