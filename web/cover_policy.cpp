#include "web/cover_policy.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "base/ascii_case.h"
#include "feed/safe_url.h"

namespace hoard::web {
namespace {

// "https://host:port" of a web link, lower-cased; "" for anything else.
std::string Origin(std::string_view url) {
  if (!feed::IsWebLink(url)) return {};
  if (feed::WebUrlAuthority(url).find('@') != std::string_view::npos) return {};  // no credentials in an image URL
  return AsciiLower(feed::WebUrlOrigin(url));
}

}  // namespace

CoverPolicy::CoverPolicy(const feed::FeedConfig& config) {
  if (config.cover_art) {
    if (std::string archive = Origin(config.cover_art_url); !archive.empty()) sources_.push_back(archive);
    for (const char* fixed : {"https://coverartarchive.org", "https://archive.org", "https://*.archive.org",
                              "https://lastfm.freetls.fastly.net"}) {
      if (std::find(sources_.begin(), sources_.end(), fixed) == sources_.end()) sources_.push_back(fixed);
    }
  }
  csp_ = fmt::format(
      "default-src 'self'; img-src 'self'{}{}; style-src 'self'; script-src 'self'; form-action 'self'; "
      "frame-ancestors 'none'",
      sources_.empty() ? "" : " ", fmt::join(sources_, " "));
}

bool CoverPolicy::Allows(std::string_view url) const {
  const std::string origin = Origin(url);
  if (origin.empty()) return false;
  for (const std::string& s : sources_) {
    if (origin == s) return true;
    constexpr std::string_view kWildcard = "https://*";
    if (s.starts_with(kWildcard) && origin.starts_with("https://") &&
        origin.ends_with(std::string_view(s).substr(kWildcard.size()))) {
      return true;
    }
  }
  return false;
}

}  // namespace hoard::web
