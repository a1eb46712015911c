#include "web/feed_responses.h"

#include <cstdio>
#include <ctime>

#include "base/fnv1a.h"
#include "feed/atom_writer.h"
#include "feed/feed_document.h"
#include "feed/ical_writer.h"
#include "feed/rss_writer.h"

namespace hoard::web {
namespace {

// A validator needs no cryptographic strength, only stability across runs.
std::string BodyTag(const std::string& body) {
  const std::uint64_t h = Fnv1a64(body);
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

bool EtagListed(const std::string& header, const std::string& etag) {
  if (header.find('*') != std::string::npos) return true;
  // Weak comparison (W/"x" matches "x"), as for GET.
  return header.find(etag) != std::string::npos;
}

}  // namespace

std::string HttpDate(std::int64_t unix_seconds) {
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::int64_t ParseHttpDate(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return -1;
  return static_cast<std::int64_t>(timegm(&tm));
}

Reply FeedReply(WebState& state, FeedFormat format, const std::string& if_none_match,
                const std::string& if_modified_since) {
  Reply reply;
  auto releases = state.LoadReleases();
  if (!releases.ok()) {
    reply.status = 500;
    reply.content_type = "text/plain; charset=utf-8";
    reply.body = releases.status().message() + "\n";
    return reply;
  }
  feed::FeedDocument doc;
  doc.title = state.config().title;
  doc.self_url = state.config().self_url;
  doc.now = releases->latest_change != 0 ? releases->latest_change : state.started();
  doc.releases = std::move(releases->all);
  doc.cover_art = state.config().cover_art;
  const std::string body = format == FeedFormat::kAtom  ? feed::RenderAtom(doc)
                           : format == FeedFormat::kRss ? feed::RenderRss(doc)
                                                        : feed::RenderICalendar(doc);
  const std::string etag = BodyTag(body);
  const std::int64_t modified = doc.now;
  reply.headers = {{"ETag", etag}, {"Last-Modified", HttpDate(modified)}, {"Cache-Control", "no-cache"}};
  reply.content_type = format == FeedFormat::kAtom  ? "application/atom+xml; charset=utf-8"
                       : format == FeedFormat::kRss ? "application/rss+xml; charset=utf-8"
                                                    : "text/calendar; charset=utf-8";
  bool not_modified = false;
  if (!if_none_match.empty()) {
    not_modified = EtagListed(if_none_match, etag);
  } else if (!if_modified_since.empty()) {
    const std::int64_t since = ParseHttpDate(if_modified_since);
    not_modified = since >= 0 && modified <= since;
  }
  if (not_modified) {
    reply.status = 304;
  } else {
    reply.body = body;
  }
  return reply;
}

}  // namespace hoard::web
