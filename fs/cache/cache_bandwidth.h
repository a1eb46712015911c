// TokenBucket: the bwlimit=RATE cap on bytes taken from the link.
//
// A caller takes its bytes first and then waits until the bucket is no longer
// in debt, so every transfer pays for itself and the long-run rate never
// exceeds RATE by more than the burst (one cache block: a metered link is
// better served by a steady rate than by bursts). Callers sleep outside the lock, so many threads may wait
// at once; foreground reads keep their priority because the prefetcher asks
// for small chunks and yields to them (see CachePrefetcher).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

namespace hoard::fs {

class TokenBucket {
 public:
  // rate_bytes_per_s == 0: unlimited.
  explicit TokenBucket(std::uint64_t rate_bytes_per_s);

  // Blocks until `bytes` may cross the link. Thread-safe.
  void Acquire(std::uint64_t bytes);
  std::uint64_t rate() const { return rate_; }

 private:
  using SteadyClock = std::chrono::steady_clock;
  const std::uint64_t rate_;
  const double burst_;
  std::mutex mu_;
  double tokens_;
  SteadyClock::time_point last_;
};

}  // namespace hoard::fs
