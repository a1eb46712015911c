// The Cover Art Archive (coverartarchive.org): a release group's front cover,
// as a 250 px thumbnail URL for the feeds and the web view.
//
// GET {base}/release-group/{mbid} answers JSON
//   {"images": [{"front": true, "image": URL, "thumbnails": {"250": URL, "small": URL, ...}}, ...]}
// and 404 when the group has no art. The parser takes the first front image's
// "250" thumbnail (else "small", the same size under its older name); an
// http:// URL is taken as https:// (the archive serves both; a page served
// over https must not load mixed content), and only a web link is kept
// (feed/safe_url.h).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/status.h"
#include "feed/http_client.h"

namespace hoard::feed {

// The front thumbnail's URL, "" when the answer lists none; EBADMSG when the
// body is not such an answer.
Result<std::string> ParseFrontThumbnail(std::string_view json);

class CoverArtClient {
 public:
  CoverArtClient(HttpClient& http, std::string base_url, std::chrono::seconds max_age);
  // "" when the archive has no front cover for the group (404 or none listed).
  Result<std::string> FrontCover(const std::string& release_group_mbid);

 private:
  HttpClient& http_;
  std::string base_url_;
  std::chrono::seconds max_age_;
};

}  // namespace hoard::feed
