// Which URLs may become links (feed/safe_url.h): table-driven.
#include "feed/safe_url.h"

#include <gtest/gtest.h>

namespace hoard::feed {
namespace {

TEST(IsWebLink, OnlyHttpAndHttpsWithAHost) {
  const struct {
    const char* url;
    bool link;
  } cases[] = {
      {"https://www.last.fm/music/Bj%C3%B6rk/Fossora", true},
      {"http://www.last.fm/music/X", true},
      {"HTTPS://WWW.LAST.FM/", true},
      {"hTtP://example.org", true},
      {"https://user@example.org:8443/x?y#z", true},
      {"http://[::1]:8484/", true},
      {"https://example.org?q", true},
      {"javascript:alert(document.domain)", false},
      {"JAVASCRIPT:alert(1)", false},
      {" javascript:alert(1)", false},
      {"java\tscript:alert(1)", false},
      {"javascript://example.org/%0Aalert(1)", false},
      {"data:text/html,<script>alert(1)</script>", false},
      {"vbscript:msgbox(1)", false},
      {"file:///etc/passwd", false},
      {"ftp://example.org/", false},
      {" https://example.org/", false},
      {"https://example.org/a b", false},
      {"https:\\\\example.org", false},
      {"https:/example.org", false},
      {"https://", false},
      {"https:///path", false},
      {"https://user@/", false},
      {"https://:443/", false},
      {"http://[]/", false},
      {"//example.org/x", false},
      {"/relative", false},
      {"", false},
  };
  for (const auto& c : cases) EXPECT_EQ(IsWebLink(c.url), c.link) << '"' << c.url << '"';
}

TEST(WebUrl, AuthorityAndHost) {
  EXPECT_EQ(WebUrlAuthority("https://user@Example.org:8443/x"), "user@Example.org:8443");
  EXPECT_EQ(WebUrlAuthority("http://127.0.0.1:8484"), "127.0.0.1:8484");
  EXPECT_EQ(WebUrlAuthority("http://h?x"), "h");
  EXPECT_EQ(WebUrlAuthority("javascript:x"), "");
  EXPECT_EQ(WebUrlHost("https://user@Example.org:8443/x"), "Example.org");
  EXPECT_EQ(WebUrlHost("http://[::1]:8484/"), "[::1]");
  EXPECT_EQ(WebUrlHost("http://127.0.0.1:8484/api?api_key=SECRET"), "127.0.0.1");
  EXPECT_EQ(WebUrlHost("mailto:a@b"), "");
}

TEST(WebUrl, OriginKeepsSchemeHostAndPortOnly) {
  EXPECT_EQ(WebUrlOrigin("HTTPS://user:pw@Example.org:8443/topic?token=SECRET#x"), "https://Example.org:8443");
  EXPECT_EQ(WebUrlOrigin("http://gotify.local/message?token=SECRET"), "http://gotify.local");
  EXPECT_EQ(WebUrlOrigin("http://[::1]:80"), "http://[::1]:80");
  EXPECT_EQ(WebUrlOrigin("https://ntfy.sh/my-secret-topic"), "https://ntfy.sh");
  EXPECT_EQ(WebUrlOrigin("ftp://h/x"), "");
  EXPECT_EQ(WebUrlOrigin("http:///x"), "");
}

}  // namespace
}  // namespace hoard::feed
