// Request parameter checks shared by pages and API: unknown or repeated
// names are refused (a typo such as ?artsit= must not silently show
// everything).
#pragma once

#include <initializer_list>
#include <string>

#include "base/status.h"
#include "web/reply.h"

namespace hoard::web {

// EINVAL naming the first unknown or repeated parameter.
Status CheckParamNames(const Params& params, std::initializer_list<const char*> allowed);
// The value of `name`, "" when absent.
std::string ParamValue(const Params& params, const char* name);

}  // namespace hoard::web
