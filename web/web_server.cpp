// Route table and the glue between cpp-httplib and the pages. The one file
// that includes httplib.h (a heavy header), so the rest of web/ compiles
// against Reply and Params only.
//
// Every request gets exactly one response from one of the handlers below;
// httplib's error handler fills in a body only for errors that have none
// (its own 404s and 400s), so a route's message is never replaced.
#include "web/web_server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <charconv>

#include "web/api_routes.h"
#include "web/feed_responses.h"
#include "web/html.h"
#include "web/pages_catalog.h"
#include "web/pages_releases.h"
#include "web/static_assets.h"

namespace hoard::web {
namespace {

// Every answer carries the policy of web/cover_policy.h.
void Send(const Reply& reply, httplib::Response& res, const std::string& csp) {
  res.status = reply.status;
  for (const auto& [name, value] : reply.headers) res.set_header(name, value);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Content-Security-Policy", csp);
  if (!reply.body.empty() || reply.status != 304) res.set_content(reply.body, reply.content_type.c_str());
}

using Route = Reply (*)(WebState&, const Params&);

}  // namespace

Result<std::pair<std::string, int>> ParseListenAddress(const std::string& text) {
  const auto bad = [&text] {
    return Status::Error(EINVAL, "--listen: expected HOST:PORT (e.g. 127.0.0.1:8484), got \"" + text + "\"");
  };
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return bad();
  std::string host = text.substr(0, colon);
  const std::string port_text = text.substr(colon + 1);
  if (host.front() == '[') {
    if (host.back() != ']') return bad();
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string::npos) {
    return bad();  // a bare IPv6 address needs brackets
  }
  int port = -1;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (host.empty() || ec != std::errc() || ptr != port_text.data() + port_text.size() || port < 0 || port > 65535) {
    return bad();
  }
  return std::pair{host, port};
}

bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

struct WebServer::Impl {
  explicit Impl(WebState& s) : state(s) {}
  WebState& state;
  httplib::Server server;
  int port = 0;
  HostAllowlist hosts;  // set by Bind, read-only once Run serves
};

namespace {

bool ChangesState(const std::string& method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

// The checks every request passes before a route sees it (see host_check.h
// for why): a Host this server answers for, and for a state-changing
// request an Origin (or, without one, a Referer) of this server.
httplib::Server::HandlerResponse Screen(const HostAllowlist& hosts, const std::string& csp,
                                        const httplib::Request& req, httplib::Response& res) {
  const std::string host = req.get_header_value("Host");
  if (!hosts.Allows(host)) {
    Send({421, "text/plain; charset=utf-8",
          "421 Misdirected Request: hoard serve does not answer for this Host name; "
          "start it with --allow-host NAME to allow one\n",
          {}},
         res, csp);
    return httplib::Server::HandlerResponse::Handled;
  }
  if (ChangesState(req.method)) {
    const std::string from = req.has_header("Origin") ? req.get_header_value("Origin") : req.get_header_value("Referer");
    if (!IsSameOrigin(from, host)) {
      Send(ErrorPageReply(403, "refused: this request was not sent from a page of this server"), res, csp);
      return httplib::Server::HandlerResponse::Handled;
    }
  }
  return httplib::Server::HandlerResponse::Unhandled;
}

}  // namespace

WebServer::WebServer(WebState& state) : impl_(std::make_unique<Impl>(state)) {
  httplib::Server& server = impl_->server;
  WebState& s = state;
  const HostAllowlist& hosts = impl_->hosts;
  const std::string& csp = state.covers().content_security_policy();
  server.set_pre_routing_handler([&hosts, &csp](const httplib::Request& req, httplib::Response& res) {
    return Screen(hosts, csp, req, res);
  });
  const auto get = [&server, &s, &csp](const char* path, Route route) {
    server.Get(path, [&s, &csp, route](const httplib::Request& req, httplib::Response& res) {
      Send(route(s, req.params), res, csp);
    });
  };
  get("/", ReleasesPage);
  get("/catalog", CatalogPage);
  get("/catalog/artist", CatalogArtistPage);
  get("/catalog/album", CatalogAlbumPage);
  get("/catalog/stats", CatalogStatsPage);
  get("/api/releases", ApiReleases);
  get("/api/artists", ApiArtists);
  get("/api/albums", ApiAlbums);
  get("/api/stats", ApiStats);
  for (const auto& [path, format] : {std::pair{"/feed.atom", FeedFormat::kAtom}, std::pair{"/feed.rss", FeedFormat::kRss},
                                     std::pair{"/feed.ics", FeedFormat::kICal}}) {
    const FeedFormat f = format;
    server.Get(path, [&s, &csp, f](const httplib::Request& req, httplib::Response& res) {
      Send(FeedReply(s, f, req.get_header_value("If-None-Match"), req.get_header_value("If-Modified-Since")), res,
           csp);
    });
  }
  server.Get("/static/.*", [&csp](const httplib::Request& req, httplib::Response& res) {
    const StaticAsset* asset = FindStaticAsset(req.path);
    if (asset == nullptr) return Send(ErrorPageReply(404, "no such file: " + req.path), res, csp);
    Reply reply{200, asset->content_type, std::string(asset->body), {{"Cache-Control", "max-age=3600"}}};
    Send(reply, res, csp);
  });
  server.Post("/releases/mark", [&s, &csp](const httplib::Request& req, httplib::Response& res) {
    Send(MarkRelease(s, req.params), res, csp);
  });
  server.Post("/artists/mute", [&s, &csp](const httplib::Request& req, httplib::Response& res) {
    Send(MuteArtist(s, req.params), res, csp);
  });

  server.set_error_handler([&csp](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    const bool api = req.path.rfind("/api/", 0) == 0;
    const std::string message = res.status == 404 ? "no such page: " + req.path : "bad request";
    Reply reply = api ? JsonError(res.status, message) : ErrorPageReply(res.status, message);
    Send(reply, res, csp);
  });
  server.set_exception_handler([&csp](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown error";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("{} {}: {}", req.method, req.path, what);
    res.body.clear();
    Send(ErrorPageReply(500, "internal error"), res, csp);
  });
  server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    spdlog::info("{} \"{} {}\" {} {}", req.remote_addr, req.method, req.target, res.status, res.body.size());
  });
}

WebServer::~WebServer() { Stop(); }

Status WebServer::Bind(const std::string& host, int port, HostAllowlist allowed) {
  if (port == 0) {
    impl_->port = impl_->server.bind_to_any_port(host);
    if (impl_->port < 0) return Status::Error(EADDRNOTAVAIL, "cannot listen on " + host);
  } else if (!impl_->server.bind_to_port(host, port)) {
    return Status::Error(EADDRINUSE, "cannot listen on " + host + ":" + std::to_string(port) +
                                         " (in use, or not an address of this machine)");
  } else {
    impl_->port = port;
  }
  allowed.AllowListenAddress(host, impl_->port);
  impl_->hosts = std::move(allowed);
  return Status::Ok();
}

int WebServer::port() const { return impl_->port; }

Status WebServer::Run() {
  if (!impl_->server.listen_after_bind()) return Status::Error(EIO, "the server stopped unexpectedly");
  return Status::Ok();
}

void WebServer::Stop() { impl_->server.stop(); }

}  // namespace hoard::web
