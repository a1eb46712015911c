// Bare words go to the FTS5 index (unicode61 folds case and diacritics, and
// prefix queries make "beat" find "Beatles"); field terms compare against the
// stored case-folded copies, since SQLite's own lower()/LIKE fold ASCII only.
// Negated terms are wrapped in COALESCE(..., 0) so a track lacking the field
// counts as "not matching" and shows up under the negation, as in beets.
#include "base/sqlite_status.h"
#include "catalog/query.h"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

#include "catalog/catalog_connection.h"
#include "catalog/text_fold.h"
#include "catalog/track_columns.h"
#include "catalog/track_fields.h"

namespace hoard::catalog {
namespace {

constexpr const char* kWordFields[] = {"artist_f", "albumartist_f", "album_f", "title_f",
                                       "genre_f"};

bool HasWordCharacter(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) & 0x80);
  });
}

// A bare word as an FTS5 prefix phrase: "..."* with quotes doubled.
std::string FtsPhrase(const std::string& word) {
  std::string out = "\"";
  for (char c : word) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"*";
}

std::string Condition(const QueryTerm& term, SqlCondition& out) {
  if (term.kind == MatchKind::kWords) {
    if (HasWordCharacter(term.value)) {
      out.params.emplace_back(FtsPhrase(term.value));
      return "id IN (SELECT rowid FROM tracks_fts WHERE tracks_fts MATCH ?)";
    }
    // Punctuation only ("&"): the tokenizer drops it, so search the text.
    std::string sql = "(";
    for (const char* column : kWordFields) {
      if (sql.size() > 1) sql += " OR ";
      sql += std::string("instr(") + column + ", ?) > 0";
      out.params.emplace_back(FoldCase(term.value));
    }
    return sql + ")";
  }
  const FieldSpec& f = *term.field;
  std::string column = f.column;
  switch (term.kind) {
    case MatchKind::kSubstring:
      if (f.is_list) {
        std::string item(1, ',');
        item.append(FoldCase(term.value)).push_back(',');
        out.params.emplace_back(std::move(item));
        return std::string("instr(',' || ").append(column).append(" || ',', ?) > 0");
      }
      if (f.folded_column != nullptr) {
        out.params.emplace_back(FoldCase(term.value));
        return std::string("instr(") + f.folded_column + ", ?) > 0";
      }
      out.params.emplace_back(f.fold_value ? FoldCase(term.value) : term.value);
      return "instr(" + column + ", ?) > 0";
    case MatchKind::kExact:
      if (term.value.empty()) return column + " IS NULL";
      if (f.numeric) {
        out.params.emplace_back(*term.low * f.scale);
        return column + " = ?";
      }
      out.params.emplace_back(term.value);
      return column + " = ?";
    case MatchKind::kRange: {
      std::string sql;
      if (term.low) {
        out.params.emplace_back(*term.low * f.scale);
        sql = column + " >= ?";
      }
      if (term.high) {
        out.params.emplace_back(*term.high * f.scale);
        sql += (sql.empty() ? "" : " AND ") + column + " <= ?";
      }
      return "(" + sql + ")";
    }
    case MatchKind::kWords:
      break;
  }
  return "1";
}

std::string SortColumn(const SortKey& key) {
  return key.field->folded_column != nullptr ? key.field->folded_column : key.field->column;
}

// Missing values sort last whatever the direction. The default order follows
// the user's keys to break their ties: without it, equal rows come out in
// whatever order the indexer's threads happened to insert them.
std::string OrderBy(const std::vector<SortKey>& keys, const char* defaults, bool aggregate) {
  std::string sql;
  for (const SortKey& key : keys) {
    std::string column = SortColumn(key);
    if (aggregate) column = "MIN(" + column + ")";
    sql += column + " IS NULL, " + column + (key.descending ? " DESC" : " ASC") + ", ";
  }
  return sql + defaults;
}

