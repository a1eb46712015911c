// `/`: the upcoming releases (dated after today, soonest first), then the
// new releases as a table with covers, filters, free-text search, sorting by
// any column and paging, all as plain links and GET forms so it works
// without JavaScript; POST /releases/mark, which hides a release ("got it",
// "not interested") from the page and the served feeds; and POST
// /artists/mute, which mutes a release's artist (feed/feed_store.h).
#pragma once

#include "web/reply.h"
#include "web/web_state.h"

namespace hoard::web {

Reply ReleasesPage(WebState& state, const Params& params);
// Form fields: mbid, reason (got-it | not-interested), csrf, back (the
// page's query string, to return to). 403 without the right token, 400 on a
// bad field, else 303 back to `/`.
Reply MarkRelease(WebState& state, const Params& form);
// Form fields: artist, csrf, back; answers as MarkRelease.
Reply MuteArtist(WebState& state, const Params& form);

}  // namespace hoard::web
