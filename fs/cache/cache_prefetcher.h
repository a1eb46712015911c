// CachePrefetcher: background fetching (playback prefetch) that never gets in
// the way of a read someone is waiting for.
//
// Jobs are small steps (fetch the next chunk of a file) run round-robin by
// one worker thread, so several files make progress and a job can be dropped
// at any step. Before each step the worker waits until no foreground fetch
// is running: a reader's miss always goes first, the prefetcher fills the
// idle time of the link. One worker is enough: the link, not the CPU, is the
// limit, and one background stream leaves the rest of it to readers. The
// worker starts with the first job.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace hoard::fs {

class CachePrefetcher {
 public:
  // One step of a job; returns true while there is more to do.
  using Step = std::function<bool()>;

  CachePrefetcher();
  // Stops the worker after its current step; pending jobs are dropped.
  ~CachePrefetcher();
  CachePrefetcher(const CachePrefetcher&) = delete;
  CachePrefetcher& operator=(const CachePrefetcher&) = delete;

  // Stops the worker (idempotent); later Submits are ignored.
  void Stop();

  // Adds a job unless one with the same key is queued or running.
  void Submit(const std::string& key, Step step);

  // Brackets a foreground fetch (RAII via ForegroundScope).
  void ForegroundBegin();
  void ForegroundEnd();

  // Waits until no job is left (tests; `hoard cache pin`).
  void WaitIdle();

 private:
  void Run();

  struct Job {
    std::string key;
    Step step;
  };
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  std::set<std::string> keys_;
  int running_ = 0;
  int foreground_ = 0;
  bool stop_ = false;
  std::thread worker_;
};

class ForegroundScope {
 public:
  explicit ForegroundScope(CachePrefetcher& p) : p_(p) { p_.ForegroundBegin(); }
  ~ForegroundScope() { p_.ForegroundEnd(); }
  ForegroundScope(const ForegroundScope&) = delete;
  ForegroundScope& operator=(const ForegroundScope&) = delete;

 private:
  CachePrefetcher& p_;
};

}  // namespace hoard::fs
