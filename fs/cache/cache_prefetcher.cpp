#include "fs/cache/cache_prefetcher.h"

namespace hoard::fs {

CachePrefetcher::CachePrefetcher() = default;

CachePrefetcher::~CachePrefetcher() { Stop(); }

void CachePrefetcher::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    jobs_.clear();
    keys_.clear();
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void CachePrefetcher::Submit(const std::string& key, Step step) {
  {
    std::lock_guard lock(mu_);
    if (stop_ || !keys_.insert(key).second) return;
    jobs_.push_back({key, std::move(step)});
    // Started on first use, not at construction: hoardfs builds its cache
    // before it daemonizes, and threads do not survive the fork.
    if (!worker_.joinable()) worker_ = std::thread([this] { Run(); });
  }
  cv_.notify_all();
}

void CachePrefetcher::ForegroundBegin() {
  std::lock_guard lock(mu_);
  ++foreground_;
}

void CachePrefetcher::ForegroundEnd() {
  {
    std::lock_guard lock(mu_);
    --foreground_;
  }
  cv_.notify_all();
}

void CachePrefetcher::WaitIdle() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return stop_ || (jobs_.empty() && running_ == 0); });
}

void CachePrefetcher::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return stop_ || (!jobs_.empty() && foreground_ == 0); });
    if (stop_) return;
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    ++running_;
    lock.unlock();
    bool more = job.step();
    lock.lock();
    --running_;
    if (more && !stop_) {
      jobs_.push_back(std::move(job));
    } else {
      keys_.erase(job.key);
    }
    cv_.notify_all();
  }
}

}  // namespace hoard::fs
