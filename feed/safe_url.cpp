#include "feed/safe_url.h"

#include <cctype>

namespace hoard::feed {
namespace {

bool StartsWithNoCase(std::string_view text, std::string_view lower_prefix) {
  if (text.size() < lower_prefix.size()) return false;
  for (std::size_t i = 0; i < lower_prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != lower_prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::string_view WebUrlAuthority(std::string_view url) {
  std::string_view rest;
  if (StartsWithNoCase(url, "https://")) {
    rest = url.substr(8);
  } else if (StartsWithNoCase(url, "http://")) {
    rest = url.substr(7);
  } else {
    return {};
  }
  return rest.substr(0, rest.find_first_of("/?#"));
}

std::string_view WebUrlHost(std::string_view url) {
  std::string_view host = WebUrlAuthority(url);
  if (const std::size_t at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
  if (host.starts_with('[')) {
    const std::size_t close = host.find(']');
    return close == std::string_view::npos || close == 1 ? std::string_view() : host.substr(0, close + 1);
  }
  return host.substr(0, host.find(':'));
}

bool IsWebLink(std::string_view url) {
  for (const char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '\\') return false;
  }
  return !WebUrlHost(url).empty();
}

}  // namespace hoard::feed
