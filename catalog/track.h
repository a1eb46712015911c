// Track: one audio file as the catalog knows it, whatever it learnt from the
// file's tags and, where those are missing, from the directory layout.
// Each member but id and mtime_ns is a field of the table in
// track_fields.cpp, which stores, reads, queries and prints it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hoard::catalog {

// The descriptive fields that tags or the layout can supply. Empty strings
// and empty optionals mean "unknown".
struct TrackFields {
  std::string artist;
  std::string albumartist;
  std::string album;
  std::string title;
  std::optional<int> track;
  std::optional<int> tracktotal;
  std::optional<int> disc;
  std::optional<int> disctotal;
  std::optional<int> year;
  std::string date;  // as tagged ("2001-04-02"), "" when unknown
  std::string genre;
  std::string mb_artistid;
  std::string mb_albumartistid;
  std::string mb_albumid;
  std::string mb_releasegroupid;
  std::string mb_trackid;
};

// What the audio stream says about itself.
struct AudioInfo {
  std::optional<std::int64_t> duration_ms;
  std::optional<int> bitrate;  // kbit/s
  std::optional<int> samplerate;
  std::optional<int> channels;
  std::string format;  // lower-case container name: "mp3", "flac", "ogg", "opus", "m4a", ...
};

struct Track {
  std::int64_t id = 0;  // catalog row id; stays with the file across moves
  std::string path;     // absolute, as indexed
  std::int64_t size = 0;
  std::int64_t mtime_ns = 0;
  TrackFields fields;
  AudioInfo audio;
  // Names of the fields in `fields` that came from the directory layout, in
  // the order of kLayoutFieldNames.
  std::vector<std::string> tags_from;
};

}  // namespace hoard::catalog
