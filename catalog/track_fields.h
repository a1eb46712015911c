// The catalog's fields: the one table that maps the names users type (in
// queries, --sort, --format templates) to their column in tracks, their kind
// and their member of Track. The store's column list and binding, the
// reading of rows, the templates' text and the JSON all walk this table
// (track_columns.h, catalog_json.cpp), so a field is one row and its column.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "catalog/track.h"

namespace hoard::catalog {

// Where a field's value lives in Track. The kind follows from the member's
// type: text (std::string), a number (std::optional<int>,
// std::optional<std::int64_t>, std::int64_t) or a list
// (std::vector<std::string>). A member of Track itself is always known: its
// column is NOT NULL and its JSON value never null. A member of
// Track::fields or Track::audio is unknown when empty: NULL in the column,
// null in JSON.
using FieldMember =
    std::variant<std::string Track::*, std::int64_t Track::*, std::vector<std::string> Track::*,
                 std::string TrackFields::*, std::optional<int> TrackFields::*,
                 std::string AudioInfo::*, std::optional<int> AudioInfo::*,
                 std::optional<std::int64_t> AudioInfo::*>;

// What a member's type says of its field (defined before FieldSpec, whose
// constant-evaluated constructor uses them).
template <typename Part, typename T>
constexpr bool MemberInTrack(T Part::*) {
  return std::is_same_v<Part, Track>;
}
template <typename Part, typename T>
constexpr bool MemberIsNumber(T Part::*) {
  return std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::optional<int>> ||
         std::is_same_v<T, std::optional<std::int64_t>>;
}

struct FieldSpec {
  constexpr FieldSpec(const char* name, const char* column, const char* folded_column,
                      FieldMember member, int scale = 1, bool fold_value = false)
      : name(name),
        column(column),
        folded_column(folded_column),
        member(member),
        numeric(std::visit([](auto m) { return MemberIsNumber(m); }, member)),
        is_list(std::holds_alternative<std::vector<std::string> Track::*>(member)),
        nullable(!std::visit([](auto m) { return MemberInTrack(m); }, member)),
        scale(scale),
        fold_value(fold_value) {}

  const char* name;    // as users type it: "artist", "year", "duration"
  const char* column;  // in tracks; also the field's key in JSON
  // Column holding the case-folded copy, or nullptr when the field is
  // compared as stored (path, ids, ...). Text fields only.
  const char* folded_column;
  FieldMember member;
  bool numeric;
  // A comma-separated list in its column (tags_from): field:value means
  // "value is in it".
  bool is_list;
  // Unknown when empty (see FieldMember).
  bool nullable;
  // Users give numeric values in this many column units: duration is typed
  // in seconds and stored in milliseconds, and templates show it as m:ss.
  int scale;
  // Fold the user's value before a substring match (format is stored lower-case).
  bool fold_value;
};

// Every field, in the order FieldNames lists them.
std::span<const FieldSpec> Fields();
// nullptr when `name` is not a field.
const FieldSpec* FindField(std::string_view name);
// "artist, albumartist, ..." for error messages.
std::string FieldNames();

// The member of `track` (a Track or const Track) that `member` points to,
// in Track itself or in one of its parts.
template <typename T, typename M>
  requires std::is_same_v<std::remove_const_t<T>, Track>
auto& FieldValue(T& track, M Track::*member) {
  return track.*member;
}
template <typename T, typename M>
  requires std::is_same_v<std::remove_const_t<T>, Track>
auto& FieldValue(T& track, M TrackFields::*member) {
  return track.fields.*member;
}
template <typename T, typename M>
  requires std::is_same_v<std::remove_const_t<T>, Track>
auto& FieldValue(T& track, M AudioInfo::*member) {
  return track.audio.*member;
}

// fn(value) with a reference to the member of `track` that `field` names,
// typed as the member is; fn must accept every type of FieldMember.
template <typename T, typename Fn>
decltype(auto) VisitField(const FieldSpec& field, T& track, Fn&& fn) {
  return std::visit([&](auto member) -> decltype(auto) { return fn(FieldValue(track, member)); },
                    field.member);
}

// The value of field `name` of `track` as text for templates, std::nullopt
// when the track doesn't have it (empty text or list, no number) or the field
// is unknown. Durations read as "m:ss"; tags_from as a comma-separated list.
std::optional<std::string> FieldText(const Track& track, std::string_view name);

// "m:ss" (minutes may exceed 59).
std::string FormatDuration(std::int64_t ms);

// The catalog stores short lists (tags_from) as comma-separated text.
std::string JoinList(const std::vector<std::string>& items);
std::vector<std::string> SplitList(std::string_view text);

}  // namespace hoard::catalog
