// Pushing a new release to the user's phone: `[notify] url = "..."`, one HTTP
// POST per notification through the feed's HttpClient (its retry rules for a
// POST: see http_client.h). Which release is pushed when, and what is tried
// again on the next run, is feed/release_pusher.h's business.
//
// Two formats:
// - ntfy (the default): the body is the message as plain UTF-8 text; the
//   title goes in a `Title` header, the link in `Click`, `Tags: cd` shows a
//   disc. A title that is not plain printable ASCII is sent as RFC 2047
//   encoded-words ("=?UTF-8?B?...?=", each at most 75 characters, whole
//   characters each), which ntfy decodes: an HTTP header has no charset.
// - json: a generic webhook. The body is one JSON object,
//   {"title", "message", "priority": 5, "url", "release_group", "artist",
//   "date", "event"}, built with nlohmann::json, so escaped by construction.
//   This is also Gotify's API: POST /message?token=<app token> takes a JSON
//   object whose "title", "message" and "priority" it reads (5: an ordinary
//   notification, with sound, in its Android app) and whose other fields it
//   ignores, and answers 200; so
//   url = "https://gotify.example/message?token=..." with format = "json"
//   pushes to Gotify. (ntfy, too, takes JSON, but only POSTed to its root
//   URL with the topic inside: hence its own format.)
//
// Contract:
// - Push succeeds on a 2xx answer. Anything else is a failed Status naming
//   the target by scheme://host[:port] and, for an answer, its HTTP status
//   ("HTTP 401"): EIO for an answer that is not 2xx, and HttpClient::Post's
//   codes otherwise (ECONNREFUSED: the target is down, ETIMEDOUT, ...). The
//   URL's path and query (an ntfy topic, a Gotify token) are never in a
//   message or a log line. A 3xx fails too: a POST is not redirected (see
//   http_client.h), so the url must be where the target answers (its
//   https:// URL, say, not an http:// one that redirects).
// - An empty message is sent as the title: ntfy would show "triggered" for
//   an empty body, and Gotify refuses a message without text.
// - A link that is not an http(s) URL (IsWebLink) is left out: a push is a
//   link the user taps, like the feeds' links.
// - Header values never hold a CR, LF or other control character: each run
//   of them becomes one space, so a title cannot add a header of its own.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "feed/http_client.h"

namespace hoard::feed {

struct Notification {
  std::string title;
  std::string message;
  std::string link;
  std::string release_group;  // MusicBrainz release-group id
  std::string artist;
  std::string date;
  std::string event;  // "new" or "out"
};

enum class NotifyFormat { kNtfy, kJson };

// "ntfy" or "json"; EINVAL for anything else.
Result<NotifyFormat> ParseNotifyFormat(const std::string& text);

class Notifier {
 public:
  // `http` must outlive the notifier. `url` is the whole target URL, secret.
  Notifier(HttpClient& http, std::string url, NotifyFormat format);

  Status Push(const Notification& n);

 private:
  HttpClient& http_;
  std::string url_;
  NotifyFormat format_;
};

// The value of an HTTP header holding `text`: control characters (CR, LF,
// ...) folded to one space per run; then, unless it is plain printable
// ASCII, RFC 2047 encoded-words ("=?UTF-8?B?...?=" separated by spaces).
std::string HeaderText(std::string_view text);

}  // namespace hoard::feed
