// Which URLs from the services' answers may become links, and the parts of
// an http(s) URL the rest of hoard looks at.
//
// Last.fm's `url` (and any other URL an API hands us) is data from the
// network: `javascript:alert(1)` in an href runs in the page of whoever clicks
// it, `data:` can carry a whole page. Every output that turns such a URL into a
// link (the Atom and RSS writers, the web view) asks IsWebLink, so a scheme
// check cannot be forgotten in one of them.
#pragma once

#include <string>
#include <string_view>

namespace hoard::feed {

// The authority ("user@host:port") of an absolute http or https URL, scheme
// in any case: what lies between "://" and the path, query or fragment.
// Empty for every other URL.
std::string_view WebUrlAuthority(std::string_view url);
// The host of such a URL: its authority without "user@" and ":port" ("[::1]"
// keeps its brackets). Empty when there is none.
std::string_view WebUrlHost(std::string_view url);
// "scheme://host[:port]" of such a URL, scheme lower-cased: the most of a URL
// that may be named in a message when the rest (the "user:password@", a
// Gotify token in the query, an ntfy topic in the path) may be a secret.
// Empty when it has no host.
std::string WebUrlOrigin(std::string_view url);

// True for an absolute http or https URL with a host:
// "https://www.last.fm/music/X". False for every other scheme (javascript:,
// data:, vbscript:, file:, ...), for relative and scheme-relative URLs, and
// for any URL holding a space, a control character or a backslash (browsers
// strip or reinterpret those, so " javascript:..." or "java\tscript:..."
// would not mean what a check of the text saw).
bool IsWebLink(std::string_view url);

}  // namespace hoard::feed
