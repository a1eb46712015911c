// One libcurl easy handle per client, reused so that a run of a few hundred
// MusicBrainz requests rides one keep-alive connection. Retry and cache policy
// live here, once, instead of in each service client.
#include "feed/http_client.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <ctime>

#include "base/ascii_case.h"
#include "feed/curl_library.h"
#include "feed/safe_url.h"

namespace hoard::feed {
namespace {

// AppendBody's state: the answer so far and how long it may grow.
struct BodySink {
  std::string& body;
  std::size_t limit;
  bool too_large = false;
};

// libcurl hands over the body decoded, a piece at a time; a piece that would
// take it past the limit is refused with a short count, which makes libcurl
// abort the transfer (CURLE_WRITE_ERROR) before it inflates any more.
size_t AppendBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  const size_t n = size * count;
  if (n > sink->limit - sink->body.size()) {
    sink->too_large = true;
    return 0;
  }
  sink->body.append(data, n);
  return n;
}

// "8 MiB", "1 KiB", or "1000 bytes" when it is no whole number of either.
std::string SizeText(std::size_t bytes) {
  if (bytes != 0 && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes != 0 && bytes % (1u << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

// ReadHeader's output: Retry-After as a delay, parsed with libcurl's date parser.
struct RetryAfter {
  const CurlLibrary* curl;
  std::optional<std::chrono::seconds>& delay;
};

size_t ReadHeader(char* data, size_t size, size_t count, void* user) {
  std::string_view line(data, size * count);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    if (StartsWithIgnoringAsciiCase(line, kName)) {
      std::string value(line.substr(kName.size()));
      while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
      while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.erase(0, 1);
      auto* out = static_cast<RetryAfter*>(user);
      if (!value.empty() && std::all_of(value.begin(), value.end(),
                                        [](unsigned char c) { return std::isdigit(c); })) {
        out->delay = std::chrono::seconds(std::stoll(value.substr(0, 9)));
      } else if (const time_t when = out->curl->getdate(value.c_str(), nullptr); when > 0) {
        out->delay = std::chrono::seconds(std::max<time_t>(0, when - std::time(nullptr)));
      }
    }
  }
  return size * count;
}

// 429 and 503: the server refused the request without acting on it, and
// says when to come back.
bool Refused(long status) { return status == 429 || status == 503; }

// RFC 9110's token: what a header name may be made of.
bool IsHeaderName(std::string_view name) {
  constexpr std::string_view kPunctuation = "!#$%&'*+-.^_`|~";
  return !name.empty() && std::all_of(name.begin(), name.end(), [&](unsigned char c) {
    return std::isalnum(c) || kPunctuation.find(static_cast<char>(c)) != std::string_view::npos;
  });
}

// A CR or LF would end the header line and start another; libcurl takes a
// NUL as the end of it.
bool IsOneLine(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// A request that failed after it may have reached the server: said so, since
// a push is not tried twice.
Status NotRetried(const Status& failure) {
  return Status::Error(failure.code(), failure.message() + "; not retried, the server may have acted on it");
}

// The header lines of a POST, freed with the transfer.
class HeaderList {
 public:
  explicit HeaderList(const CurlLibrary& lib) : lib_(lib) {}
  ~HeaderList() {
    if (head_ != nullptr) lib_.slist_free_all(head_);
  }
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;

  // "Name: value"; "Name;" for an empty value ("Name:" would tell libcurl
  // to drop a header of its own by that name instead).
  bool Add(std::string_view name, std::string_view value) {
    return Append(value.empty() ? std::string(name) + ";" : std::string(name) + ": " + std::string(value));
  }
  // "Name:": libcurl sends no header of its own by that name.
  bool Suppress(std::string_view name) { return Append(std::string(name) + ":"); }
  curl_slist* head() const { return head_; }

 private:
  bool Append(const std::string& line) {
    curl_slist* longer = lib_.slist_append(head_, line.c_str());
    if (longer == nullptr) return false;
    head_ = longer;
    return true;
  }

  const CurlLibrary& lib_;
  curl_slist* head_ = nullptr;
};

}  // namespace

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

HttpClient::HttpClient(HttpOptions options, ResponseCache* cache, Clock& clock)
    : options_(std::move(options)), cache_(cache), clock_(clock),
      limiter_(options_.requests_per_second, 1.0, clock) {
  Result<const CurlLibrary*> library = CurlLibrary::Get();
  if (!library.ok()) {
    unusable_ = library.status();
    return;
  }
  curl_library_ = *library;
  curl_ = curl_library_->easy_init();
  if (curl_ == nullptr) unusable_ = Status::Error(ENOMEM, "cannot create an HTTP handle");
}

HttpClient::~HttpClient() {
  if (curl_ != nullptr) curl_library_->easy_cleanup(static_cast<CURL*>(curl_));
}

HttpClient::Attempt HttpClient::Perform(const Outgoing& out) {
  Attempt attempt;
  const CurlLibrary& lib = *curl_library_;
  CURL* curl = static_cast<CURL*>(curl_);
  HeaderList headers(lib);
  if (out.post != nullptr) {
    bool added = out.post->content_type.empty() || headers.Add("Content-Type", out.post->content_type);
    for (const auto& [name, value] : out.post->headers) added = added && headers.Add(name, value);
    // Without it libcurl asks for "100 Continue" before a body over 1 KiB
    // and waits a second for it: one round trip more, for nothing.
    added = added && headers.Suppress("Expect");
    if (!added) {
      attempt.error = Status::Error(ENOMEM, "cannot build the request's headers");
      return attempt;
    }
  }
  RetryAfter retry_after{curl_library_, attempt.retry_after};
  char error_text[CURL_ERROR_SIZE] = {};
  lib.easy_setopt(curl, CURLOPT_URL, out.url.c_str());
  if (out.post != nullptr) {
    lib.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(out.post->body.size()));
    lib.easy_setopt(curl, CURLOPT_POSTFIELDS, out.post->body.data());
    lib.easy_setopt(curl, CURLOPT_HTTPHEADER, headers.head());
  } else {
    lib.easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  }
  lib.easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
  lib.easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout.count()));
  lib.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, std::min<long>(10, options_.timeout.count()));
  lib.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  // Not for a POST: libcurl would follow a 301 or 302 with a GET and report
  // that GET's answer as the POST's.
  lib.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, out.post == nullptr ? 1L : 0L);
  lib.easy_setopt(curl, CURLOPT_MAXREDIRS, 3L);
  lib.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  lib.easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  // The wire size, when the server announces it in Content-Length: refused
  // before a byte of the body is read (CURLE_FILESIZE_EXCEEDED). The decoded
  // size is AppendBody's to check.
  lib.easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_body_bytes));
  BodySink sink{attempt.body, options_.max_body_bytes};
  lib.easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  lib.easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  lib.easy_setopt(curl, CURLOPT_HEADERFUNCTION, ReadHeader);
  lib.easy_setopt(curl, CURLOPT_HEADERDATA, &retry_after);
  lib.easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
  const CURLcode rc = lib.easy_perform(curl);
  lib.easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  if (out.post != nullptr) {
    // Back to what a Get expects, with no pointer left to this POST's body
    // or to its header list (freed on return). POSTFIELDS switches the
    // handle to POST, so HTTPGET comes last.
    lib.easy_setopt(curl, CURLOPT_POSTFIELDS, nullptr);
    lib.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(-1));
    lib.easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    lib.easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  }
  if (sink.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
    // The host of the URL the answer came from (after redirects), never the
    // whole URL: it may carry the secret query.
    const char* effective = nullptr;
    lib.easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective);
    const std::string host(WebUrlHost(effective != nullptr ? effective : out.url));
    attempt.error = Status::Error(EFBIG, fmt::format("answer from {} larger than {}, refused", host,
                                                     SizeText(options_.max_body_bytes)));
    return attempt;
  }
  if (rc != CURLE_OK) {
    // libcurl's own text, never the URL: the URL may carry the secret query.
    const std::string why = error_text[0] != '\0' ? error_text : lib.easy_strerror(rc);
    const int code = (rc == CURLE_OPERATION_TIMEDOUT) ? ETIMEDOUT
                     : (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST)
                         ? ECONNREFUSED
                         : EIO;
    attempt.error = Status::Error(code, why);
    return attempt;
  }
  lib.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &attempt.status);
  return attempt;
}

