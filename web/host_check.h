// Which requests `hoard serve` answers at all, and which may change state:
// its defence against DNS rebinding and cross-site form posts.
//
// hoard serve has no login; what keeps other people out is that they cannot
// connect to it. A web page can get around that with DNS rebinding: its name
// (attacker.example) first resolves to the attacker's server, then to
// 127.0.0.1, and the page's scripts, still same-origin with attacker.example
// as far as the browser knows, now read hoard serve's pages, JSON and CSRF
// token. What gives such a request away is its Host header, which names what
// the browser thinks it talks to: attacker.example. So the server answers a
// request only when its Host is one of the HostAllowlist's names: the address
// it listens on, the loopback names for a loopback (or wildcard) address, and
// the names the user gave with --allow-host. Any other Host gets 421.
//
// A request that changes state (a POST) must moreover come from a page of this
// server: browsers name the page that sent it in Origin (older ones, or with
// Origin withheld, at least in Referer), so a form on another site posting
// here is refused whatever token it carries. The CSRF token (web/csrf.h)
// stays the second lock.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace hoard::web {

class HostAllowlist {
 public:
  // --allow-host SPEC: "NAME" allows that name on any port (behind a reverse
  // proxy or a tunnel the port the browser used is not ours), "NAME:PORT"
  // only on that port; an IPv6 address in brackets, "[::1]:9000". Names are
  // compared without regard to case. EINVAL with a message for a malformed SPEC.
  Status Allow(std::string_view spec);
  // The names a server listening on `listen_host`:`port` is reached by, on
  // that port: the address as given; for a loopback address (127.0.0.0/8,
  // ::1, localhost) also "localhost", and for "localhost" 127.0.0.1 and [::1];
  // for a wildcard (0.0.0.0, ::) the loopback names only, since its other
  // names are the machine's to know (the user allows them with --allow-host).
  void AllowListenAddress(const std::string& listen_host, int port);

  // Whether a request with this Host header is answered. A Host without a
  // port means port 80 (a browser leaves the default port out); a missing or
  // malformed Host is refused.
  bool Allows(std::string_view host_header) const;

 private:
  struct Entry {
    std::string name;  // lower case; IPv6 in brackets
    int port;          // -1: any
  };
  std::vector<Entry> entries_;
};

// Whether `url` (an Origin header, or the Referer when there is no Origin)
// names a page of the server at `host_header`: scheme http or https and the
// same host[:port], compared without regard to case. "null", empty, other
// schemes and other hosts are not.
bool IsSameOrigin(std::string_view url, std::string_view host_header);

}  // namespace hoard::web
