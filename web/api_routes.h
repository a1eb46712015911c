// The JSON API: /api/releases, /api/artists, /api/albums, /api/stats. Each
// answers exactly what the matching `hoard` command prints with --json
// (`feed list`, `artists`, `albums`, `stats`), so scripts can switch between
// the command line and the server. Errors are {"error": "..."} with 400 for
// bad parameters, 503 when there is no catalog yet.
#pragma once

#include <string>

#include "feed/feed_store.h"
#include "web/reply.h"
#include "web/web_state.h"

namespace hoard::web {

Reply ApiReleases(WebState& state, const Params& params);
Reply ApiArtists(WebState& state, const Params& params);
// ?artist= (exact album artist) and ?q= (words of the `hoard ls` query
// language), both optional.
Reply ApiAlbums(WebState& state, const Params& params);
Reply ApiStats(WebState& state, const Params& params);

Reply JsonError(int status, const std::string& message);

}  // namespace hoard::web
