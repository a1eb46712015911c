// Reading one audio file's tags and stream properties with TagLib 1.13.
//
// Reads only what TagLib reads with ReadStyle Average (headers, tag blocks at
// the head and tail, one Ogg page at the end), never the whole file: through a
// hoardfs mount only those ranges are fetched.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "catalog/track.h"

namespace hoard::catalog {

struct TagReadResult {
  TrackFields fields;  // as tagged; no layout fallback
  AudioInfo audio;
};

// Reads `path` (whose size is `size` bytes). Fails with EINVAL and the reason
// in words ("empty file", "not a valid .flac file", ...) when the file is not
// readable audio, and with the errno of an open or read that failed (EIO
// from a dropped mount, EACCES, ...) when the file could not be read at all; never throws, never crashes on corrupt input (as far as
// TagLib doesn't). Safe to call from several threads once WarmUpTagLib() has
// returned.
Result<TagReadResult> ReadTags(const std::string& path, std::int64_t size);

// TagLib 1.13 fills some lookup tables lazily without locking (ID3v2 frame
// and TXXX key maps, the ID3v1 genre map, ASF key map). Call once, on one
// thread, before reading on several. Idempotent.
void WarmUpTagLib();

// True when `extension` (lower-case, without the dot) names a format TagLib
// reads, as TagLib lists them (FileRef::defaultFileExtensions: tracker
// modules too). Other audio extensions are reported by
// IsUnsupportedAudioExtension.
bool IsTagLibExtension(std::string_view extension);
// Audio formats TagLib 1.13 cannot read (mka, webm, dsf, ...): indexed as
// unreadable so the user sees them, rather than silently skipped.
bool IsUnsupportedAudioExtension(std::string_view extension);

// Lower-case extension of `path` without the dot, "" when there is none.
std::string LowerExtension(std::string_view path);

}  // namespace hoard::catalog
