// TagReadPool: reads tags (ReadTags) on `jobs` threads while the index is
// still walking, files in the order they are added; the reads come back in
// the order they end.
//
// Over a network mount an index is paced by round trips, not by CPU: with
// reads waiting for the walk to end, the walk's time was added to theirs.
//
// TagLib fills some tables on first use without locking. WarmUpTagLib()
// fills the shared ones before the first read. TagLib 1.13 picks a file's
// format by its extension, and the first read of each extension runs as the
// only first read, with the other files of that extension held back until
// it ends: so code a format runs on first use never runs on two threads,
// while files of the extensions already read keep being read meanwhile.
//
// At most kMaxQueuedReads ended reads wait for Take(); past that the threads
// wait too, so a caller busy elsewhere holds memory for that many only.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/status.h"
#include "catalog/tag_reader.h"

namespace hoard::catalog {

class TagReadPool {
 public:
  static constexpr std::size_t kMaxQueuedReads = 4096;

  struct Read {
    std::size_t id;  // as given to Add
    Result<TagReadResult> result;
  };

  // How a file is read: ReadTags, or a test's stand-in.
  using ReadFn = std::function<Result<TagReadResult>(const std::string& path, std::int64_t size)>;

  // The threads start with the first Add.
  explicit TagReadPool(int jobs, ReadFn read = ReadTags);
  // Reads in progress end, the others are dropped, the threads joined.
  ~TagReadPool();
  TagReadPool(const TagReadPool&) = delete;
  TagReadPool& operator=(const TagReadPool&) = delete;

  // Queues a read of `path`, `size` bytes (ReadTags), known as `id`.
  void Add(std::size_t id, std::string path, std::int64_t size);
  // Nothing more will be added.
  void Close();
  // Moves the reads that ended into `out`, waiting up to `wait` for one.
  // False once closed and every read was handed out.
  bool Take(std::deque<Read>& out, std::chrono::milliseconds wait);

 private:
  struct Job {
    std::size_t id;
    std::string path;
    std::int64_t size;
    std::string extension;
  };
  void Work();
  // The first queued job that may start now (see the top of this file),
  // moving the ones before it that may not to held_; under mu_.
  std::optional<Job> TakeStartable();
  bool AllDone() const { return closed_ && queued_.empty() && held_.empty() && running_ == 0; }

  const int jobs_;
  const ReadFn read_;
  std::mutex mu_;
  std::condition_variable work_changed_;  // a job queued, a read ended, room freed, closed
  std::condition_variable read_ended_;
  std::deque<Job> queued_;
  std::deque<Job> held_;  // queued before queued_'s, waiting for a first read to end
  std::deque<Read> ended_;
  std::set<std::string> warmed_;          // extensions whose first read ended
  std::optional<std::string> first_read_;  // the extension whose first read is running
  int running_ = 0;                       // reads in progress
  bool closed_ = false;
  bool stopping_ = false;
  std::vector<std::jthread> threads_;
};

}  // namespace hoard::catalog
