// Which cover images the web view may show, and the Content-Security-Policy
// that lets the browser load exactly those: one list for both, so a page
// never holds an <img> its policy blocks, nor a policy wider than its images.
//
// The hosts: the configured Cover Art Archive (cover_art.url), the archive's
// own image hosts it redirects to (archive.org, *.archive.org: CSP checks
// every hop of a redirect), and Last.fm's image host (the fallback). With
// cover_art = false there are none: the page makes no third-party request.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "feed/feed_config.h"

namespace hoard::web {

class CoverPolicy {
 public:
  explicit CoverPolicy(const feed::FeedConfig& config);
  // An https URL (http for the configured archive's own scheme and host)
  // whose host is on the list.
  bool Allows(std::string_view url) const;
  // The whole Content-Security-Policy header value.
  const std::string& content_security_policy() const { return csp_; }

 private:
  std::vector<std::string> sources_;  // CSP source expressions: "https://host[:port]", "https://*.archive.org"
  std::string csp_;
};

}  // namespace hoard::web
