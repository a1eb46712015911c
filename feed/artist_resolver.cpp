#include "feed/artist_resolver.h"

#include <algorithm>
#include <array>

#include "feed/title_normalizer.h"

namespace hoard::feed {

bool IsSpecialPurposeArtist(std::string_view name) {
  static constexpr std::array<std::string_view, 8> kSpecial = {
      "various artists", "various", "va", "unknown", "unknown artist", "traditional",
      "anonymous", "no artist"};
  const std::string folded = FoldCase(name);
  // "[unknown]", "[traditional]", "[anonymous]", ...: MusicBrainz brackets them.
  if (folded.size() > 2 && folded.front() == '[' && folded.back() == ']') return true;
  const std::string key = NormalizeArtistName(name);
  return key.empty() ||
         std::find(kSpecial.begin(), kSpecial.end(), key) != kSpecial.end();
}

ArtistChoice ChooseArtist(std::string_view catalog_name, const ArtistSearchResult& search,
                          int min_score) {
  const std::string wanted = NormalizeArtistName(catalog_name);
  std::vector<ArtistCandidate> by_name, by_alias;
  for (const ArtistCandidate& hit : search.artists) {
    if (hit.score < min_score) continue;
    if (NormalizeArtistName(hit.name) == wanted) {
      by_name.push_back(hit);
    } else if (std::any_of(hit.aliases.begin(), hit.aliases.end(), [&](const std::string& alias) {
                 return NormalizeArtistName(alias) == wanted;
               })) {
      by_alias.push_back(hit);
    }
  }
  const auto& qualified = by_name.empty() ? by_alias : by_name;
  ArtistChoice choice;
  if (qualified.size() == 1) {
    choice.outcome = ArtistChoice::Outcome::kResolved;
    choice.artist = qualified.front();
    return choice;
  }
  if (qualified.empty()) {
    choice.outcome = ArtistChoice::Outcome::kNoMatch;
    choice.reason = search.artists.empty()
                        ? "MusicBrainz has no artist of that name"
                        : "no search hit with score >= " + std::to_string(min_score) +
                              " is named so (best: \"" + search.artists.front().name + "\", score " +
                              std::to_string(search.artists.front().score) + ")";
    return choice;
  }
  choice.outcome = ArtistChoice::Outcome::kAmbiguous;
  choice.candidates = qualified;
  choice.reason = std::to_string(qualified.size()) +
                  " MusicBrainz artists share this name; tag MUSICBRAINZ_ALBUMARTISTID to pick one";
  return choice;
}

}  // namespace hoard::feed
