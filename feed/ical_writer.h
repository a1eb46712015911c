// iCalendar (RFC 5545) serialization of the feed, so calendar clients can
// subscribe to new releases: `hoard feed ical -o FILE` and `/feed.ics` of the
// web view both write what RenderICalendar returns.
#pragma once

#include <string>

#include "feed/feed_document.h"

namespace hoard::feed {

// One VCALENDAR (VERSION:2.0, PRODID:-//hoard//new releases//EN,
// CALSCALE:GREGORIAN, METHOD:PUBLISH, X-WR-CALNAME = doc.title) holding one
// all-day VEVENT per release of `doc.releases`, in their order, whose `date`
// is a full and real calendar day (YYYY-MM-DD; not 2026-02-30, not
// 2026-13-01). A release with a partial date ("2026", "2026-05") or none gets
// no event: a day-long event on a guessed day would put it on a day it does
// not come out. Neither does one without a release group id (it would have no
// stable UID), nor a second release of the same group (a UID appears once).
//
// Event: UID = "<release group id>@hoard", the same across runs and machines
// so a client updates the event instead of adding another; DTSTAMP = the
// discovery time in UTC; DTSTART;VALUE=DATE = the release day and DTEND the
// day after (DTEND is exclusive), floating dates, no time zone; SUMMARY =
// "Artist – Title (Album + Live)" (EntryTitle without the year: the date is
// the event's); DESCRIPTION = EntryText; URL = ReleaseGroupUrl;
// CATEGORIES = the primary type ("Other" when none); TRANSP:TRANSPARENT (a
// release does not make anyone busy).
//
// Every text is valid UTF-8 (what base/utf8.h's decoder skips is left out,
// so is a surrogate or anything past U+10FFFF) without control characters
// (C0, DEL, C1) but TAB; CR is dropped and LF written as "\n". TEXT values
// escape backslash, semicolon and comma (RFC 5545 3.3.11). Lines end with
// CRLF and are folded to at most 75 octets, continuation lines starting with
// one space, never inside a UTF-8 sequence. The output depends on
// `doc.title` and `doc.releases` alone (no clock, not `now`), so the same
// feed gives the same bytes.
std::string RenderICalendar(const FeedDocument& doc);

}  // namespace hoard::feed
