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

Result<TopArtistsAnswer> ParseTopArtists(std::string_view text) {
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return Status::Error(EBADMSG, "malformed JSON from Last.fm");
  if (!doc.is_object()) return Status::Error(EBADMSG, "Last.fm answer is not a JSON object");
  if (auto error = ErrorOf(doc)) return TopArtistsAnswer{std::nullopt, std::move(error)};
  const auto top = doc.find("topartists");
  if (top == doc.end() || !top->is_object()) {
    return Status::Error(EBADMSG, "Last.fm answer has no \"topartists\" object");
  }
  TopArtistsPage page;
  if (const auto attr = top->find("@attr"); attr != top->end()) {
    page.page = static_cast<int>(IntegerAt(*attr, "page", 1, 1'000'000).value_or(1));
    page.total_pages = static_cast<int>(IntegerAt(*attr, "totalPages", 0, 1'000'000).value_or(1));
  }
  if (const auto artists = top->find("artist"); artists != top->end()) {
    for (const json* a : Elements(*artists)) {
      ListenedArtist artist{StringAt(*a, "name"), StringAt(*a, "mbid"),
                            IntegerAt(*a, "playcount", 0, kMaxCount).value_or(0)};
      if (!artist.name.empty()) page.artists.push_back(std::move(artist));
    }
  }
  return TopArtistsAnswer{std::move(page), std::nullopt};
}

LastfmClient::LastfmClient(HttpClient& http, std::string base_url, std::string api_key,
                           std::chrono::seconds max_age)
    : http_(http), base_url_(std::move(base_url)), api_key_(std::move(api_key)), max_age_(max_age) {}

Status LastfmClient::ErrorStatus(const LastfmError& e) const {
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
      break;
  }
  return Status::Error(EAGAIN, what);
}

Result<std::string> LastfmClient::Call(const std::string& method_and_params, std::chrono::seconds max_age) {
  HttpRequest request;
  request.url = base_url_ + (base_url_.find('?') == std::string::npos ? "?" : "&") + method_and_params +
                "&format=json";
  request.secret_query = "api_key=" + UrlEncode(api_key_);
  request.max_age = max_age;
  request.cacheable = [](std::string_view body) {
    const auto error = ParseLastfmError(body);
    return !error || error->kind == LastfmError::Kind::kNotFound;
  };
  auto response = http_.Get(request);
  if (!response.ok()) return response.status();
  if (auto error = ParseLastfmError(response->body)) return ErrorStatus(*error);
  if (response->status != 200) {
    return Status::Error(EIO, "Last.fm answered HTTP " + std::to_string(response->status));
  }
  return std::move(response->body);
}

Result<AlbumInfo> LastfmClient::GetAlbumInfo(std::string_view artist, std::string_view album) {
  auto body = Call("method=album.getinfo&artist=" + UrlEncode(artist) + "&album=" + UrlEncode(album) +
                       "&autocorrect=1",
                   max_age_);
  if (!body.ok()) return body.status();
  auto answer = ParseAlbumInfo(*body);
  if (!answer.ok()) return answer.status();
  if (answer->error) return ErrorStatus(*answer->error);
  return std::move(*answer->info);
}

Result<std::vector<ListenedArtist>> LastfmClient::GetTopArtists(std::string_view user, long long min_plays,
                                                                std::chrono::seconds max_age) {
  constexpr int kPageSize = 200;
  constexpr int kMaxPages = 50;
  std::vector<ListenedArtist> out;
  for (int page = 1; page <= kMaxPages; ++page) {
    auto body = Call("method=user.gettopartists&user=" + UrlEncode(user) + "&period=overall&limit=" +
                         std::to_string(kPageSize) + "&page=" + std::to_string(page),
                     max_age);
    if (!body.ok()) return body.status().WithContext("top artists of " + std::string(user));
    auto answer = ParseTopArtists(*body);
    if (!answer.ok()) return answer.status().WithContext("top artists of " + std::string(user));
    if (answer->error) return ErrorStatus(*answer->error).WithContext("top artists of " + std::string(user));
    bool below = answer->page->artists.empty();
    for (ListenedArtist& a : answer->page->artists) {
      if (a.plays < min_plays) {
        below = true;
        continue;
      }
      out.push_back(std::move(a));
    }
    if (below || page >= answer->page->total_pages) break;
  }
  return out;
}

}  // namespace hoard::feed
