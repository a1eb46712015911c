#include "feed/release_pusher.h"

#include <spdlog/spdlog.h>

#include <cerrno>

#include "feed/feed_document.h"

namespace hoard::feed {

Notification NotificationFor(const PendingPush& push) {
  const StoredRelease& r = push.release;
  Notification n;
  n.event = push.event;
  n.title = push.event == "out" ? OutNowTitle(r) : EntryTitle(r);
  n.message = EntryText(r);
  n.link = ReleaseGroupUrl(r.mbid);
  n.release_group = r.mbid;
  n.artist = r.artist;
  n.date = r.date;
  return n;
}

PushSummary PushOwed(FeedStore& store, Notifier* notifier) {
  PushSummary summary;
  if (notifier == nullptr) {
    if (Status s = store.ClearPushes(); !s.ok()) spdlog::warn("{}", s.message());
    return summary;
  }
  auto owed = store.PendingPushes();
  if (!owed.ok()) {
    spdlog::warn("{}", owed.status().message());
    return summary;
  }
  bool unreachable = false;
  for (const PendingPush& push : *owed) {
    if (unreachable) {
      ++summary.failed;
      continue;
    }
    const Status sent = notifier->Push(NotificationFor(push));
    if (!sent.ok()) {
      spdlog::warn("push of \"{}\" failed, tried again next run: {}", push.release.title, sent.message());
      unreachable = sent.code() == ECONNREFUSED;
      ++summary.failed;
      continue;
    }
    if (Status s = store.PushDone(push.release.mbid, push.event); !s.ok()) spdlog::warn("{}", s.message());
    ++summary.pushed;
  }
  return summary;
}

}  // namespace hoard::feed