Result<HttpResponse> HttpClient::Get(const HttpRequest& request) {
  if (cache_ != nullptr && request.max_age.count() > 0) {
    if (auto hit = cache_->LookupResponse(request.url, request.max_age)) {
      spdlog::debug("cache hit {}", request.url);
      return HttpResponse{hit->status, std::move(hit->body), true};
    }
  }
  std::string full_url = request.url;
  if (!request.secret_query.empty()) {
    full_url += (full_url.find('?') == std::string::npos ? '?' : '&');
    full_url += request.secret_query;
  }
  Result<HttpResponse> response = Send({std::move(full_url), "GET " + request.url, WebUrlOrigin(request.url), nullptr});
  if (response.ok() && cache_ != nullptr && response->status >= 200 && response->status < 300 &&
      (!request.cacheable || request.cacheable(response->body))) {
    cache_->StoreResponse(request.url, response->status, response->body);
  }
  return response;
}

Result<HttpResponse> HttpClient::Post(const HttpPost& request) {
  // The URL is secret as a whole: no message names more than its origin.
  const std::string origin = WebUrlOrigin(request.url);
  if (origin.empty()) return Status::Error(EINVAL, "POST: not an http(s) URL with a host");
  const std::string name = "POST " + origin;
  if (!IsOneLine(request.content_type)) {
    return Status::Error(EINVAL, name + ": the content type holds a line break or a NUL");
  }
  for (const auto& [header, value] : request.headers) {
    if (!IsHeaderName(header)) return Status::Error(EINVAL, name + ": a header name is not an HTTP token");
    if (!IsOneLine(value)) {
      return Status::Error(EINVAL, name + ": header " + header + " holds a line break or a NUL");
    }
  }
  return Send({request.url, name, origin, &request});
}

