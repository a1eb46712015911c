// Catalog tracks and feed releases made up for tests and fuzz targets: one
// builder of each, so every fixture's records look alike. No GoogleTest in
// here, so the fuzz targets can link it too.
#pragma once

#include <cstdint>
#include <string>

#include "catalog/track.h"
#include "feed/feed_store.h"

namespace hoard::test {

// Release discovery times count from here (2026-09-21).
constexpr std::int64_t kSampleEpoch = 1'790'000'000;

// An untagged-looking FLAC at /music/ARTIST/ALBUM/NUMBER.flac with these tags.
catalog::Track SampleTrack(const std::string& artist, const std::string& album, int year, int number,
                           const std::string& title, std::int64_t duration_ms);

// A release of the feed, discovered `discovered` seconds after kSampleEpoch;
// the artist's MusicBrainz id is "artist-ID".
feed::StoredRelease SampleRelease(const char* id, const char* artist, const char* title, const char* type,
                                  const char* date, int year, std::int64_t discovered, const char* summary);

}  // namespace hoard::test
