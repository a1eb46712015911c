#include "feed/notifier.h"

#include <cerrno>
#include <nlohmann/json.hpp>
#include <utility>

#include "base/base64.h"
#include "base/utf8.h"
#include "feed/safe_url.h"

namespace hoard::feed {
namespace {

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7F; }

// Text for one header line: each run of control characters is one space.
std::string OneLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_run = false;
  for (const char c : text) {
    if (IsControl(static_cast<unsigned char>(c))) {
      if (!in_run) out += ' ';
      in_run = true;
    } else {
      out += c;
      in_run = false;
    }
  }
  return out;
}

// Plain printable ASCII, and nothing a decoder could take for an
// encoded-word ("=?...?=").
bool SendsAsItIs(std::string_view text) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7E) return false;
  }
  return text.find("=?") == std::string_view::npos;
}

// RFC 2047: an encoded-word is at most 75 characters and holds whole
// characters. 45 bytes are 60 in base64, plus the 12 of "=?UTF-8?B?" and "?=".
constexpr std::size_t kBytesPerWord = 45;

std::string EncodedWords(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = start;
    while (end < text.size()) {
      char32_t cp = 0;
      std::size_t length = DecodeUtf8At(text, end, cp);
      if (length == 0) length = 1;  // not UTF-8: a byte of its own
      if (end + length - start > kBytesPerWord && end > start) break;
      end += length;
    }
    if (!out.empty()) out += ' ';
    out += "=?UTF-8?B?" + EncodeBase64(text.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

}  // namespace

std::string HeaderText(std::string_view text) {
  std::string line = OneLine(text);
  return SendsAsItIs(line) ? line : EncodedWords(line);
}

Result<NotifyFormat> ParseNotifyFormat(const std::string& text) {
  if (text == "ntfy") return NotifyFormat::kNtfy;
  if (text == "json") return NotifyFormat::kJson;
  return Status::Error(EINVAL, "notify format \"" + OneLine(text) + "\" is neither \"ntfy\" nor \"json\"");
}

Notifier::Notifier(HttpClient& http, std::string url, NotifyFormat format)
    : http_(http), url_(std::move(url)), format_(format) {}

Status Notifier::Push(const Notification& n) {
  const std::string& message = n.message.empty() ? n.title : n.message;
  const std::string link = IsWebLink(n.link) ? n.link : std::string();
  HttpPost post;
  post.url = url_;
  if (format_ == NotifyFormat::kNtfy) {
    post.body = message;
    post.content_type = "text/plain; charset=utf-8";
    if (!n.title.empty()) post.headers.emplace_back("Title", HeaderText(n.title));
    if (!link.empty()) post.headers.emplace_back("Click", HeaderText(link));
    post.headers.emplace_back("Tags", "cd");
  } else {
    const nlohmann::json body = {
        {"title", n.title},
        {"message", message},
        {"priority", 5},
        {"url", link},
        {"release_group", n.release_group},
        {"artist", n.artist},
        {"date", n.date},
        {"event", n.event},
    };
    // Invalid UTF-8 (none should come from the services) becomes U+FFFD
    // instead of an exception.
    post.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    post.content_type = "application/json";
  }
  Result<HttpResponse> answer = http_.Post(post);
  if (!answer.ok()) return answer.status();
  if (answer->status < 200 || answer->status >= 300) {
    return Status::Error(EIO, "POST " + WebUrlOrigin(url_) + ": HTTP " + std::to_string(answer->status));
  }
  return Status::Ok();
}

}  // namespace hoard::feed
