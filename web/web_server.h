// The HTTP server of `hoard serve`: routes, one log line per request, and a
// clean stop. cpp-httplib is included by web_server.cpp only; routes get
// their parameters as a plain multimap and answer a Reply.
//
// Contract: Bind, then Run on one thread (it blocks until Stop); Stop may be
// called from any thread or after Run returned. The WebState must outlive
// the server. Requests are answered on httplib's thread pool.
//
// Before any route, every request's Host must be one the server answers for
// (web/host_check.h), else it gets 421 and a short plain-text body; a request
// that is not GET, HEAD or OPTIONS must also come from a page of this server
// (Origin, or Referer without Origin), else 403.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "base/status.h"
#include "web/host_check.h"
#include "web/web_state.h"

namespace hoard::web {

// "127.0.0.1:8484", "localhost:80", "[::1]:8484", "0.0.0.0:8484"; port 0
// asks the kernel for a free one. EINVAL with a message otherwise.
Result<std::pair<std::string, int>> ParseListenAddress(const std::string& text);
// 127.0.0.0/8, ::1 and "localhost": what only this machine can reach.
bool IsLoopbackHost(const std::string& host);

class WebServer {
 public:
  explicit WebServer(WebState& state);
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  // Listens on host:port and answers for the names of that address (see
  // HostAllowlist::AllowListenAddress, with the port as bound) and those
  // already in `allowed` (--allow-host).
  Status Bind(const std::string& host, int port, HostAllowlist allowed = {});
  // The bound port (the kernel's choice when Bind got 0).
  int port() const;
  // Serves until Stop().
  Status Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hoard::web
