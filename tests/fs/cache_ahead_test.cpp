// CacheAhead's workers and a foreground lister: a directory has one lister
// at a time, so the server is never asked for the same listing twice at once.
#include "fs/cache/cache_ahead.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace hoard::fs {
namespace {

using namespace std::chrono_literals;

TEST(CacheAheadTest, AWorkerWaitsForAForegroundListingOfItsDirectory) {
  std::mutex mu;
  std::condition_variable cv;
  bool release_first = false;
  std::atomic<bool> listed_a{false};
  CacheAhead ahead(1, [&](const CacheAhead::Job& job) {
    if (job.path == "/first") {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return release_first; });
    } else if (job.path == "/a") {
      listed_a = true;
    }
  });
  ahead.Offer("/first", 0);  // keeps the one worker busy
  ahead.Offer("/a", 0);      // queued behind it
  ahead.BeginListing("/a");  // a foreground ListDir of /a starts
  {
    std::lock_guard lock(mu);
    release_first = true;
  }
  cv.notify_all();
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(listed_a) << "a worker listed /a while a foreground ListDir was listing it";
  ahead.EndListing("/a");
  ahead.WaitIdle();
  EXPECT_TRUE(listed_a) << "the worker's job ran once the listing ended (and found it cached)";
}

TEST(CacheAheadTest, AForegroundListingWaitsForAWorkersListingOfItsDirectory) {
  std::mutex mu;
  std::condition_variable cv;
  bool started = false, release = false;
  CacheAhead ahead(1, [&](const CacheAhead::Job&) {
    std::unique_lock lock(mu);
    started = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
  });
  ahead.Offer("/a", 0);
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return started; });
  }
  std::atomic<bool> began{false};
  std::thread foreground([&] {
    ahead.BeginListing("/a");
    began = true;
    ahead.EndListing("/a");
  });
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(began) << "a foreground listing ran beside the worker's";
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  foreground.join();
  EXPECT_TRUE(began);
}

}  // namespace
}  // namespace hoard::fs
