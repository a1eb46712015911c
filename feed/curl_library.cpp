#include "feed/curl_library.h"

#include <dlfcn.h>

#include <cerrno>
#include <string>

namespace hoard::feed {
namespace {

// The soname libcurl has kept since 7.16 (2006): the ABI this code is
// compiled against.
constexpr const char* kSoname = "libcurl.so.4";

template <typename Fn>
Status Resolve(void* handle, const char* name, Fn& out) {
  void* symbol = dlsym(handle, name);
  if (symbol == nullptr) {
    return Status::Error(ENOSYS, std::string(kSoname) + " lacks " + name);
  }
  out = reinterpret_cast<Fn>(symbol);
  return Status::Ok();
}

Result<const CurlLibrary*> Load() {
  // Never dlclose'd: the table lives as long as the process.
  void* handle = dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    return Status::Error(ENOENT, std::string("cannot load ") + kSoname +
                                     " (install Debian's libcurl4): " + dlerror());
  }
  static CurlLibrary curl;
  CURLcode (*global_init)(long) = nullptr;
  HOARD_RETURN_IF_ERROR(Resolve(handle, "curl_global_init", global_init));
  HOARD_RETURN_IF_ERROR(Resolve(handle, "curl_easy_init", curl.easy_init));
  HOARD_RETURN_IF_ERROR(Resolve(handle, "curl_easy_cleanup", curl.easy_cleanup));
  HOARD_RETURN_IF_ERROR(Resolve(handle, "curl_easy_setopt", curl.easy_setopt));
  HOARD_RETURN_IF_ERROR(Resolve(handle, "curl_easy_perform", curl.easy_perform));
  HOARD_RETURN_IF_ERROR(Resolve(handle, "curl_easy_getinfo", curl.easy_getinfo));
  HOARD_RETURN_IF_ERROR(Resolve(handle, "curl_easy_strerror", curl.easy_strerror));
  HOARD_RETURN_IF_ERROR(Resolve(handle, "curl_getdate", curl.getdate));
  HOARD_RETURN_IF_ERROR(Resolve(handle, "curl_slist_append", curl.slist_append));
  HOARD_RETURN_IF_ERROR(Resolve(handle, "curl_slist_free_all", curl.slist_free_all));
  if (const CURLcode rc = global_init(CURL_GLOBAL_DEFAULT); rc != CURLE_OK) {
    return Status::Error(EIO, std::string("cannot initialise libcurl: ") + curl.easy_strerror(rc));
  }
  return &curl;
}

}  // namespace

Result<const CurlLibrary*> CurlLibrary::Get() {
  // A function-local static: loaded once, by whichever thread comes first.
  static const Result<const CurlLibrary*> loaded = Load();
  return loaded;
}

}  // namespace hoard::feed
