// A token bucket, and the clock seam it (and the HTTP client's backoff) sleep on.
//
// MusicBrainz allows one request per second per client; going over gets every
// request answered 503 for a while. A token bucket with a burst of one is the
// simplest thing that can never exceed the rate, even across retries, because
// every attempt (first or retry) takes a token.
#pragma once

#include <chrono>

namespace hoard::feed {

class Clock {
 public:
  using Duration = std::chrono::steady_clock::duration;
  using TimePoint = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  virtual TimePoint Now() = 0;
  virtual void SleepFor(Duration d) = 0;
  // The process-wide real clock.
  static Clock& Real();
};

// Not thread-safe: one limiter per client, used from one thread.
class RateLimiter {
 public:
  // At most `per_second` tokens per second on average, at most `burst`
  // immediately available. `per_second` must be > 0.
  RateLimiter(double per_second, double burst, Clock& clock);
  // Blocks (on the clock) until a token is available, then takes it.
  void Acquire();
  // Empties the bucket as of now: the next Acquire waits a full interval
  // from this moment. Called when a request completes, so spacing counts
  // from the previous answer, not the previous send.
  void Drain();

 private:
  void Refill();

  double per_second_;
  double burst_;
  double tokens_;
  Clock& clock_;
  Clock::TimePoint last_;
};

}  // namespace hoard::feed
