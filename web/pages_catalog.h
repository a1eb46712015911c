// `/catalog`: artists -> albums -> tracks, with search (the query language of
// `hoard ls`), counts and total time; `/catalog/stats`. Read-only; with no
// catalog yet the pages say so (503) instead of failing.
#pragma once

#include "web/reply.h"
#include "web/web_state.h"

namespace hoard::web {

// ?q=: albums matching the query; without it, every album artist.
Reply CatalogPage(WebState& state, const Params& params);
// ?name= (album artist): their albums.
Reply CatalogArtistPage(WebState& state, const Params& params);
// ?artist=&album=[&year=]: the album's tracks.
Reply CatalogAlbumPage(WebState& state, const Params& params);
Reply CatalogStatsPage(WebState& state, const Params& params);

}  // namespace hoard::web
