#include "catalog/track_fields.h"

#include <cstdio>

namespace hoard::catalog {
namespace {

constexpr FieldSpec kFields[] = {
    {"artist", "artist", "artist_f", false, 1, false},
    {"albumartist", "albumartist", "albumartist_f", false, 1, false},
    {"album", "album", "album_f", false, 1, false},
    {"title", "title", "title_f", false, 1, false},
    {"genre", "genre", "genre_f", false, 1, false},
    {"year", "year", nullptr, true, 1, false},
    {"track", "track", nullptr, true, 1, false},
    {"tracktotal", "tracktotal", nullptr, true, 1, false},
    {"disc", "disc", nullptr, true, 1, false},
    {"disctotal", "disctotal", nullptr, true, 1, false},
    {"date", "date", nullptr, false, 1, false},
    {"format", "format", nullptr, false, 1, true},
    {"path", "path", nullptr, false, 1, false},
    {"bitrate", "bitrate", nullptr, true, 1, false},
    {"samplerate", "samplerate", nullptr, true, 1, false},
    {"channels", "channels", nullptr, true, 1, false},
    {"duration", "duration_ms", nullptr, true, 1000, false},
    {"size", "size", nullptr, true, 1, false},
    {"mb_artistid", "mb_artistid", nullptr, false, 1, true},
    {"mb_albumartistid", "mb_albumartistid", nullptr, false, 1, true},
    {"mb_albumid", "mb_albumid", nullptr, false, 1, true},
    {"mb_releasegroupid", "mb_releasegroupid", nullptr, false, 1, true},
    {"mb_trackid", "mb_trackid", nullptr, false, 1, true},
    {"tags_from", "tags_from", nullptr, false, 1, true, true},
};

std::optional<std::string> Text(const std::string& value) {
  if (value.empty()) return std::nullopt;
  return value;
}

template <typename T>
std::optional<std::string> Number(const std::optional<T>& value) {
  if (!value) return std::nullopt;
  return std::to_string(*value);
}

}  // namespace

const FieldSpec* FindField(std::string_view name) {
  for (const FieldSpec& field : kFields) {
    if (name == field.name) return &field;
  }
  return nullptr;
}

std::string FieldNames() {
  std::string out;
  for (const FieldSpec& field : kFields) {
    if (!out.empty()) out += ", ";
    out += field.name;
  }
  return out;
}

std::optional<std::string> FieldText(const Track& t, std::string_view name) {
  const TrackFields& f = t.fields;
  if (name == "artist") return Text(f.artist);
  if (name == "albumartist") return Text(f.albumartist);
  if (name == "album") return Text(f.album);
  if (name == "title") return Text(f.title);
  if (name == "genre") return Text(f.genre);
  if (name == "year") return Number(f.year);
  if (name == "track") return Number(f.track);
  if (name == "tracktotal") return Number(f.tracktotal);
  if (name == "disc") return Number(f.disc);
  if (name == "disctotal") return Number(f.disctotal);
  if (name == "date") return Text(f.date);
  if (name == "format") return Text(t.audio.format);
  if (name == "path") return Text(t.path);
  if (name == "bitrate") return Number(t.audio.bitrate);
  if (name == "samplerate") return Number(t.audio.samplerate);
  if (name == "channels") return Number(t.audio.channels);
  if (name == "size") return std::to_string(t.size);
  if (name == "mb_artistid") return Text(f.mb_artistid);
  if (name == "mb_albumartistid") return Text(f.mb_albumartistid);
  if (name == "mb_albumid") return Text(f.mb_albumid);
  if (name == "mb_releasegroupid") return Text(f.mb_releasegroupid);
  if (name == "mb_trackid") return Text(f.mb_trackid);
  if (name == "duration") {
    if (!t.audio.duration_ms) return std::nullopt;
    return FormatDuration(*t.audio.duration_ms);
  }
  if (name == "tags_from") return Text(JoinList(t.tags_from));
  return std::nullopt;
}

std::string FormatDuration(std::int64_t ms) {
  std::int64_t s = (ms + 500) / 1000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(s / 60),
                static_cast<long long>(s % 60));
  return buf;
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    if (comma > start) out.emplace_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

}  // namespace hoard::catalog
