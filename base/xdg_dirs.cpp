#include "base/xdg_dirs.h"

#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

namespace hoard {
namespace {

Result<std::filesystem::path> XdgHoardDir(const char* variable, const char* fallback_under_home) {
  if (const char* xdg = std::getenv(variable); xdg != nullptr && xdg[0] == '/') {
    return std::filesystem::path(xdg) / "hoard";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') {
    return std::filesystem::path(home) / fallback_under_home / "hoard";
  }
  return Status::Error(ENOENT, std::string("neither ") + variable + " nor HOME is set");
}

}  // namespace

std::string HomeDir() {
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') return home;
  if (passwd* pw = getpwuid(getuid())) return pw->pw_dir;
  return "/";
}

std::string ExpandPath(const std::string& path) {
  if (path == "~" || path.starts_with("~/")) return HomeDir() + path.substr(1);
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  return ec ? path : absolute.string();
}

Result<std::filesystem::path> HoardDataDir() { return XdgHoardDir("XDG_DATA_HOME", ".local/share"); }
Result<std::filesystem::path> HoardCacheDir() { return XdgHoardDir("XDG_CACHE_HOME", ".cache"); }
Result<std::filesystem::path> HoardConfigDir() { return XdgHoardDir("XDG_CONFIG_HOME", ".config"); }

}  // namespace hoard
