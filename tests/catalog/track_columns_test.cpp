// Every field of the field table (track_fields.h) round-trips: through the
// store (insert, update, move), queries, LoadTrack, JSON and templates, and
// has its column in the tracks table. The test walks the table, so a field
// added to it is covered without touching this file.
#include "catalog/track_columns.h"

#include <SQLiteCpp/Database.h>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "catalog/catalog_connection.h"
#include "catalog/catalog_db.h"
#include "catalog/catalog_json.h"
#include "catalog/catalog_store.h"
#include "catalog/query.h"
#include "catalog/track_fields.h"
#include "tests/support/paths.h"

namespace hoard::catalog {
namespace {

// A value no default-constructed Track has, distinct for each (seed, field)
// and growing with the seed, in text as in numbers. Numbers are whole
// multiples of the field's scale, so queries in the user's units find them;
// int64 values exceed 32 bits.
void Fill(std::string& value, int n, const FieldSpec& field) {
  value = fmt::format("Åsa-{:05}-{}", n, field.name);
}
void Fill(std::int64_t& value, int n, const FieldSpec& field) {
  value = (std::int64_t{1} << 33) + n * field.scale;
}
template <typename T>
void Fill(std::optional<T>& value, int n, const FieldSpec& field) {
  value = static_cast<T>((100 + n) * field.scale);
}
void Fill(std::vector<std::string>& value, int n, const FieldSpec& /*field*/) {
  value = {fmt::format("a{:05}", n), fmt::format("b{:05}", n)};
}

Track Filled(int seed) {
  Track t;
  t.mtime_ns = 1700000000000000000 + seed;
  int n = seed;
  for (const FieldSpec& field : Fields()) {
    VisitField(field, t, [&](auto& value) { Fill(value, n, field); });
    ++n;
  }
  return t;
}

// Compares every field (and mtime_ns, which the store keeps beside them).
void ExpectSameFields(const Track& want, const Track& got, const std::string& where) {
  EXPECT_EQ(want.mtime_ns, got.mtime_ns) << where;
  for (const FieldSpec& field : Fields()) {
    std::visit(
        [&](auto member) {
          EXPECT_EQ(FieldValue(want, member), FieldValue(got, member))
              << where << ": " << field.name;
        },
        field.member);
  }
}

// The query word matching exactly the value a track has in `field`.
std::string QueryWord(const std::string& v, const FieldSpec& field) {
  return fmt::format("{}:={}", field.name, v);
}
std::string QueryWord(std::int64_t v, const FieldSpec& field) {
  return fmt::format("{}:={}", field.name, v / field.scale);
}
template <typename T>
std::string QueryWord(const std::optional<T>& v, const FieldSpec& field) {
  return fmt::format("{}:={}", field.name, *v / field.scale);
}
// A list matches an item it holds.
std::string QueryWord(const std::vector<std::string>& v, const FieldSpec& field) {
  return fmt::format("{}:{}", field.name, v.front());
}

nlohmann::json ExpectedJson(const std::string& v) { return v; }
nlohmann::json ExpectedJson(std::int64_t v) { return v; }
template <typename T>
nlohmann::json ExpectedJson(const std::optional<T>& v) {
  return *v;
}
nlohmann::json ExpectedJson(const std::vector<std::string>& v) { return v; }

std::string ExpectedText(const std::string& v, const FieldSpec&) { return v; }
std::string ExpectedText(std::int64_t v, const FieldSpec&) { return std::to_string(v); }
template <typename T>
std::string ExpectedText(const std::optional<T>& v, const FieldSpec& field) {
  // Typed in seconds, stored in ms: the duration, as m:ss.
  if (field.scale == 1000) return FormatDuration(*v);
  return std::to_string(*v);
}
std::string ExpectedText(const std::vector<std::string>& v, const FieldSpec&) {
  return JoinList(v);
}

class TrackColumns : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = OpenCatalogForWrite(path());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    auto store = CatalogStore::Create(*db_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }

