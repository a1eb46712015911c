#include "web/host_check.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <optional>

#include "base/ascii_case.h"
#include "feed/safe_url.h"
#include "web/web_server.h"

namespace hoard::web {
namespace {

struct HostPort {
  std::string name;  // lower case; IPv6 in brackets
  int port = -1;     // -1: not given
};

// "name", "name:port", "[v6]", "[v6]:port" as a Host header or --allow-host
// writes them; nullopt for anything else (a bare IPv6 address, a path, a
// space, userinfo, a bad port).
std::optional<HostPort> SplitHostPort(std::string_view text) {
  std::string_view name, port;
  if (text.starts_with('[')) {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos || close == 1) return std::nullopt;
    name = text.substr(0, close + 1);
    port = text.substr(close + 1);
    const bool v6 = std::all_of(name.begin() + 1, name.end() - 1,
                                [](unsigned char c) { return std::isxdigit(c) || c == ':' || c == '.'; });
    if (!v6) return std::nullopt;
  } else {
    const std::size_t colon = text.find(':');
    name = text.substr(0, colon);
    port = colon == std::string_view::npos ? std::string_view() : text.substr(colon);
    const bool dns = std::all_of(name.begin(), name.end(),
                                 [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '.' || c == '_'; });
    if (name.empty() || !dns) return std::nullopt;
  }
  HostPort out{AsciiLower(name), -1};
  if (!port.empty()) {
    if (port.front() != ':' || port.size() < 2) return std::nullopt;
    const char* end = port.data() + port.size();
    auto [ptr, ec] = std::from_chars(port.data() + 1, end, out.port);
    if (ec != std::errc() || ptr != end || out.port < 1 || out.port > 65535) return std::nullopt;
  }
  return out;
}

}  // namespace

Status HostAllowlist::Allow(std::string_view spec) {
  const std::optional<HostPort> parsed = SplitHostPort(spec);
  if (!parsed) {
    return Status::Error(EINVAL, "--allow-host: expected NAME or NAME:PORT (e.g. music.example.org, localhost:9000, "
                                 "[::1]:9000), got \"" + std::string(spec) + "\"");
  }
  entries_.push_back({parsed->name, parsed->port});
  return Status::Ok();
}

void HostAllowlist::AllowListenAddress(const std::string& listen_host, int port) {
  const std::string host = AsciiLower(listen_host);
  std::vector<std::string> names;
  const std::string as_written = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (host == "0.0.0.0" || host == "::" || host == "localhost") {
    names = {"127.0.0.1", "[::1]", "localhost"};
  } else if (IsLoopbackHost(host)) {
    names = {as_written, "localhost"};
  } else {
    names = {as_written};
  }
  for (std::string& name : names) entries_.push_back({std::move(name), port});
}

bool HostAllowlist::Allows(std::string_view host_header) const {
  const std::optional<HostPort> host = SplitHostPort(host_header);
  if (!host) return false;
  const int port = host->port == -1 ? 80 : host->port;
  return std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) {
    return e.name == host->name && (e.port == -1 || e.port == port);
  });
}

bool IsSameOrigin(std::string_view url, std::string_view host_header) {
  const std::string_view authority = feed::WebUrlAuthority(url);
  return !authority.empty() && EqualsIgnoringAsciiCase(authority, host_header);
}

}  // namespace hoard::web
