// `/`: the new releases as a table with filters, free-text search, sorting
// by any column and paging, all as plain links and GET forms so it works
// without JavaScript; and POST /releases/mark, which hides a release ("got
// it", "not interested") from the page and the served feeds.
#pragma once

#include "web/reply.h"
#include "web/web_state.h"

namespace hoard::web {

Reply ReleasesPage(WebState& state, const Params& params);
// Form fields: mbid, reason (got-it | not-interested), csrf, back (the
// page's query string, to return to). 403 without the right token, 400 on a
// bad field, else 303 back to `/`.
Reply MarkRelease(WebState& state, const Params& form);

}  // namespace hoard::web
