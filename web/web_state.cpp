#include "web/web_state.h"

#include <algorithm>
#include <ctime>

#include "catalog/catalog_db.h"
#include "web/csrf.h"

namespace hoard::web {

Result<std::unique_ptr<WebState>> WebState::Open(const std::string& db_path, feed::FeedConfig config) {
  std::unique_ptr<WebState> state(new WebState());
  state->db_path_ = db_path;
  state->config_ = std::move(config);
  state->csrf_token_ = NewCsrfToken();
  state->started_ = std::time(nullptr);
  auto feed = feed::FeedStore::Open(db_path);
  if (!feed.ok()) return feed.status();
  state->feed_ = std::move(*feed);
  auto dismissed = DismissedStore::Open(db_path);
  if (!dismissed.ok()) return dismissed.status();
  state->dismissed_ = std::move(*dismissed);
  return state;
}

Result<WebState::Releases> WebState::LoadReleases() {
  std::lock_guard lock(mutex_);
  Releases out;
  auto all = feed_->ListReleases(feed::ReleaseQuery{});
  if (!all.ok()) return all.status();
  auto dismissed = dismissed_->List();
  if (!dismissed.ok()) return dismissed.status();
  auto latest_mark = dismissed_->LatestTime();
  if (!latest_mark.ok()) return latest_mark.status();
  out.all = std::move(*all);
  out.dismissed = std::move(*dismissed);
  out.latest_change = *latest_mark;
  for (const auto& r : out.all) out.latest_change = std::max(out.latest_change, r.discovered);
  return out;
}

Status WebState::Dismiss(const std::string& mbid, DismissReason reason) {
  std::lock_guard lock(mutex_);
  return dismissed_->Dismiss(mbid, reason, std::time(nullptr));
}

Result<std::unique_ptr<SQLite::Database>> WebState::OpenCatalog() const {
  return catalog::OpenCatalogForRead(db_path_);
}

}  // namespace hoard::web
