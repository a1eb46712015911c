// CacheListingAhead: lists directories before anyone asks, in parallel.
//
// Over a WAN a listing costs several round trips (SFTP opendir, readdir
// until it ends, close), and `ls -lR`, a file manager or a music server
// walking the hoard asks for them one after the other. When a directory is
// listed, CachingRemote hands its subdirectories here; `workers` threads
// list them (and theirs, `depth` levels down) through the cache at once,
// each on a session of the pool of its own, so the walker finds them
// listed. Only metadata moves: a listing is a few KB, never file bytes.
//
// Refreshes are a second, lower kind of job: relisting a directory whose
// cached listing was revalidated (its mtime unchanged, so nothing was added,
// removed or renamed) to pick up entries changed in place. Workers take
// them only when no listing is waiting, so they never delay a walk.
//
// A directory is queued once per kind (until done), at most kMaxQueued at a time;
// past that, offers are dropped: listing ahead is an optimisation. So is an
// offer of a directory a worker is listing right now (its listing is on the
// way; what lies deeper is offered again when the walk gets there). A
// foreground ListDir of a directory a worker is listing right now waits
// for that listing instead of asking the server a second time. Workers
// start with the first offer (threads do not survive hoardfs's fork).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace hoard::fs {

class CacheListingAhead {
 public:
  // Lists `path` through the cache, offering its subdirectories in turn
  // (`refresh`: relists it from the server even though it is fresh).
  using ListFn = std::function<void(const std::string& path, int depth, bool refresh)>;

  // `workers` 0: never lists ahead.
  CacheListingAhead(int workers, ListFn list);
  ~CacheListingAhead();
  CacheListingAhead(const CacheListingAhead&) = delete;
  CacheListingAhead& operator=(const CacheListingAhead&) = delete;

  // Drops what is queued and joins the workers (idempotent).
  void Stop();

  // Queues `path` to be listed with `depth` (>= 0) more levels below it,
  // unless it is queued or being listed already.
  void Offer(const std::string& path, int depth);
  // Queues a refresh of `path`, unless one is queued already.
  void OfferRefresh(const std::string& path);

  // Returns once no worker is listing `path`.
  void WaitWhileListing(const std::string& path);

  // Waits until nothing is queued or running (tests).
  void WaitIdle();

  static constexpr std::size_t kMaxQueued = 10000;

 private:
  void Run();

  struct Job {
    std::string path;
    int depth;
    bool refresh;
  };
  void StartWorkers();  // under mu_
  const int workers_;
  const ListFn list_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  std::set<std::string> queued_;   // in queue_
  std::deque<Job> refreshes_;
  std::set<std::string> refresh_queued_;  // in refreshes_
  std::set<std::string> listing_;  // being listed by a worker
  std::vector<std::thread> threads_;
  bool stop_ = false;
};

}  // namespace hoard::fs
