// Atom 1.0 (RFC 4287) serialization of the feed. Built with XmlDocument
// (feed/xml_builder.h), so every text is escaped and holds only characters
// XML allows by construction; entries keep their order.
#pragma once

#include <string>

#include "feed/feed_document.h"

namespace hoard::feed {

// Feed: id, title, updated (newest discovery), author, generator, self link
// when `self_url` is set. Entry: id = the release group's MusicBrainz URL
// (stable across runs), title, updated = discovery time, alternate link to
// MusicBrainz, related link to Last.fm when that URL is http(s) (IsWebLink),
// author = artist, text summary.
std::string RenderAtom(const FeedDocument& doc);

}  // namespace hoard::feed