void Bind(SQLite::Statement& statement, const SqlCondition& condition) {
  int index = 1;
  for (const auto& param : condition.params) {
    if (const std::string* text = std::get_if<std::string>(&param)) {
      statement.bind(index++, *text);
    } else {
      statement.bind(index++, std::get<double>(param));
    }
  }
}

std::string TextColumn(SQLite::Statement& s, int i) {
  return s.getColumn(i).isNull() ? std::string() : s.getColumn(i).getString();
}

template <typename T>
std::optional<T> NumberColumn(SQLite::Statement& s, int i) {
  if (s.getColumn(i).isNull()) return std::nullopt;
  return static_cast<T>(s.getColumn(i).getInt64());
}

}  // namespace

SqlCondition BuildCondition(const Query& query) {
  SqlCondition out;
  for (const QueryTerm& term : query.terms) {
    std::string sql = Condition(term, out);
    if (!out.sql.empty()) out.sql.append(" AND ");
    if (term.negated) {
      out.sql.append("NOT COALESCE(").append(sql).append(", 0)");
    } else {
      out.sql.append(sql);
    }
  }
  if (out.sql.empty()) out.sql.push_back('1');  // not = "1": GCC 12 -Wrestrict false positive
  return out;
}

Result<std::vector<Track>> FindTracks(Catalog& catalog, const Query& query) {
  SQLite::Database& db = Connection(catalog);
  SqlCondition where = BuildCondition(query);
  // The condition runs in a subquery selecting only ids, so SQLite can scan
  // the narrow covering index tracks_search rather than the whole table.
  std::string sql = "SELECT " + TrackReadColumns() +
                    " FROM tracks WHERE id IN (SELECT id FROM tracks WHERE " + where.sql +
                    ") ORDER BY " +
                    OrderBy(query.sort,
                            "albumartist_f IS NULL, albumartist_f, year, album_f, COALESCE(disc, 1), track, path",
                            false);
  try {
    SQLite::Statement statement(db, sql);
    Bind(statement, where);
    std::vector<Track> tracks;
    while (statement.executeStep()) tracks.push_back(ReadTrack(statement));
    return tracks;
  } catch (const SQLite::Exception& e) {
    return SqliteError("query the catalog", e);
  }
}

Result<std::vector<Album>> FindAlbums(Catalog& catalog, const Query& query) {
  SQLite::Database& db = Connection(catalog);
  SqlCondition where = BuildCondition(query);
  std::string sql =
      "SELECT albumartist, album, year, COUNT(*), COALESCE(SUM(duration_ms), 0),"
      " group_concat(DISTINCT format), MIN(genre), MIN(mb_albumartistid), MIN(mb_albumid),"
      " MIN(mb_releasegroupid), MIN(path)"
      " FROM tracks WHERE " + where.sql +
      " GROUP BY albumartist, album, year ORDER BY " +
      OrderBy(query.sort, "MIN(albumartist_f) IS NULL, MIN(albumartist_f), year, MIN(album_f)", true);
  try {
    SQLite::Statement statement(db, sql);
    Bind(statement, where);
    std::vector<Album> albums;
    while (statement.executeStep()) {
      Album a;
      a.albumartist = TextColumn(statement, 0);
      a.album = TextColumn(statement, 1);
      a.year = NumberColumn<int>(statement, 2);
      a.tracks = statement.getColumn(3).getInt64();
      a.duration_ms = statement.getColumn(4).getInt64();
      a.formats = SplitList(TextColumn(statement, 5));
      std::sort(a.formats.begin(), a.formats.end());
      a.genre = TextColumn(statement, 6);
      a.mb_albumartistid = TextColumn(statement, 7);
      a.mb_albumid = TextColumn(statement, 8);
      a.mb_releasegroupid = TextColumn(statement, 9);
      std::string first = TextColumn(statement, 10);
      a.path = first.substr(0, first.rfind('/'));
      albums.push_back(std::move(a));
    }
    return albums;
  } catch (const SQLite::Exception& e) {
    return SqliteError("query the catalog", e);
  }
}

}  // namespace hoard::catalog
