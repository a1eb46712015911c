// The directory-layout fallback: what a path in the user's layout says about
// the track when the tags don't.
//
// The layout is Artist_Name/YEAR_Album_Name/NN_-_Title.ext, underscores
// standing for spaces (plain spaces work too), "Name,_The" for "The Name",
// and an optional disc folder (CD2, Disc_2) between album and file.
#pragma once

#include <string_view>

#include "catalog/track.h"

namespace hoard::catalog {

// Parses `relative_path` (relative to the indexed root, '/'-separated) from
// its end: the file name gives track and title, its folder album and year,
// the folder above that the artist (also used as album artist). Only what
// the path actually holds is filled; a file at the top of the root gives a
// title only. Never fails.
TrackFields ParseLayout(std::string_view relative_path);

// Fills every field of `tags` that is unknown from `layout` and returns the
// names of the fields filled, in a fixed order (artist, albumartist, album,
// title, year, track, disc).
std::vector<std::string> FillFromLayout(const TrackFields& layout, TrackFields& tags);

}  // namespace hoard::catalog
