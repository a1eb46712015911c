// Which releases a request asks for: the filter, search, sort and paging
// parameters shared by `/` and `/api/releases`, their validation (a bad
// value is a 400 naming it), and applying them to the stored releases.
//
// The feed holds hundreds to a few thousand releases, so selection happens
// in memory on what FeedStore::ListReleases returns: one code path for every
// column, and folding (case and accents) the same as the feed's matcher.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "feed/feed_store.h"
#include "web/reply.h"

namespace hoard::web {

struct ReleaseFilter {
  std::string artist;  // ?artist=  exact, case- and accent-insensitive
  std::string type;    // ?type=    primary or secondary type, case-insensitive
  int year_from = 0;   // ?year=A..B, A.., ..B or A; 0: open
  int year_to = 0;
  std::string q;       // ?q=       every word in artist/title/type/date/description
  std::string sort = "discovered";  // ?sort=column or -column (descending)
  bool descending = true;
  int page = 1;        // ?page=    1-based
  int per_page = 50;   // ?per_page= 1..500
  bool paged = false;  // page or per_page given (the API pages only then)
};

// The columns ?sort= accepts, in table order.
const std::vector<std::string>& ReleaseSortColumns();

// Unknown parameter names and malformed values fail with EINVAL and a
// message for the user. Empty values mean "no filter" (what a form sends).
Result<ReleaseFilter> ParseReleaseFilter(const Params& params);
// The parameters that reproduce `filter` (for links), defaults left out.
std::vector<std::pair<std::string, std::string>> ReleaseFilterParams(const ReleaseFilter& filter);
// "2019..2021", "2019..", "..2021", "2020" or "".
std::string YearRangeText(const ReleaseFilter& filter);

struct ReleaseSelection {
  std::vector<feed::StoredRelease> rows;  // this page
  std::size_t total = 0;                  // matching, over all pages
  int pages = 1;
};

// Applies the filter, sorts (ties by discovery, newest first, then mbid, so
// pages are stable) and pages.
ReleaseSelection SelectReleases(std::vector<feed::StoredRelease> releases, const ReleaseFilter& filter, bool page);

// The value shown in (and sorted by) `column` of the releases table.
std::string ReleaseTypeText(const feed::StoredRelease& release);

}  // namespace hoard::web
