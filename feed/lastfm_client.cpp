#include "feed/lastfm_client.h"

#include <cerrno>
#include <nlohmann/json.hpp>

#include "feed/json_fields.h"

namespace hoard::feed {
namespace {

using nlohmann::json;

// Listener and play counts above this are not believed.
constexpr long long kMaxCount = 1'000'000'000'000;

LastfmError::Kind KindOf(int code) {
  switch (code) {
    case 6:
      return LastfmError::Kind::kNotFound;
    case 2:
    case 3:
    case 4:
    case 9:
    case 10:
    case 13:
    case 26:
      return LastfmError::Kind::kConfiguration;
    default:
      return LastfmError::Kind::kTransient;
  }
}

std::optional<LastfmError> ErrorOf(const json& doc) {
  if (!doc.contains("error")) return std::nullopt;
  const int code = static_cast<int>(IntegerAt(doc, "error", 0, 1'000'000).value_or(0));
  return LastfmError{code, StringAt(doc, "message"), KindOf(code)};
}

// Last.fm appends ' <a href="...">Read more on Last.fm</a>.' to summaries.
std::string StripReadMore(std::string summary) {
  const size_t link = summary.rfind("<a href=");
  if (link != std::string::npos) summary.erase(link);
  while (!summary.empty() && (summary.back() == ' ' || summary.back() == '\n')) summary.pop_back();
  return summary;
}

int YearFromTags(const json& album) {
  const auto tags = album.find("tags");
  if (tags == album.end() || !tags->is_object() || !tags->contains("tag")) return 0;
  for (const json* tag : Elements((*tags)["tag"])) {
    if (StringAt(*tag, "name").size() != 4) continue;
    if (const auto year = IntegerAt(*tag, "name", 1900, 2100)) return static_cast<int>(*year);
  }
  return 0;
}

}  // namespace

std::optional<LastfmError> ParseLastfmError(std::string_view text) {
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  return ErrorOf(doc);
}

Result<AlbumInfoAnswer> ParseAlbumInfo(std::string_view text) {
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return Status::Error(EBADMSG, "malformed JSON from Last.fm");
  if (!doc.is_object()) return Status::Error(EBADMSG, "Last.fm answer is not a JSON object");
  if (auto error = ErrorOf(doc)) return AlbumInfoAnswer{std::nullopt, std::move(error)};
  const auto album = doc.find("album");
  if (album == doc.end() || !album->is_object()) {
    return Status::Error(EBADMSG, "Last.fm answer has no \"album\" object");
  }
  AlbumInfo info;
  info.url = StringAt(*album, "url");
  info.listeners = IntegerAt(*album, "listeners", 0, kMaxCount);
  if (const auto images = album->find("image"); images != album->end()) {
    for (const json* image : Elements(*images)) {
      const std::string url = image->is_object() ? StringAt(*image, "#text") : std::string();
      if (!url.empty()) info.image = url;  // listed smallest to largest
    }
  }
  if (const auto wiki = album->find("wiki"); wiki != album->end() && wiki->is_object()) {
    info.summary = StripReadMore(StringAt(*wiki, "summary"));
  }
  info.tag_year = YearFromTags(*album);
  return AlbumInfoAnswer{std::move(info), std::nullopt};
}

LastfmClient::LastfmClient(HttpClient& http, std::string base_url, std::string api_key,
                           std::chrono::seconds max_age)
    : http_(http), base_url_(std::move(base_url)), api_key_(std::move(api_key)), max_age_(max_age) {}

Result<AlbumInfo> LastfmClient::GetAlbumInfo(std::string_view artist, std::string_view album) {
  HttpRequest request;
  request.url = base_url_ + (base_url_.find('?') == std::string::npos ? "?" : "&") +
                "method=album.getinfo&artist=" + UrlEncode(artist) + "&album=" + UrlEncode(album) +
                "&autocorrect=1&format=json";
  request.secret_query = "api_key=" + UrlEncode(api_key_);
  request.max_age = max_age_;
  request.cacheable = [](std::string_view body) {
    const auto error = ParseLastfmError(body);
    return !error || error->kind == LastfmError::Kind::kNotFound;
  };
  auto response = http_.Get(request);
  if (!response.ok()) return response.status();
  auto answer = ParseAlbumInfo(response->body);
  if (!answer.ok()) {
    return Status::Error(EBADMSG, answer.status().message() + " (HTTP " +
                                      std::to_string(response->status) + ")");
  }
  if (answer->error) {
    const LastfmError& e = *answer->error;
    std::string what = "Last.fm error " + std::to_string(e.code) + ": " + e.message;
    // The message is the server's text; make sure it cannot smuggle the key out.
    for (size_t at; !api_key_.empty() && (at = what.find(api_key_)) != std::string::npos;) {
      what.replace(at, api_key_.size(), "<api key>");
    }
    switch (e.kind) {
      case LastfmError::Kind::kNotFound:
        return Status::Error(ENOENT, what);
      case LastfmError::Kind::kConfiguration:
        return Status::Error(EACCES, what);
      case LastfmError::Kind::kTransient:
        return Status::Error(EAGAIN, what);
    }
  }
  if (response->status != 200) {
    return Status::Error(EIO, "Last.fm answered HTTP " + std::to_string(response->status));
  }
  return std::move(*answer->info);
}

}  // namespace hoard::feed
