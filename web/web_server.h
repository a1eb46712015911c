// The HTTP server of `hoard serve`: routes, one log line per request, and a
// clean stop. cpp-httplib is included by web_server.cpp only; routes get
// their parameters as a plain multimap and answer a Reply.
//
// Contract: Bind, then Run on one thread (it blocks until Stop); Stop may be
// called from any thread or after Run returned. The WebState must outlive
// the server. Requests are answered on httplib's thread pool.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "base/status.h"
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

  Status Bind(const std::string& host, int port);
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
