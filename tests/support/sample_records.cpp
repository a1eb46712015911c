#include "tests/support/sample_records.h"

namespace hoard::test {

catalog::Track SampleTrack(const std::string& artist, const std::string& album, int year, int number,
                           const std::string& title, std::int64_t duration_ms) {
  catalog::Track t;
  t.path = "/music/" + artist + "/" + album + "/" + std::to_string(number) + ".flac";
  t.size = 1000 + number;
  t.mtime_ns = 1;
  t.fields.artist = artist;
  t.fields.albumartist = artist;
  t.fields.album = album;
  t.fields.title = title;
  t.fields.track = number;
  t.fields.year = year;
  t.audio.duration_ms = duration_ms;
  t.audio.format = "flac";
  return t;
}

feed::StoredRelease SampleRelease(const char* id, const char* artist, const char* title, const char* type,
                                  const char* date, int year, std::int64_t discovered, const char* summary) {
  feed::StoredRelease r;
  r.mbid = id;
  r.artist = artist;
  r.artist_mbid = std::string("artist-") + id;
  r.title = title;
  r.primary_type = type;
  r.date = date;
  r.year = year;
  r.discovered = kSampleEpoch + discovered;
  r.summary = summary;
  return r;
}

}  // namespace hoard::test
