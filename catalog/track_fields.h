// The catalog's queryable fields: the one table that maps the names users
// type (in queries, --sort, --format templates) to columns and kinds.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/track.h"

namespace hoard::catalog {

struct FieldSpec {
  const char* name;    // as users type it: "artist", "year", "duration"
  const char* column;  // in tracks
  // Column holding the case-folded copy, or nullptr when the field is
  // compared as stored (path, ids, ...).
  const char* folded_column;
  bool numeric;
  // Users give numeric values in this many column units: duration is typed
  // in seconds and stored in milliseconds.
  int scale;
  // Fold the user's value before a substring match (format is stored lower-case).
  bool fold_value;
  // A comma-separated list (tags_from): field:value means "value is in it".
  bool is_list = false;
};

// nullptr when `name` is not a field.
const FieldSpec* FindField(std::string_view name);
// "artist, albumartist, ..." for error messages.
std::string FieldNames();

// The value of field `name` of `track` as text for templates, std::nullopt
// when the track doesn't have it or the field is unknown. Durations read as
// "m:ss"; tags_from as a comma-separated list.
std::optional<std::string> FieldText(const Track& track, std::string_view name);

// "m:ss" (minutes may exceed 59).
std::string FormatDuration(std::int64_t ms);

// The catalog stores short lists (tags_from) as comma-separated text.
std::string JoinList(const std::vector<std::string>& items);
std::vector<std::string> SplitList(std::string_view text);

}  // namespace hoard::catalog
