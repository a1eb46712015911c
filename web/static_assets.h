// The stylesheet and script, compiled into the binary. Only these fixed
// paths are served: nothing is read from disk by a request's path, so there
// is nothing to traverse.
#pragma once

#include <string_view>

namespace hoard::web {

struct StaticAsset {
  const char* content_type;
  std::string_view body;
};

// nullptr for any path but /static/style.css and /static/app.js.
const StaticAsset* FindStaticAsset(std::string_view path);

}  // namespace hoard::web
