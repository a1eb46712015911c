#include "feed/safe_url.h"

#include "base/ascii_case.h"

namespace hoard::feed {
std::string_view WebUrlAuthority(std::string_view url) {
  std::string_view rest;
  if (StartsWithIgnoringAsciiCase(url, "https://")) {
    rest = url.substr(8);
  } else if (StartsWithIgnoringAsciiCase(url, "http://")) {
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

std::string WebUrlOrigin(std::string_view url) {
  const std::string_view host = WebUrlHost(url);
  if (host.empty()) return {};
  std::string_view authority = WebUrlAuthority(url);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  // What follows the host is its ":port", if anything.
  const std::string_view port = authority.substr(host.size());
  return AsciiLower(url.substr(0, url.find(':'))) + "://" + std::string(host) + std::string(port);
}

bool IsWebLink(std::string_view url) {
  for (const char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '\\') return false;
  }
  return !WebUrlHost(url).empty();
}

}  // namespace hoard::feed
