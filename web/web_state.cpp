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
  state->covers_ = std::make_unique<CoverPolicy>(state->config_);
  auto feed = feed::FeedStore::Open(db_path);
  if (!feed.ok()) return feed.status();
  state->feed_ = std::move(*feed);
  return state;
}

Result<WebState::Releases> WebState::LoadReleases() {
  std::lock_guard lock(mutex_);
  Releases out;
  auto all = feed_->ListReleases(feed::ReleaseQuery{});
  if (!all.ok()) return all.status();
  auto marks_changed = feed_->MarksChangedAt();
  if (!marks_changed.ok()) return marks_changed.status();
  out.all = std::move(*all);
  out.latest_change = *marks_changed;
  for (const auto& r : out.all) out.latest_change = std::max({out.latest_change, r.discovered, r.out_at});
  return out;
}

Status WebState::Dismiss(const std::string& mbid, feed::DismissReason reason) {
  std::lock_guard lock(mutex_);
  return feed_->Dismiss(mbid, reason);
}

Status WebState::Mute(const std::string& artist) {
  std::lock_guard lock(mutex_);
  return feed_->Mute(artist);
}

Result<std::unique_ptr<catalog::Catalog>> WebState::OpenCatalog() const {
  return catalog::OpenCatalogForRead(db_path_);
}

}  // namespace hoard::web
