#include "catalog/query_parser.h"

#include <cerrno>
#include <charconv>

namespace hoard::catalog {
namespace {

// Messages are built with append: GCC 12 at -O3 warns falsely (-Wrestrict)
// on chains of operator+ starting from a literal.
Status Invalid(const std::string& word, std::string_view why) {
  std::string message = "query '";
  message.append(word).append("': ").append(why);
  return Status::Error(EINVAL, message);
}

std::string UnknownField(std::string_view name) {
  std::string message = "unknown field '";
  message.append(name).append("' (fields: ").append(FieldNames()).append(")");
  return message;
}

Result<double> ParseNumber(const std::string& word, std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    std::string why = "'";
    why.append(text).append("' is not a number");
    return Invalid(word, why);
  }
  return value;
}

// A word ending in + or - that names a field is a sort key.
std::optional<SortKey> AsSortKey(std::string_view word) {
  if (word.size() < 2 || (word.back() != '+' && word.back() != '-')) return std::nullopt;
  const FieldSpec* field = FindField(word.substr(0, word.size() - 1));
  if (field == nullptr) return std::nullopt;
  return SortKey{field, word.back() == '-'};
}

Result<QueryTerm> ParseFieldTerm(const std::string& word, const FieldSpec* field,
                                 std::string_view value, bool negated) {
  QueryTerm term;
  term.field = field;
  term.negated = negated;
  if (value.starts_with("=")) {
    term.kind = MatchKind::kExact;
    term.value = std::string(value.substr(1));
    if (field->numeric && !term.value.empty()) {
      Result<double> number = ParseNumber(word, term.value);
      if (!number.ok()) return number.status();
      term.low = term.high = *number;
    }
    return term;
  }
  if (std::size_t dots = value.find(".."); dots != std::string_view::npos) {
    if (!field->numeric) return Invalid(word, std::string(field->name).append(" is not numeric"));
    term.kind = MatchKind::kRange;
    std::string_view low = value.substr(0, dots);
    std::string_view high = value.substr(dots + 2);
    if (low.empty() && high.empty()) return Invalid(word, "a range needs at least one end");
    if (!low.empty()) {
      Result<double> number = ParseNumber(word, low);
      if (!number.ok()) return number.status();
      term.low = *number;
    }
    if (!high.empty()) {
      Result<double> number = ParseNumber(word, high);
      if (!number.ok()) return number.status();
      term.high = *number;
    }
    return term;
  }
  if (field->numeric) {
    Result<double> number = ParseNumber(word, value);
    if (!number.ok()) return number.status();
    term.kind = MatchKind::kRange;
    term.low = term.high = *number;
    return term;
  }
  term.kind = MatchKind::kSubstring;
  term.value = std::string(value);
  return term;
}

}  // namespace

Result<Query> ParseQuery(const std::vector<std::string>& words) {
  Query query;
  for (const std::string& word : words) {
    if (word.empty()) continue;
    if (std::optional<SortKey> sort = AsSortKey(word)) {
      query.sort.push_back(*sort);
      continue;
    }
    std::string_view text = word;
    bool negated = false;
    if (text.size() > 1 && (text[0] == '-' || text[0] == '^')) {
      negated = true;
      text.remove_prefix(1);
    }
    std::size_t colon = text.find(':');
    if (colon != std::string_view::npos && colon > 0) {
      std::string_view name = text.substr(0, colon);
      const FieldSpec* field = FindField(name);
      if (field == nullptr) {
        return Invalid(word, UnknownField(name));
      }
      Result<QueryTerm> term = ParseFieldTerm(word, field, text.substr(colon + 1), negated);
      if (!term.ok()) return term.status();
      query.terms.push_back(std::move(*term));
      continue;
    }
    if (text.find('\0') != std::string_view::npos) return Invalid(word, "a NUL byte matches no word");  // FTS5 fails
    QueryTerm term;
    term.kind = MatchKind::kWords;
    term.value = std::string(text);
    term.negated = negated;
    query.terms.push_back(std::move(term));
  }
  return query;
}

Result<std::vector<SortKey>> ParseSortKeys(const std::string& keys) {
  std::vector<SortKey> out;
  std::size_t start = 0;
  while (start < keys.size()) {
    std::size_t end = keys.find_first_of(" ,", start);
    if (end == std::string::npos) end = keys.size();
    std::string key = keys.substr(start, end - start);
    start = end + 1;
    if (key.empty()) continue;
    bool descending = false;
    if (key.back() == '+' || key.back() == '-') {
      descending = key.back() == '-';
      key.pop_back();
    }
    const FieldSpec* field = FindField(key);
    if (field == nullptr) {
      return Status::Error(EINVAL, "sort key: " + UnknownField(key));
    }
    out.push_back(SortKey{field, descending});
  }
  return out;
}

}  // namespace hoard::catalog
