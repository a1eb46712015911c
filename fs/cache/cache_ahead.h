// CacheAhead: lists directories and reads files' tag regions before anyone
// asks, in parallel.
//
// Over a WAN a listing costs several round trips (SFTP opendir, readdir
// until it ends, close), and `ls -lR`, a file manager or a music server
// walking the hoard asks for them one after the other. When a directory is
// listed, CachingRemote hands its subdirectories here; `workers` threads
// list them (and theirs, `depth` levels down) through the cache at once,
// each on a session of the pool of its own, so the walker finds them
// listed. A listing is a few KB.
//
// Tag reads are the second kind of job: a scanner (mpd, beets, hoard index)
// opens the files of a directory in order and reads their heads and tails;
// CachingRemote offers the next files' tag regions here
// (cache_tags_ahead.cpp), so each is fetched while the scanner is still on
// an earlier one. Workers take them when no listing is waiting: a walk
// needs its directories first.
//
// Refreshes are the third and lowest kind: relisting a directory whose
// cached listing was revalidated (its mtime unchanged, so nothing was added,
// removed or renamed) to pick up entries changed in place. Workers take
// them only when nothing else is waiting, so they never delay a walk.
//
// A path is queued once per kind (until done), at most kMaxQueued jobs of a
// kind at a time; past that, offers are dropped: working ahead is an
// optimisation. So is an offer of a directory a worker is listing right now
// (its listing is on the way; what lies deeper is offered again when the
// walk gets there). A directory is listed by one lister at a time: a
// foreground ListDir of a directory a worker is listing waits for that
// listing, and a worker taking a directory a foreground ListDir is listing
// waits for that one, instead of asking the server a second time (the one
// who waited finds the listing cached). Workers start with the first offer (threads do not survive
// hoardfs's fork).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace hoard::fs {

class CacheAhead {
 public:
  enum class Kind { kList, kTags, kRefresh };
  struct Job {
    Kind kind = Kind::kList;
    std::string path;
    int depth = 0;              // kList: levels to list below `path`
    std::uint64_t head = 0;     // kTags: bytes from the start of the file
    std::uint64_t tail = 0;     // kTags: bytes before its end
  };
  // kList: lists `path` through the cache, offering its subdirectories in
  // turn; kRefresh: relists it from the server even though it is fresh;
  // kTags: reads its head and tail through the cache.
  using WorkFn = std::function<void(const Job& job)>;

  // `workers` 0: never works ahead.
  CacheAhead(int workers, WorkFn work);
  ~CacheAhead();
  CacheAhead(const CacheAhead&) = delete;
  CacheAhead& operator=(const CacheAhead&) = delete;

  // Drops what is queued and joins the workers (idempotent).
  void Stop();
  // False when it never works ahead (no workers): offers are dropped.
  bool enabled() const { return workers_ > 0; }

  // Queues `path` to be listed with `depth` (>= 0) more levels below it,
  // unless it is queued or being listed already.
  void Offer(const std::string& path, int depth);
  // Queues a read of the first `head` and last `tail` bytes of the file
  // `path`, unless one is queued or running already.
  void OfferTags(const std::string& path, std::uint64_t head, std::uint64_t tail);
  // Queues a refresh of `path`, unless one is queued already.
  void OfferRefresh(const std::string& path);

  // Waits while `path` is being listed (by a worker or another caller),
  // then counts it as listed by the caller until EndListing(path).
  void BeginListing(const std::string& path);
  void EndListing(const std::string& path);

  // Waits until nothing is queued or running (tests).
  void WaitIdle();

  static constexpr std::size_t kMaxQueued = 10000;

 private:
  void Run();
  // Queues `job` in lane `lane` (under mu_); false when it was not queued.
  bool Push(int lane, Job job);
  void StartWorkers();  // under mu_

  const int workers_;
  const WorkFn work_;
  std::mutex mu_;
  std::condition_variable cv_;
  // One lane per Kind, in order of priority; queued_[k]: the paths in lanes_[k].
  std::deque<Job> lanes_[3];
  std::set<std::string> queued_[3];
  std::set<std::string> listing_;  // being listed (BeginListing, or by a worker)
  std::set<std::string> reading_;  // tag regions being read by a worker
  int running_ = 0;
  std::vector<std::thread> threads_;
  bool stop_ = false;
};

}  // namespace hoard::fs
