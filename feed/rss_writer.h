// RSS 2.0 serialization of the feed, for readers that still want RSS. Same
// content as the Atom feed; guid = the MusicBrainz URL (a permalink).
#pragma once

#include <string>

#include "feed/feed_document.h"

namespace hoard::feed {

std::string RenderRss(const FeedDocument& doc);

}  // namespace hoard::feed
