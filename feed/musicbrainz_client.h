// MusicBrainz web service (ws/2, JSON): artist search and release-group
// browse, plus the parsers for their answers.
//
// The parsers accept the shapes recorded in the wild: `score` as a number
// (today) or a string ("100", 2015), counts likewise (feed/json_fields.h);
// a score outside 0..100 is taken as 0, `primary-type` null, `secondary-types`
// missing or null, `first-release-date` "" / YYYY / YYYY-MM / YYYY-MM-DD.
// Anything else unexpected (not JSON, not an object, a missing id) fails the
// parse with a message saying what was wrong; it never throws.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "feed/http_client.h"

namespace hoard::feed {

struct ArtistCandidate {
  std::string id;
  std::string name;
  std::string disambiguation;
  int score = 0;
  std::vector<std::string> aliases;
};

struct ArtistSearchResult {
  int count = 0;
  std::vector<ArtistCandidate> artists;
};

struct ReleaseGroup {
  std::string id;
  std::string title;
  std::string primary_type;  // "" when MusicBrainz says null
  std::vector<std::string> secondary_types;
  std::string first_release_date;  // as given, possibly ""
};

struct ReleaseGroupPage {
  int total = 0;  // release-group-count
  int offset = 0;
  std::vector<ReleaseGroup> groups;
};

Result<ArtistSearchResult> ParseArtistSearch(std::string_view json);
Result<ReleaseGroupPage> ParseReleaseGroupBrowse(std::string_view json);

// Backslash-escapes Lucene's special characters: + - & | ! ( ) { } [ ] ^ " ~ * ? : \ /
std::string LuceneEscape(std::string_view text);
// The search query for an artist name: artist:"<escaped name>".
std::string ArtistSearchQuery(std::string_view name);

// "hoard/0.1.0 ( you@example.org )"
std::string MusicBrainzUserAgent(std::string_view contact);

class MusicBrainzClient {
 public:
  // `base_url` like "https://musicbrainz.org/ws/2" (no trailing slash needed).
  // Searches are cached for `search_max_age`, browse pages for `browse_max_age`.
  MusicBrainzClient(HttpClient& http, std::string base_url, std::chrono::seconds search_max_age,
                    std::chrono::seconds browse_max_age);

  // One page (25 hits), best first as MusicBrainz ranks them.
  Result<ArtistSearchResult> SearchArtist(std::string_view name);
  // Every release group of the artist: pages of 100 until release-group-count.
  // ENOENT when MusicBrainz does not know the id (404).
  Result<std::vector<ReleaseGroup>> BrowseReleaseGroups(std::string_view artist_mbid);

 private:
  Result<std::string> Fetch(const std::string& url, std::chrono::seconds max_age);

  HttpClient& http_;
  std::string base_url_;
  std::chrono::seconds search_max_age_;
  std::chrono::seconds browse_max_age_;
};

}  // namespace hoard::feed
