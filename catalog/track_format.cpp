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

template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json OrNull(const std::string& value) {
  return value.empty() ? nlohmann::json(nullptr) : nlohmann::json(value);
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

nlohmann::json TrackToJson(const Track& t) {
  const TrackFields& f = t.fields;
  return nlohmann::json{
      {"path", t.path},
      {"artist", OrNull(f.artist)},
      {"albumartist", OrNull(f.albumartist)},
      {"album", OrNull(f.album)},
      {"title", OrNull(f.title)},
      {"year", OrNull(f.year)},
      {"track", OrNull(f.track)},
      {"tracktotal", OrNull(f.tracktotal)},
      {"disc", OrNull(f.disc)},
      {"disctotal", OrNull(f.disctotal)},
      {"date", OrNull(f.date)},
      {"genre", OrNull(f.genre)},
      {"duration_ms", OrNull(t.audio.duration_ms)},
      {"bitrate", OrNull(t.audio.bitrate)},
      {"samplerate", OrNull(t.audio.samplerate)},
      {"channels", OrNull(t.audio.channels)},
      {"format", OrNull(t.audio.format)},
      {"size", t.size},
      {"mb_artistid", OrNull(f.mb_artistid)},
      {"mb_albumartistid", OrNull(f.mb_albumartistid)},
      {"mb_albumid", OrNull(f.mb_albumid)},
      {"mb_releasegroupid", OrNull(f.mb_releasegroupid)},
      {"mb_trackid", OrNull(f.mb_trackid)},
      {"tags_from", t.tags_from},
  };
}

nlohmann::json AlbumToJson(const Album& a) {
  return nlohmann::json{
      {"albumartist", OrNull(a.albumartist)},
      {"album", OrNull(a.album)},
      {"year", OrNull(a.year)},
      {"tracks", a.tracks},
      {"duration_ms", a.duration_ms},
      {"formats", a.formats},
      {"genre", OrNull(a.genre)},
      {"mb_albumartistid", OrNull(a.mb_albumartistid)},
      {"mb_albumid", OrNull(a.mb_albumid)},
      {"mb_releasegroupid", OrNull(a.mb_releasegroupid)},
      {"path", a.path},
  };
}

}  // namespace hoard::catalog
