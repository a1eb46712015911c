// How tracks and albums are printed by --format templates (their --json
// objects: catalog_json.h).
#pragma once

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

}  // namespace hoard::catalog
