// One table instead of per-command field lists: queries, sorting, templates,
// JSON and the store's columns accept exactly the same fields. Adding a
// field is a member in track.h, one row here and a schema migration adding
// its column (track_columns_test checks that every row round-trips and has
// its column).
#include "catalog/track_fields.h"

#include <cstdio>

namespace hoard::catalog {
namespace {

constexpr FieldSpec kFields[] = {
    {"artist", "artist", "artist_f", &TrackFields::artist},
    {"albumartist", "albumartist", "albumartist_f", &TrackFields::albumartist},
    {"album", "album", "album_f", &TrackFields::album},
    {"title", "title", "title_f", &TrackFields::title},
    {"genre", "genre", "genre_f", &TrackFields::genre},
    {"year", "year", nullptr, &TrackFields::year},
    {"track", "track", nullptr, &TrackFields::track},
    {"tracktotal", "tracktotal", nullptr, &TrackFields::tracktotal},
    {"disc", "disc", nullptr, &TrackFields::disc},
    {"disctotal", "disctotal", nullptr, &TrackFields::disctotal},
    {"date", "date", nullptr, &TrackFields::date},
    {"format", "format", nullptr, &AudioInfo::format, 1, true},
    {"path", "path", nullptr, &Track::path},
    {"bitrate", "bitrate", nullptr, &AudioInfo::bitrate},
    {"samplerate", "samplerate", nullptr, &AudioInfo::samplerate},
    {"channels", "channels", nullptr, &AudioInfo::channels},
    {"duration", "duration_ms", nullptr, &AudioInfo::duration_ms, 1000},
    {"size", "size", nullptr, &Track::size},
    {"mb_artistid", "mb_artistid", nullptr, &TrackFields::mb_artistid, 1, true},
    {"mb_albumartistid", "mb_albumartistid", nullptr, &TrackFields::mb_albumartistid, 1, true},
    {"mb_albumid", "mb_albumid", nullptr, &TrackFields::mb_albumid, 1, true},
    {"mb_releasegroupid", "mb_releasegroupid", nullptr, &TrackFields::mb_releasegroupid, 1, true},
    {"mb_trackid", "mb_trackid", nullptr, &TrackFields::mb_trackid, 1, true},
    {"tags_from", "tags_from", nullptr, &Track::tags_from, 1, true},
};

// Folded copies are of text in TrackFields: BindTrack (track_columns.cpp)
// reads them as such.
constexpr bool FoldedAreText() {
  for (const FieldSpec& field : kFields) {
    if (field.folded_column != nullptr &&
        !std::holds_alternative<std::string TrackFields::*>(field.member)) {
      return false;
    }
  }
  return true;
}
static_assert(FoldedAreText());

// A field's text in the user's units (`scale`, see FieldSpec): a field typed
// in seconds and stored in ms, the duration, reads as m:ss.
constexpr int kMsPerSecond = 1000;

std::optional<std::string> Text(const std::string& value, int /*scale*/) {
  if (value.empty()) return std::nullopt;
  return value;
}

std::optional<std::string> Text(const std::vector<std::string>& items, int scale) {
  return Text(JoinList(items), scale);
}

std::optional<std::string> Text(std::int64_t value, int /*scale*/) { return std::to_string(value); }

template <typename T>
std::optional<std::string> Text(const std::optional<T>& value, int scale) {
  if (!value) return std::nullopt;
  if (scale == kMsPerSecond) return FormatDuration(*value);
  return std::to_string(*value);
}

}  // namespace

std::span<const FieldSpec> Fields() { return kFields; }

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
  const FieldSpec* field = FindField(name);
  if (field == nullptr) return std::nullopt;
  return VisitField(*field, t, [&](const auto& value) { return Text(value, field->scale); });
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
