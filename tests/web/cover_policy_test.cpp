// web::CoverPolicy: which cover URLs the page may show, and the
// Content-Security-Policy that lets the browser load exactly those.
#include "web/cover_policy.h"

#include <gtest/gtest.h>

#include <string>

namespace hoard::web {
namespace {

constexpr const char* kFixedHosts =
    "https://coverartarchive.org https://archive.org https://*.archive.org https://lastfm.freetls.fastly.net";

// The img-src directive of a policy, without its name: "'self' https://...".
std::string ImgSrc(const std::string& csp) {
  const std::string name = "img-src ";
  const std::size_t start = csp.find(name);
  if (start == std::string::npos) return "<no img-src>";
  const std::size_t end = csp.find(';', start);
  return csp.substr(start + name.size(), end == std::string::npos ? std::string::npos : end - start - name.size());
}

TEST(CoverPolicy, AllowsHttpsUrlsOfTheListedHostsOnly) {
  const CoverPolicy policy{feed::FeedConfig{}};
  const struct {
    const char* url;
    bool allowed;
  } cases[] = {
      {"https://coverartarchive.org/release-group/x/front-250", true},
      {"https://COVERARTARCHIVE.ORG/release-group/x/front-250", true},  // hosts are case-insensitive
      {"HTTPS://coverartarchive.org/x", true},
      {"https://archive.org/download/x.jpg", true},
      {"https://ia800.us.archive.org/x.jpg", true},
      {"https://IA800.US.Archive.Org/x.jpg", true},
      {"https://lastfm.freetls.fastly.net/i/u/300x300/abc.png", true},
      {"https://coverartarchive.org", true},
      {"https://coverartarchive.org?x=1", true},
      {"http://coverartarchive.org/x", false},  // the policy is https
      {"http://ia800.us.archive.org/x.jpg", false},
      {"http://lastfm.freetls.fastly.net/x.png", false},
      {"https://archive.org.evil.example/x", false},
      {"https://coverartarchive.org.evil.example/x", false},
      {"https://evilarchive.org/x", false},
      {"https://evil.example/x.jpg", false},
      {"https://evil.example/coverartarchive.org/x.jpg", false},
      {"https://evil.example/?https://coverartarchive.org/x", false},
      {"https://user@coverartarchive.org/x", false},
      {"https://user:pw@coverartarchive.org/x", false},
      {"https://coverartarchive.org@evil.example/x", false},
      {"https://coverartarchive.org:8443/x", false},  // CSP's https://host means the default port only
      {"https://ia800.us.archive.org:8443/x.jpg", false},
      {"javascript:alert(1)", false},
      {"data:image/png;base64,AAAA", false},
      {"//coverartarchive.org/x", false},
      {"/static/cover.jpg", false},
      {"coverartarchive.org/x", false},
      {" https://coverartarchive.org/x", false},
      {"https://coverartarchive.org/x y", false},
      {"", false},
  };
  for (const auto& c : cases) EXPECT_EQ(policy.Allows(c.url), c.allowed) << c.url;
}

TEST(CoverPolicy, ContentSecurityPolicyNamesExactlyTheCoverHosts) {
  const CoverPolicy policy{feed::FeedConfig{}};
  const std::string& csp = policy.content_security_policy();
  EXPECT_EQ(ImgSrc(csp), std::string("'self' ") + kFixedHosts) << csp;
  for (const char* directive : {"default-src 'self'", "script-src 'self'", "style-src 'self'", "form-action 'self'",
                                "frame-ancestors 'none'"}) {
    EXPECT_NE(csp.find(directive), std::string::npos) << csp << " lacks " << directive;
  }
}

TEST(CoverPolicy, AnotherArchiveComesFirstAndIsAllowed) {
  feed::FeedConfig config;
  config.cover_art_url = "https://Covers.Example.org:8443/base";
  const CoverPolicy policy{config};
  EXPECT_EQ(ImgSrc(policy.content_security_policy()),
            std::string("'self' https://covers.example.org:8443 ") + kFixedHosts);
  EXPECT_TRUE(policy.Allows("https://covers.example.org:8443/release-group/x/front-250"));
  EXPECT_TRUE(policy.Allows("https://COVERS.example.org:8443/x"));
  EXPECT_FALSE(policy.Allows("https://covers.example.org/x")) << "another port is another origin";
  EXPECT_FALSE(policy.Allows("http://covers.example.org:8443/x"));
  EXPECT_TRUE(policy.Allows("https://coverartarchive.org/x")) << "the fixed hosts stay";
}

TEST(CoverPolicy, AnHttpArchiveIsAllowedWithItsOwnScheme) {
  feed::FeedConfig config;
  config.cover_art_url = "http://127.0.0.1:9000";
  const CoverPolicy policy{config};
  EXPECT_EQ(ImgSrc(policy.content_security_policy()), std::string("'self' http://127.0.0.1:9000 ") + kFixedHosts);
  EXPECT_TRUE(policy.Allows("http://127.0.0.1:9000/release-group/x/front-250"));
  EXPECT_FALSE(policy.Allows("http://127.0.0.1:9001/x"));
  EXPECT_FALSE(policy.Allows("https://127.0.0.1:9000/x"));
  EXPECT_FALSE(policy.Allows("http://coverartarchive.org/x")) << "http only for the configured archive";
}

TEST(CoverPolicy, TheDefaultArchiveIsNotListedTwice) {
  feed::FeedConfig config;
  config.cover_art_url = "https://CoverArtArchive.org/";
  const CoverPolicy policy{config};
  EXPECT_EQ(ImgSrc(policy.content_security_policy()), std::string("'self' ") + kFixedHosts);
}

TEST(CoverPolicy, ArchiveUrlsWithCredentialsOrOtherSchemesAddNothing) {
  for (const char* url : {"https://user:pw@covers.example.org", "ftp://covers.example.org", "javascript:alert(1)",
                          "", "covers.example.org"}) {
    feed::FeedConfig config;
    config.cover_art_url = url;
    const CoverPolicy policy{config};
    EXPECT_EQ(ImgSrc(policy.content_security_policy()), std::string("'self' ") + kFixedHosts) << url;
    EXPECT_FALSE(policy.Allows("https://covers.example.org/x")) << url;
  }
}

TEST(CoverPolicy, NoCoverArtMeansNoImageHostAtAll) {
  feed::FeedConfig config;
  config.cover_art = false;
  const CoverPolicy policy{config};
  EXPECT_EQ(ImgSrc(policy.content_security_policy()), "'self'") << policy.content_security_policy();
  for (const char* url : {"https://coverartarchive.org/x", "https://ia800.us.archive.org/x.jpg",
                          "https://lastfm.freetls.fastly.net/x.png", "https://evil.example/x.jpg"}) {
    EXPECT_FALSE(policy.Allows(url)) << url;
  }
}

}  // namespace
}  // namespace hoard::web