  std::string path() const { return (dir_.path() / "catalog.db").string(); }

  // Every track, read back by a query through a read-only connection.
  std::vector<Track> All() {
    auto db = OpenCatalogForRead(path());
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    if (!db.ok()) return {};
    auto tracks = FindTracks(**db, Query{});
    EXPECT_TRUE(tracks.ok()) << tracks.status().ToString();
    return tracks.ok() ? *tracks : std::vector<Track>{};
  }

  // Stores `track` (Begin/Commit around `write`), then expects it back from
  // LoadTrack and from a query, among `count` tracks.
  template <typename Write>
  void WriteAndCheck(Track& track, std::size_t count, const std::string& what, Write write) {
    ASSERT_TRUE(db_->Begin().ok());
    ASSERT_TRUE(write(track).ok()) << what;
    ASSERT_TRUE(db_->Commit().ok());
    ASSERT_NE(0, track.id) << what;
    auto loaded = store_->LoadTrack(track.id);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    EXPECT_EQ(track.id, loaded->id);
    ExpectSameFields(track, *loaded, what + ", LoadTrack");
    std::vector<Track> all = All();
    ASSERT_EQ(count, all.size()) << what;
    auto it =
        std::find_if(all.begin(), all.end(), [&](const Track& t) { return t.id == track.id; });
    ASSERT_NE(all.end(), it) << what;
    ExpectSameFields(track, *it, what + ", FindTracks");
  }

