// RSS 2.0 serialization of the feed, for readers that still want RSS. Same
// content as the Atom feed, built the same way (feed/xml_builder.h); guid =
// the MusicBrainz URL (a permalink), Last.fm's page an atom:link related
// when that URL is http(s).
#pragma once

#include <string>

#include "feed/feed_document.h"

namespace hoard::feed {

std::string RenderRss(const FeedDocument& doc);

}  // namespace hoard::feed
