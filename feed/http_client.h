// The one HTTP client of the feed: libcurl (loaded on first use, see
// curl_library.h), rate-limited, retrying, caching. Get asks the services
// (MusicBrainz, Last.fm); Post pushes a notification (feed/notifier.h).
//
// Contract:
// - Every network attempt (first try or retry) first takes a token from the
//   client's RateLimiter, so a retry storm cannot exceed the service's rate.
//   The bucket is drained when the answer arrives: the interval runs from the
//   previous answer, so the server sees requests at least 1/rate apart however
//   long they travelled (it answers a request only after it arrived).
// - 503 and 429 are retried after Retry-After (seconds or HTTP date) when the
//   server sends one, else after an exponential backoff; for a Get, other 5xx
//   and timeouts too, after the backoff; at most `retries` retries.
//   Connection refused and DNS failures are not retried: the host is down,
//   and every later Get (that the cache cannot answer) or Post to the same
//   scheme://host:port fails at once instead of knocking again.
// - A Post is retried only when the server certainly did not act on it: 429
//   and 503 (it refused the request, as above). A timeout, any other 5xx and
//   any other transport failure fail at once: the server may have acted on
//   the POST before it failed, and a second attempt could notify twice.
//   A Post is never cached and does not follow redirects (a 3xx is its
//   answer: libcurl would turn a POST into a GET on 301/302 and report the
//   GET's 200 as if the push had been delivered).
// - A 5xx is never an answer: it fails the request (EIO), for a Get after
//   the retries, for a Post at once (or after them for a 503).
// - A 2xx answer whose body the request's `cacheable` accepts is stored in the
//   ResponseCache under the request's `url`; a later Get of the same url within
//   `max_age` is answered from the cache without touching the network.
// - An answer is at most `max_body_bytes` long as the client receives it,
//   after libcurl has undone any Content-Encoding (gzip, deflate, br): a few
//   KB of gzip can inflate to gigabytes, so the wire size alone bounds
//   nothing. A longer answer fails the request (EFBIG, "answer from HOST
//   larger than 8 MiB, refused") as soon as it passes the limit, without
//   being held, and is not retried: the same request would get the same
//   answer.
// - HttpRequest::url is what is logged and used as the cache key; secrets
//   (Last.fm's api_key) travel only in `secret_query`, appended at send time,
//   so they never reach a log line, an error message or the database.
// - HttpPost::url is secret as a whole (a Gotify token in its query, an ntfy
//   topic in its path, a password before the host): a log line or an error
//   message names it by its scheme://host[:port] (WebUrlOrigin) only.
// - A Post's header names and values, its content type included, are sent
//   as given, and refused (EINVAL, nothing sent) when one holds a CR, LF or
//   NUL, or a name is not an HTTP token: a line break in a value would start
//   a header of its own. A Post leaves the handle as a Get needs it (no
//   body, no headers of its own, method GET).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "feed/rate_limiter.h"

namespace hoard::feed {

struct CurlLibrary;

struct CachedResponse {
  long status = 0;
  std::string body;
  std::int64_t fetched_at = 0;  // unix seconds
};

class ResponseCache {
 public:
  virtual ~ResponseCache() = default;
  // The entry for `key` if it was fetched at most `max_age` ago.
  virtual std::optional<CachedResponse> LookupResponse(const std::string& key,
                                                       std::chrono::seconds max_age) = 0;
  virtual void StoreResponse(const std::string& key, long status, const std::string& body) = 0;
};

struct HttpRequest {
  std::string url;           // safe to log; the cache key
  std::string secret_query;  // "api_key=..." appended to the query at send time
  std::chrono::seconds max_age{0};  // 0: never answered from the cache
  // Decides whether a 2xx body may be cached (Last.fm reports transient
  // failures with HTTP 200). Unset: every 2xx body is cached.
  std::function<bool(std::string_view body)> cacheable;
};

struct HttpPost {
  std::string url;           // the whole URL, secret: never logged (see above)
  std::string body;          // sent byte for byte
  std::string content_type;  // empty: libcurl's application/x-www-form-urlencoded
  std::vector<std::pair<std::string, std::string>> headers;  // extra (name, value)
};

struct HttpResponse {
  long status = 0;
  std::string body;
  bool from_cache = false;
};

struct HttpOptions {
  std::string user_agent;
  double requests_per_second = 1.0;
  std::chrono::seconds timeout{30};
  int retries = 3;
  std::chrono::milliseconds backoff{1000};    // first retry delay, doubled each time
  std::chrono::seconds max_retry_after{120};  // a longer Retry-After fails the request
  // The longest answer accepted, decoded. MusicBrainz's largest pages (100
  // release groups) and Last.fm's album.getInfo are well under 1 MiB.
  std::size_t max_body_bytes = 8u << 20;
};

class HttpClient {
 public:
  // `cache` may be null (no caching); it must outlive the client.
  HttpClient(HttpOptions options, ResponseCache* cache, Clock& clock = Clock::Real());
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // The final answer (any status; 4xx included) or a failed Status:
  // ECONNREFUSED (host unreachable), ETIMEDOUT, EIO (5xx after retries),
  // EFBIG (an answer longer than max_body_bytes).
  Result<HttpResponse> Get(const HttpRequest& request);

  // The answer (any status below 500; 3xx and 4xx included) or a failed
  // Status: EINVAL (not an http(s) URL with a host, or a header holding a
  // line break), ECONNREFUSED, ETIMEDOUT, EIO (a 5xx, or a transport failure
  // after part of the exchange), EFBIG. Messages name the URL by its
  // scheme://host[:port] only.
  Result<HttpResponse> Post(const HttpPost& request);

  // Network attempts made so far (cache hits excluded).
  int attempts() const { return attempts_; }

 private:
  struct Attempt {
    long status = 0;
    std::string body;
    std::optional<std::chrono::seconds> retry_after;
    Status error;  // transport failure; status is meaningless then
  };
  // One request as sent, GET or POST, and how messages name it.
  struct Outgoing {
    std::string url;             // what is sent, secrets included
    std::string name;            // "GET <url>" or "POST <scheme://host:port>"
    std::string origin;          // scheme://host:port, the key of hosts_down_
    const HttpPost* post = nullptr;  // null: GET
  };
  Attempt Perform(const Outgoing& out);
  // The attempts of one request, with the retry policy above.
  Result<HttpResponse> Send(const Outgoing& out);

  HttpOptions options_;
  ResponseCache* cache_;
  Clock& clock_;
  RateLimiter limiter_;
  const CurlLibrary* curl_library_ = nullptr;
  void* curl_ = nullptr;  // CURL*, reused for connection keep-alive
  int attempts_ = 0;
  Status unusable_;  // libcurl could not be loaded or gave no handle
  std::map<std::string, Status> hosts_down_;  // by scheme://host:port: connection refused
};

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string UrlEncode(std::string_view text);

}  // namespace hoard::feed