Result<HttpResponse> HttpClient::Send(const Outgoing& out) {
  if (!unusable_.ok()) return unusable_.WithContext(out.name);
  if (const auto down = hosts_down_.find(out.origin); down != hosts_down_.end()) {
    return down->second.WithContext(out.name);
  }
  // A GET may be repeated at will; a POST only when the server refused it.
  const bool idempotent = out.post == nullptr;
  auto delay = std::chrono::duration_cast<Clock::Duration>(options_.backoff);
  Status last_error;
  for (int attempt_no = 0; attempt_no <= options_.retries; ++attempt_no) {
    limiter_.Acquire();
    ++attempts_;
    Attempt attempt = Perform(out);
    limiter_.Drain();
    std::optional<Clock::Duration> wait;
    if (!attempt.error.ok()) {
      if (attempt.error.code() == ECONNREFUSED) {
        hosts_down_[out.origin] = attempt.error;
        return attempt.error.WithContext(out.name);
      }
      // The same answer again, or no memory for the headers: no better next time.
      if (attempt.error.code() == EFBIG || attempt.error.code() == ENOMEM) return attempt.error.WithContext(out.name);
      last_error = attempt.error.WithContext(out.name);
      if (!idempotent) return NotRetried(last_error);
      wait = delay;
    } else if (Refused(attempt.status)) {
      last_error = Status::Error(EAGAIN, out.name + ": HTTP " + std::to_string(attempt.status));
      wait = delay;
      if (attempt.retry_after) {
        if (*attempt.retry_after > options_.max_retry_after) {
          return last_error.WithContext("Retry-After " + std::to_string(attempt.retry_after->count()) +
                                        " s is too long");
        }
        wait = std::chrono::duration_cast<Clock::Duration>(*attempt.retry_after);
      }
    } else if (attempt.status >= 500) {
      last_error = Status::Error(EIO, out.name + ": HTTP " + std::to_string(attempt.status));
      if (!idempotent) return NotRetried(last_error);
      wait = delay;
    } else {
      return HttpResponse{attempt.status, std::move(attempt.body), false};
    }
    if (attempt_no == options_.retries) break;
    spdlog::info("{}; retrying in {} ms", last_error.message(),
                 std::chrono::duration_cast<std::chrono::milliseconds>(*wait).count());
    clock_.SleepFor(*wait);
    delay *= 2;
  }
  if (last_error.code() == EAGAIN) last_error = Status::Error(EIO, last_error.message());
  return last_error.WithContext("gave up after " + std::to_string(options_.retries + 1) + " attempts");
}

}  // namespace hoard::feed
