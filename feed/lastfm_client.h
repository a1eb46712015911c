// Last.fm API 2.0: album.getInfo (a description for a new release, and a
// year for one MusicBrainz could not date) and user.getTopArtists (the
// artists a user listens to, a source of artists to watch).
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
#include <vector>

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

// One artist of a user's library: user.getTopArtists with period=overall.
struct ListenedArtist {
  std::string name;
  std::string mbid;  // "" when Last.fm has none
  long long plays = 0;
};

// One page of user.getTopArtists, most played first.
struct TopArtistsPage {
  std::vector<ListenedArtist> artists;
  int page = 1;
  int total_pages = 1;
};

struct TopArtistsAnswer {
  std::optional<TopArtistsPage> page;
  std::optional<LastfmError> error;
};
Result<TopArtistsAnswer> ParseTopArtists(std::string_view json);

// The error carried by a Last.fm body, if any (used to decide caching).
std::optional<LastfmError> ParseLastfmError(std::string_view json);

class LastfmClient {
 public:
  LastfmClient(HttpClient& http, std::string base_url, std::string api_key,
               std::chrono::seconds max_age);
  // ENOENT for "not found"; EACCES when the configuration is wrong (key,
  // method); EAGAIN for a transient Last.fm error; EBADMSG for a bad body.
  Result<AlbumInfo> GetAlbumInfo(std::string_view artist, std::string_view album);
  // Every artist `user` has played at least `min_plays` times, most played
  // first: pages of 200 are asked for until one ends below min_plays (at
  // most 50 pages). Answers are cached for `max_age`. Errors as above; ENOENT
  // is an unknown user.
  Result<std::vector<ListenedArtist>> GetTopArtists(std::string_view user, long long min_plays,
                                                    std::chrono::seconds max_age);

 private:
  // GET with `method_and_params` ("method=...&..."); the body of a 200 answer.
  Result<std::string> Call(const std::string& method_and_params, std::chrono::seconds max_age);
  // The Status for a Last.fm error, the API key scrubbed from its message.
  Status ErrorStatus(const LastfmError& error) const;

  HttpClient& http_;
  std::string base_url_;
  std::string api_key_;
  std::chrono::seconds max_age_;
};

}  // namespace hoard::feed
