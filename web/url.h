// Building links: query strings with percent-encoded values, so a name like
// "AC/DC & Friends" survives the round trip through a link.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hoard::web {

// RFC 3986 percent-encoding of everything but unreserved characters.
std::string PercentEncode(std::string_view text);
// The reverse, with "+" as a space (form encoding); bad escapes stay as written.
std::string PercentDecode(std::string_view text);
// "a=1&b=x%20y"; pairs with an empty value are left out.
std::string QueryString(const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace hoard::web
