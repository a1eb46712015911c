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
    queue_.push_back({path, depth});
    if (threads_.empty()) {
      for (int i = 0; i < workers_; ++i) threads_.emplace_back([this] { Run(); });
    }
  }
  cv_.notify_one();
}

void CacheListingAhead::WaitWhileListing(const std::string& path) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return stop_ || listing_.count(path) == 0; });
}

void CacheListingAhead::WaitIdle() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return stop_ || (queue_.empty() && listing_.empty()); });
}

void CacheListingAhead::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    Job job = std::move(queue_.front());
    queue_.pop_front();
    queued_.erase(job.path);
    listing_.insert(job.path);
    lock.unlock();
    list_(job.path, job.depth);
    lock.lock();
    listing_.erase(job.path);
    cv_.notify_all();
  }
}

}  // namespace hoard::fs
