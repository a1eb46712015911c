#include "web/params.h"

#include <cerrno>

namespace hoard::web {

Status CheckParamNames(const Params& params, std::initializer_list<const char*> allowed) {
  for (const auto& [name, value] : params) {
    bool known = false;
    for (const char* a : allowed) known = known || name == a;
    if (!known) return Status::Error(EINVAL, "unknown parameter \"" + name + "\"");
    if (params.count(name) > 1) return Status::Error(EINVAL, name + ": given more than once");
  }
  return Status::Ok();
}

std::string ParamValue(const Params& params, const char* name) {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

}  // namespace hoard::web
