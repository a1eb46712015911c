#include "fs/cache/cache_listing_ahead.h"

namespace hoard::fs {

CacheListingAhead::CacheListingAhead(int workers, ListFn list) : workers_(workers), list_(std::move(list)) {}

CacheListingAhead::~CacheListingAhead() { Stop(); }

void CacheListingAhead::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    queue_.clear();
    queued_.clear();
    refreshes_.clear();
    refresh_queued_.clear();
  }
  cv_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

void CacheListingAhead::Offer(const std::string& path, int depth) {
  if (workers_ <= 0 || depth < 0) return;
  {
    std::lock_guard lock(mu_);
    if (stop_ || queue_.size() >= kMaxQueued || listing_.count(path) != 0 || !queued_.insert(path).second) return;
    queue_.push_back({path, depth, false});
    StartWorkers();
  }
  cv_.notify_one();
}

void CacheListingAhead::OfferRefresh(const std::string& path) {
  if (workers_ <= 0) return;
  {
    std::lock_guard lock(mu_);
    if (stop_ || refreshes_.size() >= kMaxQueued || !refresh_queued_.insert(path).second) return;
    refreshes_.push_back({path, 0, true});
    StartWorkers();
  }
  cv_.notify_one();
}

void CacheListingAhead::StartWorkers() {
  if (!threads_.empty()) return;
  for (int i = 0; i < workers_; ++i) threads_.emplace_back([this] { Run(); });
}

void CacheListingAhead::WaitWhileListing(const std::string& path) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return stop_ || listing_.count(path) == 0; });
}

void CacheListingAhead::WaitIdle() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return stop_ || (queue_.empty() && refreshes_.empty() && listing_.empty()); });
}

void CacheListingAhead::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return stop_ || !queue_.empty() || !refreshes_.empty(); });
    if (stop_) return;
    std::deque<Job>& from = queue_.empty() ? refreshes_ : queue_;
    Job job = std::move(from.front());
    from.pop_front();
    (job.refresh ? refresh_queued_ : queued_).erase(job.path);
    // A directory a worker lists has waiters (WaitWhileListing) and takes no
    // second worker; the set counts it once even if both kinds run.
    const bool counted = listing_.insert(job.path).second;
    lock.unlock();
    list_(job.path, job.depth, job.refresh);
    lock.lock();
    if (counted) listing_.erase(job.path);
    cv_.notify_all();
  }
}

}  // namespace hoard::fs
