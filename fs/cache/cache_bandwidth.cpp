#include "fs/cache/cache_bandwidth.h"

#include <algorithm>
#include <thread>

#include "fs/cache/cache_entry.h"

namespace hoard::fs {

TokenBucket::TokenBucket(std::uint64_t rate_bytes_per_s)
    : rate_(rate_bytes_per_s),
      burst_(kCacheBlockSize),
      tokens_(burst_),
      last_(SteadyClock::now()) {}

void TokenBucket::Acquire(std::uint64_t bytes) {
  if (rate_ == 0) return;
  std::chrono::duration<double> wait{0};
  {
    std::lock_guard lock(mu_);
    auto now = SteadyClock::now();
    double elapsed = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    tokens_ = std::min(burst_, tokens_ + elapsed * static_cast<double>(rate_));
    tokens_ -= static_cast<double>(bytes);
    if (tokens_ < 0) wait = std::chrono::duration<double>(-tokens_ / static_cast<double>(rate_));
  }
  if (wait.count() > 0) std::this_thread::sleep_for(wait);
}

}  // namespace hoard::fs
