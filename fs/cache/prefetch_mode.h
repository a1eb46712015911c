// What the cache fetches beyond what is read (mount option prefetch=):
// nothing, the rest of a file being played, or also the album's next track.
#pragma once

#include <cerrno>
#include <string>
#include <string_view>

#include "base/status.h"

namespace hoard::fs {

enum class PrefetchMode { kNone, kFile, kAlbum };

// "none", "file" or "album".
inline Result<PrefetchMode> ParsePrefetchMode(std::string_view text) {
  if (text == "none") return PrefetchMode::kNone;
  if (text == "file") return PrefetchMode::kFile;
  if (text == "album") return PrefetchMode::kAlbum;
  return Status::Error(EINVAL, "invalid value '" + std::string(text) +
                                   "' for option prefetch (expected none, file or album)");
}

}  // namespace hoard::fs
