// The query language of `hoard ls`, `hoard albums` and the web view's ?q=:
// ParseQuery over the words of one input (one word a line, as the shell or
// the web view split them) and ParseSortKeys over each line.
//
// Beyond not crashing, what a parsed query must satisfy:
//   - the terms are well formed: a field for every field term, a numeric
//     field and at least one end for a range;
//   - the query written back as words (fields by name, numbers in their
//     shortest form, negation as '-') parses to the same query;
//   - its SQL holds no user text: exactly one '?' per bound parameter;
//   - FindTracks and FindAlbums run it on a small catalog without an SQLite
//     error: whatever parses is valid SQL (the web view would answer 500).
#include <SQLiteCpp/Database.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>

#include "catalog/catalog_connection.h"
#include "catalog/catalog_schema.h"
#include "catalog/catalog_store.h"
#include "catalog/query.h"
#include "catalog/query_parser.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/support/sample_records.h"

namespace hoard::catalog {
namespace {

// A track of the sample catalog: SampleTrack's, with a genre, and the
// second of an album with fields from the layout.
Track FuzzTrack(const char* artist, const char* album, int year, int number, const char* title) {
  Track t = test::SampleTrack(artist, album, year, number, title, 61'000 * number);
  t.fields.genre = "Rock";
  if (number == 2) t.tags_from = {"album", "year"};
  return t;
}

// One in-memory catalog for the whole run: the queries only read it.
Catalog& InMemoryCatalog() {
  static std::unique_ptr<Catalog> catalog = [] {
    auto connection = std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    FUZZ_CHECK(MigrateCatalog(*connection).ok());
    std::unique_ptr<Catalog> created = AdoptConnection(std::move(connection));
    auto store = CatalogStore::Create(*created);
    FUZZ_CHECK(store.ok());
    FUZZ_CHECK(created->Begin().ok());
    for (Track t : {FuzzTrack("Åsa Öberg", "Sånger", 2001, 1, "Inledning"),
                    FuzzTrack("Åsa Öberg", "Sånger", 2001, 2, "Sång"),
                    FuzzTrack("Rock & Roll Band", "Don't Stop \"Now\"", 2010, 1, "50% & #1"),
                    FuzzTrack("The Fixtures", "Untitled", 1999, 3, "Version One")}) {
      FUZZ_CHECK((*store)->PutTrack(t).ok());
    }
    FUZZ_CHECK(created->Commit().ok());
    return created;
  }();
  return *catalog;
}

std::string Number(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  FUZZ_CHECK(ec == std::errc());
  return std::string(buffer, end);
}

// The words that say `query` again.
std::vector<std::string> Words(const Query& query) {
  std::vector<std::string> words;
  for (const QueryTerm& term : query.terms) {
    std::string word = term.negated ? "-" : "";
    if (term.kind == MatchKind::kWords) {
      word += term.value;
    } else {
      word.append(term.field->name).push_back(':');
      if (term.kind == MatchKind::kExact) {
        word.append("=").append(term.value);
      } else if (term.kind == MatchKind::kRange) {
        if (term.low) word += Number(*term.low);
        word += "..";
        if (term.high) word += Number(*term.high);
      } else {
        word += term.value;
      }
    }
    words.push_back(std::move(word));
  }
  for (const SortKey& key : query.sort) words.push_back(std::string(key.field->name) + (key.descending ? "-" : "+"));
  return words;
}

bool SameNumber(const std::optional<double>& a, const std::optional<double>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  return (std::isnan(*a) && std::isnan(*b)) || *a == *b;
}

bool SameQuery(const Query& a, const Query& b) {
  if (a.terms.size() != b.terms.size() || a.sort.size() != b.sort.size()) return false;
  for (std::size_t i = 0; i < a.terms.size(); ++i) {
    const QueryTerm &x = a.terms[i], &y = b.terms[i];
    if (x.kind != y.kind || x.field != y.field || x.value != y.value || x.negated != y.negated ||
        !SameNumber(x.low, y.low) || !SameNumber(x.high, y.high)) {
      return false;
    }
  }
  for (std::size_t i = 0; i < a.sort.size(); ++i) {
    if (a.sort[i].field != b.sort[i].field || a.sort[i].descending != b.sort[i].descending) return false;
  }
  return true;
}

void CheckWellFormed(const Query& query) {
  for (const QueryTerm& term : query.terms) {
    if (term.kind == MatchKind::kWords) {
      FUZZ_CHECK(term.field == nullptr);
      FUZZ_CHECK(!term.value.empty());
      continue;
    }
    FUZZ_CHECK(term.field != nullptr);
    if (term.kind == MatchKind::kRange) {
      FUZZ_CHECK(term.field->numeric);
      FUZZ_CHECK(term.low || term.high);
    }
    if (term.kind == MatchKind::kExact && term.field->numeric && !term.value.empty()) {
      FUZZ_CHECK(term.low && term.high);
    }
  }
  for (const SortKey& key : query.sort) FUZZ_CHECK(key.field != nullptr);
}

}  // namespace
}  // namespace hoard::catalog

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hoard::catalog;
  const std::vector<std::string> words = hoard::fuzz::SplitLines(hoard::fuzz::AsText(data, size));

  for (const std::string& line : words) {
    auto keys = ParseSortKeys(line);
    if (keys.ok()) {
      for (const SortKey& key : *keys) FUZZ_CHECK(key.field != nullptr);
    }
  }

  auto query = ParseQuery(words);
  if (!query.ok()) {
    FUZZ_CHECK(!query.status().message().empty());
    return 0;
  }
  CheckWellFormed(*query);

  auto again = ParseQuery(Words(*query));
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(SameQuery(*query, *again));

  const SqlCondition where = BuildCondition(*query);
  FUZZ_CHECK(static_cast<std::size_t>(std::count(where.sql.begin(), where.sql.end(), '?')) == where.params.size());

  auto tracks = FindTracks(InMemoryCatalog(), *query);
  if (!tracks.ok()) std::fprintf(stderr, "FindTracks: %s\n", tracks.status().message().c_str());
  FUZZ_CHECK(tracks.ok());
  auto albums = FindAlbums(InMemoryCatalog(), *query);
  if (!albums.ok()) std::fprintf(stderr, "FindAlbums: %s\n", albums.status().message().c_str());
  FUZZ_CHECK(albums.ok());
  FUZZ_CHECK(albums->size() <= tracks->size());
  return 0;
}
