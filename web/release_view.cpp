#include "web/release_view.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <sstream>

#include "feed/title_normalizer.h"

namespace hoard::web {
namespace {

Status Bad(const std::string& message) { return Status::Error(EINVAL, message); }

bool ParseInt(const std::string& text, int low, int high, int& out) {
  int value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || value < low || value > high) return false;
  out = value;
  return true;
}

Status ParseYearRange(const std::string& text, ReleaseFilter& f) {
  const std::string message = "year: expected YEAR, FROM..TO, FROM.. or ..TO, got \"" + text + "\"";
  const auto dots = text.find("..");
  if (dots == std::string::npos) {
    if (!ParseInt(text, 1, 9999, f.year_from)) return Bad(message);
    f.year_to = f.year_from;
    return Status::Ok();
  }
  const std::string from = text.substr(0, dots), to = text.substr(dots + 2);
  if (from.empty() && to.empty()) return Bad(message);
  if (!from.empty() && !ParseInt(from, 1, 9999, f.year_from)) return Bad(message);
  if (!to.empty() && !ParseInt(to, 1, 9999, f.year_to)) return Bad(message);
  if (f.year_to != 0 && f.year_from > f.year_to) return Bad("year: " + from + " is after " + to);
  return Status::Ok();
}

std::string ColumnText(const feed::StoredRelease& r, const std::string& column) {
  if (column == "artist") return feed::FoldCase(r.artist);
  if (column == "title") return feed::FoldCase(r.title);
  if (column == "type") return feed::FoldCase(ReleaseTypeText(r));
  if (column == "description") return feed::FoldCase(r.summary);
  return {};
}

bool Matches(const feed::StoredRelease& r, const ReleaseFilter& f, const std::vector<std::string>& words) {
  if (!f.artist.empty() && feed::FoldCase(r.artist) != feed::FoldCase(f.artist)) return false;
  if (!f.type.empty()) {
    const std::string want = feed::FoldCase(f.type);
    bool any = feed::FoldCase(r.primary_type) == want;
    for (const auto& s : r.secondary_types) any = any || feed::FoldCase(s) == want;
    if (!any) return false;
  }
  if (f.year_from != 0 || f.year_to != 0) {
    if (r.undated()) return false;
    if (f.year_from != 0 && r.year < f.year_from) return false;
    if (f.year_to != 0 && r.year > f.year_to) return false;
  }
  if (!words.empty()) {
    const std::string haystack =
        feed::FoldCase(r.artist + "\n" + r.title + "\n" + ReleaseTypeText(r) + "\n" + r.date + "\n" + r.summary);
    for (const auto& w : words) {
      if (haystack.find(w) == std::string::npos) return false;
    }
  }
  return true;
}

// Undated releases sort after dated ones whichever the direction, as "unknown".
int CompareDates(const feed::StoredRelease& a, const feed::StoredRelease& b) {
  if (a.undated() != b.undated()) return a.undated() ? 2 : -2;
  const std::string& da = a.date.empty() ? std::to_string(a.year) : a.date;
  const std::string& db = b.date.empty() ? std::to_string(b.year) : b.date;
  return da.compare(db) < 0 ? -1 : (da == db ? 0 : 1);
}

}  // namespace

const std::vector<std::string>& ReleaseSortColumns() {
  static const std::vector<std::string> columns = {"artist", "title", "type", "date", "discovered", "description"};
  return columns;
}

std::string ReleaseTypeText(const feed::StoredRelease& r) {
  std::string text = r.primary_type;
  for (const auto& s : r.secondary_types) text += (text.empty() ? "" : " + ") + s;
  return text;
}

