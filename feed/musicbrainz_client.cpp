#include "feed/musicbrainz_client.h"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "feed/json_fields.h"
#include "hoard/version.h"

namespace hoard::feed {
namespace {

using nlohmann::json;

// MusicBrainz's counts and offsets: 0 to a billion; 0 when missing or not believable.
int CountAt(const json& object, const char* key) {
  return static_cast<int>(IntegerAt(object, key, 0, 999'999'999).value_or(0));
}

Result<json> ParseObject(std::string_view text, const char* what) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::Error(EBADMSG, std::string("malformed JSON in ") + what);
  if (!doc.is_object()) return Status::Error(EBADMSG, std::string(what) + " is not a JSON object");
  return doc;
}

}  // namespace

Result<ArtistSearchResult> ParseArtistSearch(std::string_view text) {
  auto doc = ParseObject(text, "artist search");
  if (!doc.ok()) return doc.status();
  const auto artists = doc->find("artists");
  if (artists == doc->end() || !artists->is_array()) {
    return Status::Error(EBADMSG, "artist search has no \"artists\" array");
  }
  ArtistSearchResult result;
  result.count = CountAt(*doc, "count");
  for (const json& a : *artists) {
    if (!a.is_object()) continue;
    ArtistCandidate candidate{StringAt(a, "id"), StringAt(a, "name"), StringAt(a, "disambiguation"),
                              static_cast<int>(IntegerAt(a, "score", 0, 100).value_or(0)), {}};
    if (candidate.id.empty() || candidate.name.empty()) continue;
    if (const auto aliases = a.find("aliases"); aliases != a.end() && aliases->is_array()) {
      for (const json& alias : *aliases) {
        if (alias.is_object() && alias.contains("name")) candidate.aliases.push_back(StringAt(alias, "name"));
      }
    }
    result.artists.push_back(std::move(candidate));
  }
  return result;
}

Result<ReleaseGroupPage> ParseReleaseGroupBrowse(std::string_view text) {
  auto doc = ParseObject(text, "release-group browse");
  if (!doc.ok()) return doc.status();
  const auto groups = doc->find("release-groups");
  if (groups == doc->end() || !groups->is_array()) {
    return Status::Error(EBADMSG, "release-group browse has no \"release-groups\" array");
  }
  ReleaseGroupPage page;
  page.total = static_cast<int>(IntegerAt(*doc, "release-group-count", 0, 999'999'999).value_or(groups->size()));
  page.offset = CountAt(*doc, "release-group-offset");
  for (const json& g : *groups) {
    if (!g.is_object()) continue;
    ReleaseGroup group{StringAt(g, "id"), StringAt(g, "title"), StringAt(g, "primary-type"), {},
                       StringAt(g, "first-release-date")};
    if (group.id.empty()) return Status::Error(EBADMSG, "a release group without an id");
    if (const auto types = g.find("secondary-types"); types != g.end() && types->is_array()) {
      for (const json& t : *types) {
        if (t.is_string()) group.secondary_types.push_back(t.get<std::string>());
      }
    }
    page.groups.push_back(std::move(group));
  }
  return page;
}

std::string LuceneEscape(std::string_view text) {
  static constexpr std::string_view kSpecial = "+-&|!(){}[]^\"~*?:\\/";
  std::string out;
  for (char c : text) {
    if (kSpecial.find(c) != std::string_view::npos) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string ArtistSearchQuery(std::string_view name) {
  return "artist:\"" + LuceneEscape(name) + "\"";
}

std::string MusicBrainzUserAgent(std::string_view contact) {
  return std::string("hoard/") + kVersion + " ( " + std::string(contact) + " )";
}

MusicBrainzClient::MusicBrainzClient(HttpClient& http, std::string base_url,
                                     std::chrono::seconds search_max_age,
                                     std::chrono::seconds browse_max_age)
    : http_(http), base_url_(std::move(base_url)), search_max_age_(search_max_age),
      browse_max_age_(browse_max_age) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

Result<std::string> MusicBrainzClient::Fetch(const std::string& url, std::chrono::seconds max_age) {
  auto response = http_.Get({url, "", max_age, {}});
  if (!response.ok()) return response.status();
  if (response->status == 404) return Status::Error(ENOENT, "MusicBrainz: not found: " + url);
  if (response->status != 200) {
    return Status::Error(EIO, "MusicBrainz answered HTTP " + std::to_string(response->status) +
                                  " to " + url);
  }
  return std::move(response->body);
}

Result<ArtistSearchResult> MusicBrainzClient::SearchArtist(std::string_view name) {
  const std::string url =
      base_url_ + "/artist?query=" + UrlEncode(ArtistSearchQuery(name)) + "&limit=25&fmt=json";
  auto body = Fetch(url, search_max_age_);
  if (!body.ok()) return body.status();
  return ParseArtistSearch(*body);
}

Result<std::vector<ReleaseGroup>> MusicBrainzClient::BrowseReleaseGroups(std::string_view artist_mbid) {
  std::vector<ReleaseGroup> all;
  int total = 0;
  do {
    const std::string url = base_url_ + "/release-group?artist=" + UrlEncode(artist_mbid) +
                            "&limit=100&offset=" + std::to_string(all.size()) + "&fmt=json";
    auto body = Fetch(url, browse_max_age_);
    if (!body.ok()) return body.status();
    auto page = ParseReleaseGroupBrowse(*body);
    if (!page.ok()) return page.status();
    total = page->total;
    if (page->groups.empty()) {
      // A count that promises more than the pages hold: stop, do not loop.
      if (static_cast<int>(all.size()) < total) {
        spdlog::info("release groups of {}: {} promised, {} delivered", artist_mbid, total, all.size());
      }
      break;
    }
    for (auto& g : page->groups) all.push_back(std::move(g));
  } while (static_cast<int>(all.size()) < total);
  return all;
}

}  // namespace hoard::feed