  test::TempDir dir_;
  std::unique_ptr<Catalog> db_;
  std::unique_ptr<CatalogStore> store_;
};

// Two rows naming one member, column or name would round-trip each other's
// values unnoticed.
TEST_F(TrackColumns, EveryFieldHasItsOwnMemberAndColumns) {
  std::set<std::string> names;
  std::set<std::string> columns(TrackWriteColumns().begin(), TrackWriteColumns().end());
  EXPECT_EQ(TrackWriteColumns().size(), columns.size());
  for (std::size_t i = 0; i < Fields().size(); ++i) {
    EXPECT_TRUE(names.insert(Fields()[i].name).second) << Fields()[i].name;
    for (std::size_t j = 0; j < i; ++j) {
      EXPECT_FALSE(Fields()[i].member == Fields()[j].member)
          << Fields()[i].name << " " << Fields()[j].name;
    }
  }
}

TEST_F(TrackColumns, FilledTrackHasEveryFieldSet) {
  Track filled = Filled(1);
  Track empty;
  for (const FieldSpec& field : Fields()) {
    std::visit(
        [&](auto member) {
          EXPECT_NE(FieldValue(empty, member), FieldValue(filled, member)) << field.name;
        },
        field.member);
  }
}

TEST_F(TrackColumns, EveryFieldRoundTripsThroughTheStore) {
  Track first = Filled(1);
  WriteAndCheck(first, 1, "insert", [&](Track& t) { return store_->PutTrack(t); });
  // Same path, every other field new: the upsert's update sets each column.
  Track updated = Filled(1000);
  updated.path = first.path;
  WriteAndCheck(updated, 1, "update", [&](Track& t) { return store_->PutTrack(t); });
  EXPECT_EQ(first.id, updated.id);
  // A move rewrites every column of the row, path included.
  Track moved = Filled(2000);
  WriteAndCheck(moved, 1, "move", [&](Track& t) { return store_->MoveTrack(first.id, t); });
  EXPECT_EQ(first.id, moved.id);
  Track other = Filled(3000);
  WriteAndCheck(other, 2, "second insert", [&](Track& t) { return store_->PutTrack(t); });
}

TEST_F(TrackColumns, EveryFieldIsQueriedInItsColumn) {
  Track a = Filled(1);
  Track b = Filled(1000);
  ASSERT_TRUE(db_->Begin().ok());
  ASSERT_TRUE(store_->PutTrack(a).ok());
  ASSERT_TRUE(store_->PutTrack(b).ok());
  ASSERT_TRUE(db_->Commit().ok());
  auto db = OpenCatalogForRead(path());
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  for (const Track* track : {&a, &b}) {
    for (const FieldSpec& field : Fields()) {
      std::string word =
          VisitField(field, *track, [&](const auto& v) { return QueryWord(v, field); });
      auto query = ParseQuery({word});
      ASSERT_TRUE(query.ok()) << word << ": " << query.status().ToString();
      auto found = FindTracks(**db, *query);
      ASSERT_TRUE(found.ok()) << word << ": " << found.status().ToString();
      ASSERT_EQ(1u, found->size()) << word;
      EXPECT_EQ(track->id, (*found)[0].id) << word;
    }
  }
  // Sorting by a field orders by its column (or folded copy): a's values
  // are the smaller ones.
  for (const FieldSpec& field : Fields()) {
    for (const char* direction : {"+", "-"}) {
      std::string word = std::string(field.name) + direction;
      auto query = ParseQuery({word});
      ASSERT_TRUE(query.ok()) << word << ": " << query.status().ToString();
      auto sorted = FindTracks(**db, *query);
      ASSERT_TRUE(sorted.ok()) << word;
      ASSERT_EQ(2u, sorted->size()) << word;
      EXPECT_EQ(*direction == '+' ? a.id : b.id, (*sorted)[0].id) << word;
    }
  }
}

TEST_F(TrackColumns, JsonCarriesEveryField) {
  Track t = Filled(1);
  nlohmann::json j = TrackToJson(t);
  EXPECT_EQ(Fields().size(), j.size()) << j.dump();
  for (const FieldSpec& field : Fields()) {
    ASSERT_TRUE(j.contains(field.column)) << field.column;
    EXPECT_EQ(VisitField(field, t, [](const auto& v) { return ExpectedJson(v); }), j[field.column])
        << field.column;
  }
  // Unknown values are null; what a track always has stays a value.
  nlohmann::json bare = TrackToJson(Track{});
  for (const FieldSpec& field : Fields()) {
    EXPECT_EQ(field.nullable, bare[field.column].is_null()) << field.column;
  }
}

TEST_F(TrackColumns, TemplatesShowEveryField) {
  Track t = Filled(1);
  for (const FieldSpec& field : Fields()) {
    std::optional<std::string> text = FieldText(t, field.name);
    ASSERT_TRUE(text.has_value()) << field.name;
    EXPECT_EQ(VisitField(field, t, [&](const auto& v) { return ExpectedText(v, field); }), *text)
        << field.name;
  }
  EXPECT_EQ(std::nullopt, FieldText(t, "no_such_field"));
}

TEST_F(TrackColumns, TableHasEveryColumnOfTheFields) {
  struct Column {
    std::string type;
    bool not_null;
  };
  std::map<std::string, Column> table;
  SQLite::Statement info(Connection(*db_), "SELECT name, type, \"notnull\" FROM pragma_table_info('tracks')");
  while (info.executeStep()) {
    table[info.getColumn(0).getString()] = {info.getColumn(1).getString(),
                                            info.getColumn(2).getInt() != 0};
  }
  // The row's own columns, which no field names.
  std::set<std::string> expected = {"id", "added_at"};
  for (const std::string& column : TrackWriteColumns()) expected.insert(column);
  std::set<std::string> actual;
  for (const auto& [name, column] : table) actual.insert(name);
  EXPECT_EQ(expected, actual);
  for (const FieldSpec& field : Fields()) {
    ASSERT_TRUE(table.count(field.column)) << field.column;
    const Column& column = table[field.column];
    EXPECT_EQ(field.numeric ? "INTEGER" : "TEXT", column.type) << field.column;
    EXPECT_EQ(!field.nullable, column.not_null) << field.column;
    if (field.folded_column != nullptr) {
      ASSERT_TRUE(table.count(field.folded_column)) << field.folded_column;
      EXPECT_EQ("TEXT", table[field.folded_column].type) << field.folded_column;
    }
  }
}

}  // namespace
}  // namespace hoard::catalog
