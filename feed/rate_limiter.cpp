#include "feed/rate_limiter.h"

#include <algorithm>
#include <thread>

namespace hoard::feed {
namespace {

class RealClock : public Clock {
 public:
  TimePoint Now() override { return std::chrono::steady_clock::now(); }
  void SleepFor(Duration d) override { std::this_thread::sleep_for(d); }
};

}  // namespace

Clock& Clock::Real() {
  static RealClock clock;
  return clock;
}

RateLimiter::RateLimiter(double per_second, double burst, Clock& clock)
    : per_second_(per_second), burst_(std::max(1.0, burst)), tokens_(burst_), clock_(clock),
      last_(clock.Now()) {}

void RateLimiter::Refill() {
  const auto now = clock_.Now();
  const double elapsed = std::chrono::duration<double>(now - last_).count();
  last_ = now;
  tokens_ = std::min(burst_, tokens_ + elapsed * per_second_);
}

void RateLimiter::Drain() {
  last_ = clock_.Now();
  tokens_ = 0;
}

void RateLimiter::Acquire() {
  Refill();
  while (tokens_ < 1.0) {
    const double wait_s = (1.0 - tokens_) / per_second_;
    clock_.SleepFor(std::chrono::duration_cast<Clock::Duration>(std::chrono::duration<double>(wait_s)) +
                    std::chrono::microseconds(1));
    Refill();
  }
  tokens_ -= 1.0;
}

}  // namespace hoard::feed
