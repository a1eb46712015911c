// /feed.atom, /feed.rss and /feed.ics: the documents `hoard feed atom|rss|ical` write, minus
// the releases marked in the web view, with validators so feed readers poll
// cheaply. The ETag is a hash of the body (any change, a mark included,
// changes it); Last-Modified is the newest discovery or mark.
#pragma once

#include <cstdint>
#include <string>

#include "web/reply.h"
#include "web/web_state.h"

namespace hoard::web {

enum class FeedFormat { kAtom, kRss, kICal };

// `if_none_match` / `if_modified_since`: the request headers, "" when absent.
// If-None-Match wins when both are present (RFC 9110 13.1.3).
Reply FeedReply(WebState& state, FeedFormat format, const std::string& if_none_match,
                const std::string& if_modified_since);

// "Wed, 25 Nov 2026 20:31:00 GMT" and back; ParseHttpDate gives -1 on junk.
std::string HttpDate(std::int64_t unix_seconds);
std::int64_t ParseHttpDate(const std::string& text);

}  // namespace hoard::web
