#include "catalog/tag_read_pool.h"

#include <algorithm>

namespace hoard::catalog {

TagReadPool::TagReadPool(int jobs, ReadFn read) : jobs_(std::max(1, jobs)), read_(std::move(read)) {}

TagReadPool::~TagReadPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_changed_.notify_all();
  threads_.clear();  // joins
}

void TagReadPool::Add(std::size_t id, std::string path, std::int64_t size) {
  {
    std::lock_guard lock(mu_);
    std::string extension = LowerExtension(path);
    queued_.push_back(Job{id, std::move(path), size, std::move(extension)});
    if (threads_.empty()) {
      for (int i = 0; i < jobs_; ++i) threads_.emplace_back([this] { Work(); });
    }
  }
  work_changed_.notify_one();
}

void TagReadPool::Close() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  work_changed_.notify_all();
  read_ended_.notify_all();
}

bool TagReadPool::Take(std::deque<Read>& out, std::chrono::milliseconds wait) {
  std::unique_lock lock(mu_);
  read_ended_.wait_for(lock, wait, [&] { return !ended_.empty() || AllDone(); });
  const bool had_room = ended_.size() < kMaxQueuedReads;
  std::move(ended_.begin(), ended_.end(), std::back_inserter(out));
  ended_.clear();
  const bool more = !AllDone();
  lock.unlock();
  if (!had_room) work_changed_.notify_all();
  return more;
}

std::optional<TagReadPool::Job> TagReadPool::TakeStartable() {
  if (ended_.size() >= kMaxQueuedReads) return std::nullopt;
  while (!queued_.empty()) {
    Job job = std::move(queued_.front());
    queued_.pop_front();
    if (warmed_.count(job.extension) > 0) return job;
    if (!first_read_) {
      first_read_ = job.extension;
      return job;
    }
    held_.push_back(std::move(job));
  }
  return std::nullopt;
}

void TagReadPool::Work() {
  WarmUpTagLib();
  std::unique_lock lock(mu_);
  for (;;) {
    if (stopping_) return;
    std::optional<Job> job = TakeStartable();
    if (!job) {
      // Held jobs wait for the running first read, which requeues them.
      if (closed_ && queued_.empty() && held_.empty()) return;
      work_changed_.wait(lock);
      continue;
    }
    const bool first = warmed_.count(job->extension) == 0;
    ++running_;
    lock.unlock();
    Result<TagReadResult> result = read_(job->path, job->size);
    lock.lock();
    --running_;
    if (first) {
      warmed_.insert(job->extension);
      first_read_.reset();
      queued_.insert(queued_.begin(), std::make_move_iterator(held_.begin()), std::make_move_iterator(held_.end()));
      held_.clear();
    }
    ended_.push_back(Read{job->id, std::move(result)});
    read_ended_.notify_one();
    if (first || AllDone()) work_changed_.notify_all();
  }
}

}  // namespace hoard::catalog
