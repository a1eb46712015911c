// Templates use beets' $field syntax so users can carry their format strings
// over; unknown names stay visible rather than vanishing, to show typos.
#include "catalog/track_format.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>

#include "catalog/track_fields.h"

namespace hoard::catalog {
namespace {

using Lookup = std::function<std::optional<std::string>(std::string_view)>;
using IsKnown = std::function<bool(std::string_view)>;

constexpr std::string_view kAlbumFields[] = {
    "albumartist", "artist", "album", "year", "tracks", "duration", "genre", "mb_albumartistid",
    "mb_albumid", "mb_releasegroupid", "path", "formats", "format"};

bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string Expand(const std::string& tmpl, const Lookup& lookup, const IsKnown& is_known) {
  std::string out;
  for (std::size_t i = 0; i < tmpl.size();) {
    if (tmpl[i] != '$' || i + 1 == tmpl.size()) {
      out += tmpl[i++];
      continue;
    }
    if (tmpl[i + 1] == '$') {
      out += '$';
      i += 2;
      continue;
    }
    std::size_t start = i + 1;
    std::size_t end = start;
    bool braced = tmpl[start] == '{';
    if (braced) {
      end = tmpl.find('}', start);
      if (end == std::string::npos) {
        out += tmpl.substr(i);
        break;
      }
      ++start;
    } else {
      while (end < tmpl.size() && IsNameChar(tmpl[end])) ++end;
    }
    std::string name = tmpl.substr(start, end - start);
    std::size_t next = braced ? end + 1 : end;
    if (!name.empty() && is_known(name)) {
      out += lookup(name).value_or("");
    } else {
      out += tmpl.substr(i, next - i);
    }
    i = next;
  }
  return out;
}

}  // namespace

std::string FormatTrack(const Track& track, const std::string& tmpl) {
  return Expand(
      tmpl, [&](std::string_view name) { return FieldText(track, name); },
      [](std::string_view name) { return FindField(name) != nullptr; });
}

std::string FormatAlbum(const Album& album, const std::string& tmpl) {
  return Expand(tmpl, [&](std::string_view name) -> std::optional<std::string> {
    auto text = [](const std::string& v) -> std::optional<std::string> {
      if (v.empty()) return std::nullopt;
      return v;
    };
    if (name == "albumartist" || name == "artist") return text(album.albumartist);
    if (name == "album") return text(album.album);
    if (name == "year") return album.year ? std::optional(std::to_string(*album.year)) : std::nullopt;
    if (name == "tracks") return std::to_string(album.tracks);
    if (name == "duration") return FormatDuration(album.duration_ms);
    if (name == "genre") return text(album.genre);
    if (name == "mb_albumartistid") return text(album.mb_albumartistid);
    if (name == "mb_albumid") return text(album.mb_albumid);
    if (name == "mb_releasegroupid") return text(album.mb_releasegroupid);
    if (name == "path") return text(album.path);
    if (name == "formats" || name == "format") {
      return text(JoinList(album.formats));
    }
    return std::nullopt;
  }, [](std::string_view name) {
    return std::find(std::begin(kAlbumFields), std::end(kAlbumFields), name) != std::end(kAlbumFields);
  });
}

}  // namespace hoard::catalog
