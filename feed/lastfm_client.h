// Last.fm API 2.0, album.getInfo: a description for a new release, and a year
// for one MusicBrainz could not date.
//
// Last.fm reports errors as {"error": N, "message": ...}, usually with HTTP
// 200, and turns one-element arrays into bare objects (the XML-to-JSON
// quirk); counts come as strings or numbers. The parser takes all of these.
// Error codes split three ways:
// - 6 (not found / bad parameters): an answer; there is no description.
// - 2, 3, 4, 9, 10, 13, 26 (method, auth, key, suspended): the configuration is
//   wrong; nothing else will work this run (kConfiguration).
// - 8, 11, 16, 29 and anything else: transient; not cached, retried next run.
// The API key is passed to HttpClient as its secret query only.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "feed/http_client.h"

namespace hoard::feed {

struct AlbumInfo {
  std::string url;
  std::string summary;  // wiki summary without Last.fm's "Read more" link; may be empty
  std::optional<long long> listeners;
  std::string image;  // largest non-empty image URL
  int tag_year = 0;   // a year found among the album's tags, 0 when none
};

struct LastfmError {
  int code = 0;
  std::string message;
  enum class Kind { kNotFound, kConfiguration, kTransient } kind = Kind::kTransient;
};

// Either info or a Last.fm error; a body that is neither fails.
struct AlbumInfoAnswer {
  std::optional<AlbumInfo> info;
  std::optional<LastfmError> error;
};
Result<AlbumInfoAnswer> ParseAlbumInfo(std::string_view json);

// The error carried by a Last.fm body, if any (used to decide caching).
std::optional<LastfmError> ParseLastfmError(std::string_view json);

class LastfmClient {
 public:
  LastfmClient(HttpClient& http, std::string base_url, std::string api_key,
               std::chrono::seconds max_age);
  // ENOENT for "not found"; EACCES when the configuration is wrong (key,
  // method); EAGAIN for a transient Last.fm error; EBADMSG for a bad body.
  Result<AlbumInfo> GetAlbumInfo(std::string_view artist, std::string_view album);

 private:
  HttpClient& http_;
  std::string base_url_;
  std::string api_key_;
  std::chrono::seconds max_age_;
};

}  // namespace hoard::feed
