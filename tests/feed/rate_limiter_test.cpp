#include "feed/rate_limiter.h"

#include <gtest/gtest.h>

#include <vector>

namespace hoard::feed {
namespace {

// Time moves only when someone sleeps.
class FakeClock : public Clock {
 public:
  TimePoint Now() override { return now_; }
  void SleepFor(Duration d) override { now_ += d; }

 private:
  TimePoint now_{};
};

double Seconds(Clock::Duration d) { return std::chrono::duration<double>(d).count(); }

TEST(RateLimiter, OnePerSecondSpacesEveryAcquire) {
  FakeClock clock;
  RateLimiter limiter(1.0, 1.0, clock);
  std::vector<Clock::TimePoint> times;
  for (int i = 0; i < 5; ++i) {
    limiter.Acquire();
    times.push_back(clock.Now());
  }
  EXPECT_EQ(times[0], Clock::TimePoint{});  // the first token is there
  for (size_t i = 1; i < times.size(); ++i) {
    EXPECT_GE(Seconds(times[i] - times[i - 1]), 1.0);
    EXPECT_LT(Seconds(times[i] - times[i - 1]), 1.01);
  }
}

TEST(RateLimiter, BurstThenRate) {
  FakeClock clock;
  RateLimiter limiter(4.0, 3.0, clock);
  for (int i = 0; i < 3; ++i) limiter.Acquire();
  EXPECT_EQ(clock.Now(), Clock::TimePoint{});
  limiter.Acquire();
  EXPECT_NEAR(Seconds(clock.Now().time_since_epoch()), 0.25, 0.001);
}

TEST(RateLimiter, DrainRestartsTheIntervalFromNow) {
  FakeClock clock;
  RateLimiter limiter(1.0, 1.0, clock);
  limiter.Acquire();
  clock.SleepFor(std::chrono::milliseconds(700));  // the request took 0.7 s
  limiter.Drain();
  const auto answered = clock.Now();
  limiter.Acquire();
  EXPECT_GE(Seconds(clock.Now() - answered), 1.0);
}

TEST(RateLimiter, IdleTimeRefillsOnlyUpToBurst) {
  FakeClock clock;
  RateLimiter limiter(1.0, 1.0, clock);
  limiter.Acquire();
  clock.SleepFor(std::chrono::seconds(10));
  const auto before = clock.Now();
  limiter.Acquire();
  EXPECT_EQ(clock.Now(), before);
  limiter.Acquire();
  EXPECT_GE(Seconds(clock.Now() - before), 1.0);
}

}  // namespace
}  // namespace hoard::feed
