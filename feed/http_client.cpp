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

bool Retryable(long status) { return status == 429 || status >= 500; }

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

HttpClient::Attempt HttpClient::Perform(const std::string& full_url) {
  Attempt attempt;
  const CurlLibrary& lib = *curl_library_;
  CURL* curl = static_cast<CURL*>(curl_);
  RetryAfter retry_after{curl_library_, attempt.retry_after};
  char error_text[CURL_ERROR_SIZE] = {};
  lib.easy_setopt(curl, CURLOPT_URL, full_url.c_str());
  lib.easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
  lib.easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout.count()));
  lib.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, std::min<long>(10, options_.timeout.count()));
  lib.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  lib.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
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
  if (sink.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
    // The host of the URL the answer came from (after redirects), never the
    // whole URL: it may carry the secret query.
    const char* effective = nullptr;
    lib.easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective);
    const std::string host(WebUrlHost(effective != nullptr ? effective : full_url));
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
  if (!unusable_.ok()) return unusable_.WithContext("GET " + request.url);
  if (!host_down_.ok()) return host_down_.WithContext("GET " + request.url);
  std::string full_url = request.url;
  if (!request.secret_query.empty()) {
    full_url += (full_url.find('?') == std::string::npos ? '?' : '&');
    full_url += request.secret_query;
  }
  auto delay = std::chrono::duration_cast<Clock::Duration>(options_.backoff);
  Status last_error;
  for (int attempt_no = 0; attempt_no <= options_.retries; ++attempt_no) {
    limiter_.Acquire();
    ++attempts_;
    Attempt attempt = Perform(full_url);
    limiter_.Drain();
    std::optional<Clock::Duration> wait;
    if (!attempt.error.ok()) {
      if (attempt.error.code() == ECONNREFUSED) {
        host_down_ = attempt.error;
        return attempt.error.WithContext("GET " + request.url);
      }
      if (attempt.error.code() == EFBIG) return attempt.error.WithContext("GET " + request.url);
      last_error = attempt.error.WithContext("GET " + request.url);
      wait = delay;
    } else if (Retryable(attempt.status)) {
      last_error = Status::Error(attempt.status == 429 || attempt.status == 503 ? EAGAIN : EIO,
                                 "GET " + request.url + ": HTTP " + std::to_string(attempt.status));
      wait = delay;
      if (attempt.retry_after && (attempt.status == 503 || attempt.status == 429)) {
        if (*attempt.retry_after > options_.max_retry_after) {
          return last_error.WithContext("Retry-After " + std::to_string(attempt.retry_after->count()) +
                                        " s is too long");
        }
        wait = std::chrono::duration_cast<Clock::Duration>(*attempt.retry_after);
      }
    } else {
      if (cache_ != nullptr && attempt.status >= 200 && attempt.status < 300 &&
          (!request.cacheable || request.cacheable(attempt.body))) {
        cache_->StoreResponse(request.url, attempt.status, attempt.body);
      }
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
