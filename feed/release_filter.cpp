#include "feed/release_filter.h"

#include <algorithm>
#include <cctype>

#include "base/ascii_case.h"
#include "feed/similarity.h"
#include "feed/title_normalizer.h"

namespace hoard::feed {
namespace {

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& item) { return EqualsIgnoringAsciiCase(item, value); });
}

// Digits-only field of exactly `width` characters, else -1.
int Field(std::string_view text, size_t pos, size_t width) {
  if (pos + width > text.size()) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

ReleaseDate ParseReleaseDate(std::string_view text) {
  ReleaseDate date;
  const int year = Field(text, 0, 4);
  if (year <= 0) return date;
  if (text.size() == 4) return {year, 0, 0};
  if (text.size() < 7 || text[4] != '-') return date;
  const int month = Field(text, 5, 2);
  if (month < 1 || month > 12) return date;
  if (text.size() == 7) return {year, month, 0};
  if (text.size() != 10 || text[7] != '-') return date;
  const int day = Field(text, 8, 2);
  if (day < 1 || day > 31) return date;
  return {year, month, day};
}

bool TypeFilter::Accepts(const ReleaseGroup& group) const {
  const std::string_view primary =
      group.primary_type.empty() ? std::string_view("Other") : std::string_view(group.primary_type);
  if (!Contains(primary_types, primary)) return false;
  return std::all_of(group.secondary_types.begin(), group.secondary_types.end(),
                     [&](const std::string& type) { return Contains(secondary_types, type); });
}

const OwnedAlbum* FindOwnedAlbum(const ReleaseGroup& group, const OwnedArtist& artist,
                                 double match_threshold) {
  for (const OwnedAlbum& album : artist.albums) {
    if (!album.mb_releasegroupid.empty() && album.mb_releasegroupid == group.id) return &album;
  }
  const std::string title = NormalizeTitle(group.title);
  const OwnedAlbum* best = nullptr;
  double best_ratio = 0;
  for (const OwnedAlbum& album : artist.albums) {
    // A tagged album names its group exactly; matching it by title as well
    // would let "Live" swallow "Alive".
    if (!album.mb_releasegroupid.empty()) continue;
    const double ratio = SimilarityRatio(title, NormalizeTitle(album.title));
    if (ratio >= match_threshold && ratio > best_ratio) {
      best = &album;
      best_ratio = ratio;
    }
  }
  return best;
}

int NewestOwnedYear(const OwnedArtist& artist) {
  int newest = 0;
  for (const OwnedAlbum& album : artist.albums) newest = std::max(newest, album.year);
  return newest;
}

}  // namespace hoard::feed
