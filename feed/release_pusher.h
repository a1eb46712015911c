// Pushing what `feed update` found (feed/notifier.h) once per event.
//
// The queue (FeedStore::PendingPushes) is filled in the same transaction
// that records a new release or an upcoming one coming out, so nothing found
// can miss its push. PushOwed sends them oldest first and removes each one as
// soon as its target accepted it: a push that failed stays queued and is
// tried again on the next run; one that went through is not sent again (a
// crash between the target's answer and the removal, one SQLite statement
// later, is the only way to send one twice). After a failure to connect the
// rest wait for the next run instead of knocking again.
//
// Without a notifier the queue is cleared: nothing is owed to a target that
// does not exist, and configuring one later does not flood it with the past.
#pragma once

#include "feed/feed_store.h"
#include "feed/notifier.h"

namespace hoard::feed {

struct PushSummary {
  int pushed = 0;
  int failed = 0;  // still queued
};

// What a push says: "new" gives the feed's entry title, "out" an
// "Out now: ..." title; the link is the MusicBrainz page.
Notification NotificationFor(const PendingPush& push);

PushSummary PushOwed(FeedStore& store, Notifier* notifier);

}  // namespace hoard::feed
