// What a route answers, independent of the HTTP library: the server turns a
// Reply into its response, so only web_server.cpp includes cpp-httplib.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace hoard::web {

// Query or form parameters as parsed from the request (name -> values).
using Params = std::multimap<std::string, std::string>;

struct Reply {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

inline constexpr const char* kJsonType = "application/json; charset=utf-8";

}  // namespace hoard::web
