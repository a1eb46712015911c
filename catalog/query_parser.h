// The query language of `hoard ls` and `hoard albums`, after beets:
//
//   word           every bare word must match artist, albumartist, album,
//                  title or genre (full-text, case- and accent-insensitive,
//                  word prefix: "beat" finds "Beatles")
//   field:value    substring of the field, Unicode case-insensitive;
//                  for numeric fields, equality
//   field:=value   exactly the stored value (case-sensitive); `field:=` is empty
//   field:A..B     numeric range, inclusive; `A..` and `..B` are open
//   -term, ^term   negation of any of the above
//   field+ field-  sort ascending / descending (also via --sort)
//
// Parsing only: no SQL here (see query.h). Errors name the offending word.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "catalog/track_fields.h"

namespace hoard::catalog {

enum class MatchKind { kWords, kSubstring, kExact, kRange };

struct QueryTerm {
  MatchKind kind = MatchKind::kWords;
  const FieldSpec* field = nullptr;  // nullptr for kWords
  std::string value;                 // kWords, kSubstring, kExact
  std::optional<double> low, high;   // kRange (in the user's units), and numeric equality
  bool negated = false;
};

struct SortKey {
  const FieldSpec* field = nullptr;
  bool descending = false;
};

struct Query {
  std::vector<QueryTerm> terms;  // all must hold
  std::vector<SortKey> sort;     // empty: the default order
};

// Parses the words of a query as the shell split them.
Result<Query> ParseQuery(const std::vector<std::string>& words);
// Parses --sort: "year- artist+" or "year-,artist" (no suffix: ascending).
Result<std::vector<SortKey>> ParseSortKeys(const std::string& keys);

}  // namespace hoard::catalog