Result<ReleaseFilter> ParseReleaseFilter(const Params& params) {
  ReleaseFilter f;
  for (const auto& [name, value] : params) {
    if (params.count(name) > 1) return Bad(name + ": given more than once");
    if (value.empty()) continue;
    if (name == "artist") {
      f.artist = value;
    } else if (name == "type") {
      f.type = value;
    } else if (name == "q") {
      f.q = value;
    } else if (name == "year") {
      HOARD_RETURN_IF_ERROR(ParseYearRange(value, f));
    } else if (name == "sort") {
      const bool desc = value[0] == '-';
      const std::string column = desc ? value.substr(1) : value;
      const auto& columns = ReleaseSortColumns();
      if (std::find(columns.begin(), columns.end(), column) == columns.end()) {
        return Bad("sort: unknown column \"" + column + "\" (artist, title, type, date, discovered, description)");
      }
      f.sort = column;
      f.descending = desc;
    } else if (name == "page") {
      if (!ParseInt(value, 1, 1000000, f.page)) return Bad("page: expected a number from 1, got \"" + value + "\"");
      f.paged = true;
    } else if (name == "per_page") {
      if (!ParseInt(value, 1, 500, f.per_page)) {
        return Bad("per_page: expected a number from 1 to 500, got \"" + value + "\"");
      }
      f.paged = true;
    } else {
      return Bad("unknown parameter \"" + name + "\" (artist, type, year, q, sort, page, per_page)");
    }
  }
  return f;
}

std::string YearRangeText(const ReleaseFilter& f) {
  if (f.year_from == 0 && f.year_to == 0) return "";
  if (f.year_from == f.year_to) return std::to_string(f.year_from);
  return (f.year_from != 0 ? std::to_string(f.year_from) : "") + ".." +
         (f.year_to != 0 ? std::to_string(f.year_to) : "");
}

std::vector<std::pair<std::string, std::string>> ReleaseFilterParams(const ReleaseFilter& f) {
  const ReleaseFilter defaults;
  std::vector<std::pair<std::string, std::string>> out = {
      {"artist", f.artist}, {"type", f.type}, {"year", YearRangeText(f)}, {"q", f.q}};
  if (f.sort != defaults.sort || f.descending != defaults.descending) {
    out.emplace_back("sort", (f.descending ? "-" : "") + f.sort);
  }
  if (f.per_page != defaults.per_page) out.emplace_back("per_page", std::to_string(f.per_page));
  if (f.page != 1) out.emplace_back("page", std::to_string(f.page));
  return out;
}

ReleaseSelection SelectReleases(std::vector<feed::StoredRelease> releases, const ReleaseFilter& f, bool page) {
  std::vector<std::string> words;
  std::istringstream in(feed::FoldCase(f.q));
  for (std::string w; in >> w;) words.push_back(w);
  std::erase_if(releases, [&](const feed::StoredRelease& r) { return !Matches(r, f, words); });
  auto compare = [&f](const feed::StoredRelease& a, const feed::StoredRelease& b) {
    int c = 0;
    if (f.sort == "discovered") {
      c = a.discovered < b.discovered ? -1 : (a.discovered == b.discovered ? 0 : 1);
    } else if (f.sort == "date") {
      c = CompareDates(a, b);
      if (c == 2 || c == -2) return c < 0;  // undated last in both directions
    } else {
      c = ColumnText(a, f.sort).compare(ColumnText(b, f.sort));
    }
    if (c != 0) return f.descending ? c > 0 : c < 0;
    if (a.discovered != b.discovered) return a.discovered > b.discovered;
    return a.mbid < b.mbid;
  };
  std::stable_sort(releases.begin(), releases.end(), compare);

  ReleaseSelection out;
  out.total = releases.size();
  if (!page) {
    out.rows = std::move(releases);
    return out;
  }
  const std::size_t per = static_cast<std::size_t>(f.per_page);
  out.pages = static_cast<int>(std::max<std::size_t>(1, (out.total + per - 1) / per));
  const std::size_t first = static_cast<std::size_t>(f.page - 1) * per;
  for (std::size_t i = first; i < releases.size() && i < first + per; ++i) out.rows.push_back(std::move(releases[i]));
  return out;
}

}  // namespace hoard::web
