#include "feed/cover_art_client.h"

#include <fmt/format.h>

#include <cerrno>
#include <nlohmann/json.hpp>

#include "base/ascii_case.h"
#include "feed/json_fields.h"
#include "feed/safe_url.h"

namespace hoard::feed {

using nlohmann::json;

Result<std::string> ParseFrontThumbnail(std::string_view text) {
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return Status::Error(EBADMSG, "malformed JSON from the Cover Art Archive");
  if (!doc.is_object() || !doc.contains("images") || !doc["images"].is_array()) {
    return Status::Error(EBADMSG, "Cover Art Archive answer has no \"images\" array");
  }
  for (const json& image : doc["images"]) {
    if (!image.is_object() || !image.contains("front") || image["front"] != true) continue;
    const auto thumbnails = image.find("thumbnails");
    if (thumbnails == image.end()) continue;
    std::string url = StringAt(*thumbnails, "250");
    if (url.empty()) url = StringAt(*thumbnails, "small");
    // The scheme in any case: IsWebLink takes "HTTP://" as http too.
    if (StartsWithIgnoringAsciiCase(url, "http://")) {
      url = fmt::format("https{}", std::string_view(url).substr(4));
    }
    if (IsWebLink(url)) return url;
  }
  return std::string();
}

CoverArtClient::CoverArtClient(HttpClient& http, std::string base_url, std::chrono::seconds max_age)
    : http_(http), base_url_(std::move(base_url)), max_age_(max_age) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

Result<std::string> CoverArtClient::FrontCover(const std::string& release_group_mbid) {
  auto response = http_.Get({base_url_ + "/release-group/" + UrlEncode(release_group_mbid), "", max_age_, {}});
  if (!response.ok()) return response.status();
  if (response->status == 404) return std::string();
  if (response->status != 200) {
    return Status::Error(EIO, "the Cover Art Archive answered HTTP " + std::to_string(response->status));
  }
  return ParseFrontThumbnail(response->body);
}

}  // namespace hoard::feed
