#include "fs/cache/cache_ahead.h"

namespace hoard::fs {

CacheAhead::CacheAhead(int workers, WorkFn work) : workers_(workers), work_(std::move(work)) {}

CacheAhead::~CacheAhead() { Stop(); }

void CacheAhead::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    for (int k = 0; k < 3; ++k) {
      lanes_[k].clear();
      queued_[k].clear();
    }
  }
  cv_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

bool CacheAhead::Push(int lane, Job job) {
  if (stop_ || lanes_[lane].size() >= kMaxQueued || !queued_[lane].insert(job.path).second) return false;
  lanes_[lane].push_back(std::move(job));
  StartWorkers();
  return true;
}

void CacheAhead::Offer(const std::string& path, int depth) {
  if (workers_ <= 0 || depth < 0) return;
  {
    std::lock_guard lock(mu_);
    if (listing_.count(path) != 0 || !Push(0, Job{Kind::kList, path, depth, 0, 0})) return;
  }
  cv_.notify_one();
}

void CacheAhead::OfferTags(const std::string& path, std::uint64_t head, std::uint64_t tail) {
  if (workers_ <= 0) return;
  {
    std::lock_guard lock(mu_);
    if (reading_.count(path) != 0 || !Push(1, Job{Kind::kTags, path, 0, head, tail})) return;
  }
  cv_.notify_one();
}

void CacheAhead::OfferRefresh(const std::string& path) {
  if (workers_ <= 0) return;
  {
    std::lock_guard lock(mu_);
    if (!Push(2, Job{Kind::kRefresh, path, 0, 0, 0})) return;
  }
  cv_.notify_one();
}

void CacheAhead::StartWorkers() {
  if (!threads_.empty()) return;
  for (int i = 0; i < workers_; ++i) threads_.emplace_back([this] { Run(); });
}

void CacheAhead::BeginListing(const std::string& path) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return stop_ || listing_.count(path) == 0; });
  listing_.insert(path);
}

void CacheAhead::EndListing(const std::string& path) {
  {
    std::lock_guard lock(mu_);
    listing_.erase(path);
  }
  cv_.notify_all();
}

void CacheAhead::WaitIdle() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] {
    return stop_ || (lanes_[0].empty() && lanes_[1].empty() && lanes_[2].empty() && running_ == 0);
  });
}

void CacheAhead::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return stop_ || !lanes_[0].empty() || !lanes_[1].empty() || !lanes_[2].empty(); });
    if (stop_) return;
    int lane = 0;
    while (lanes_[lane].empty()) ++lane;
    Job job = std::move(lanes_[lane].front());
    lanes_[lane].pop_front();
    queued_[lane].erase(job.path);
    // A directory has one lister at a time (BeginListing); a file's tag
    // regions, one reader.
    std::set<std::string>& busy = job.kind == Kind::kTags ? reading_ : listing_;
    ++running_;
    cv_.wait(lock, [&] { return stop_ || busy.count(job.path) == 0; });
    if (stop_) {
      --running_;
      return;
    }
    busy.insert(job.path);
    lock.unlock();
    work_(job);
    lock.lock();
    --running_;
    busy.erase(job.path);
    cv_.notify_all();
  }
}

}  // namespace hoard::fs
