#include "fs/link/link_observer.h"

#include <spdlog/spdlog.h>

#include "fs/link/link_history.h"
#include "fs/remote/remote_source.h"

namespace hoard::fs {

LinkObserver::LinkObserver(std::string db_path, std::chrono::seconds period)
    : db_path_(std::move(db_path)), period_ms_(std::chrono::milliseconds(period).count()) {}

void LinkObserver::Observe(std::int64_t now_ms, const Status& result) {
  const bool reachable = !IsLinkError(result);
  std::lock_guard lock(mu_);
  const bool changed = reachable_ != reachable;
  if (!changed && now_ms - recorded_ms_ < period_ms_) return;
  if (changed && reachable_.has_value()) {
    if (reachable) {
      spdlog::info("link is back: reading from the server again");
    } else {
      spdlog::warn("link down ({}): serving what the cache holds", result.message());
    }
  }
  reachable_ = reachable;
  recorded_ms_ = now_ms;
  if (history_ == nullptr) {
    auto opened = LinkHistory::Open(db_path_);
    if (!opened.ok()) {
      spdlog::warn("link history: {}", opened.status().message());
      return;
    }
    history_ = std::move(opened).value();
  }
  Status recorded = history_->Record(now_ms / 1000, reachable, reachable ? "" : result.message());
  if (!recorded.ok()) spdlog::warn("link history: {}", recorded.message());
}

}  // namespace hoard::fs
