// CacheClock: the cache's seam for time.
//
// Two things in the cache depend on time: the freshness of cached attributes
// and listings (dir_ttl) and the LRU order of eviction. Tests must be able to
// move time forward without sleeping, so the cache never calls the system
// clock directly; it asks a CacheClock. The bandwidth limiter is the exception: it
// paces real transfers and uses the steady clock.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace hoard::fs {

class CacheClock {
 public:
  virtual ~CacheClock() = default;
  // Wall-clock milliseconds since the epoch. May be called from any thread.
  virtual std::int64_t NowMillis() const = 0;
};

class SystemClock final : public CacheClock {
 public:
  std::int64_t NowMillis() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// A clock that only moves when told to: for tests of TTL and LRU logic.
class ManualClock final : public CacheClock {
 public:
  explicit ManualClock(std::int64_t start_millis = 1'700'000'000'000) : now_(start_millis) {}
  std::int64_t NowMillis() const override { return now_.load(); }
  void Advance(std::chrono::milliseconds by) { now_ += by.count(); }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace hoard::fs
