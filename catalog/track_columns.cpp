// The SQL is built once per process from the field table; per row, binding
// and reading go by parameter and column index, one visit of the table.
#include "catalog/track_columns.h"

#include <SQLiteCpp/Column.h>

#include <cstdint>
#include <optional>

#include "catalog/text_fold.h"
#include "catalog/track_fields.h"

namespace hoard::catalog {
namespace {

// Parameters and columns before the fields' own.
constexpr int kWriteLead = 1;  // mtime_ns
constexpr int kReadLead = 2;   // id, mtime_ns

void Bind(SQLite::Statement& s, int index, const std::string& value, bool nullable) {
  if (nullable && value.empty()) {
    s.bind(index);
  } else {
    s.bind(index, value);
  }
}

void Bind(SQLite::Statement& s, int index, std::int64_t value, bool /*nullable*/) {
  s.bind(index, value);
}

template <typename T>
void Bind(SQLite::Statement& s, int index, const std::optional<T>& value, bool /*nullable*/) {
  if (value) {
    s.bind(index, static_cast<std::int64_t>(*value));
  } else {
    s.bind(index);
  }
}

void Bind(SQLite::Statement& s, int index, const std::vector<std::string>& items,
          bool /*nullable*/) {
  s.bind(index, JoinList(items));
}

std::string TextColumn(const SQLite::Column& c) {
  return c.isNull() ? std::string() : c.getString();
}

void Read(const SQLite::Column& c, std::string& value) { value = TextColumn(c); }

void Read(const SQLite::Column& c, std::int64_t& value) { value = c.getInt64(); }

template <typename T>
void Read(const SQLite::Column& c, std::optional<T>& value) {
  if (c.isNull()) {
    value.reset();
  } else {
    value = static_cast<T>(c.getInt64());
  }
}

void Read(const SQLite::Column& c, std::vector<std::string>& items) {
  items = SplitList(TextColumn(c));
}

}  // namespace

const std::vector<std::string>& TrackWriteColumns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> out{"mtime_ns"};
    for (const FieldSpec& field : Fields()) out.emplace_back(field.column);
    for (const FieldSpec& field : Fields()) {
      if (field.folded_column != nullptr) out.emplace_back(field.folded_column);
    }
    return out;
  }();
  return columns;
}

void BindTrack(SQLite::Statement& s, int first, const Track& t) {
  s.bind(first, t.mtime_ns);
  int index = first + kWriteLead;
  for (const FieldSpec& field : Fields()) {
    VisitField(field, t, [&](const auto& value) { Bind(s, index, value, field.nullable); });
    ++index;
  }
  for (const FieldSpec& field : Fields()) {
    if (field.folded_column == nullptr) continue;
    // Folded columns are of text in TrackFields (static_assert in track_fields.cpp).
    const std::string& text = FieldValue(t, std::get<std::string TrackFields::*>(field.member));
    Bind(s, index++, FoldCase(text), true);
  }
}

const std::string& TrackReadColumns() {
  static const std::string columns = [] {
    std::string out = "id, mtime_ns";
    for (const FieldSpec& field : Fields()) out.append(", ").append(field.column);
    return out;
  }();
  return columns;
}

Track ReadTrack(SQLite::Statement& s) {
  Track t;
  t.id = s.getColumn(0).getInt64();
  t.mtime_ns = s.getColumn(1).getInt64();
  int index = kReadLead;
  for (const FieldSpec& field : Fields()) {
    VisitField(field, t, [&](auto& value) { Read(s.getColumn(index), value); });
    ++index;
  }
  return t;
}

}  // namespace hoard::catalog
