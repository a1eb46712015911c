// How tracks and albums are printed: --format templates and --json objects.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "catalog/query.h"
#include "catalog/track.h"

namespace hoard::catalog {

inline constexpr const char* kDefaultTrackTemplate = "$artist - $album - $title";
inline constexpr const char* kDefaultAlbumTemplate = "$albumartist - $album ($year)";

// Expands $field and ${field} in `tmpl` (fields as in track_fields.h; a
// missing value expands to ""); "$$" is a literal "$". Unknown names are left
// as written so typos show.
std::string FormatTrack(const Track& track, const std::string& tmpl);
// For albums: albumartist, album, year, tracks, duration, formats, genre,
// mb_albumartistid, mb_albumid, mb_releasegroupid, path.
std::string FormatAlbum(const Album& album, const std::string& tmpl);

// The --json object of a track: path, artist, albumartist, album, title,
// year, track, disc, genre, duration_ms, bitrate, format, mb_artistid,
// mb_releasegroupid, tags_from (array), plus tracktotal, disctotal, date,
// samplerate, channels, size, mb_albumartistid, mb_albumid, mb_trackid.
// Missing values are null.
nlohmann::json TrackToJson(const Track& track);
nlohmann::json AlbumToJson(const Album& album);

}  // namespace hoard::catalog
