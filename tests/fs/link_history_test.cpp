#include "fs/link/link_history.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "tests/support/paths.h"

namespace hoard::fs {
namespace {

constexpr std::int64_t kInterval = 10;
constexpr std::int64_t kT0 = 1'000'000;  // a multiple of kInterval

class LinkHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto h = LinkHistory::Open(path(), kInterval);
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    history = std::move(*h);
  }
  std::string path() const { return (dir.path() / "link.db").string(); }
  void Observe(std::int64_t t, bool up) { ASSERT_TRUE(history->Record(t, up, up ? "" : "refused").ok()); }
  LinkReport ReportAt(std::int64_t now) {
    auto r = history->Report(0, now);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : LinkReport{};
  }

  test::TempDir dir;
  std::unique_ptr<LinkHistory> history;
};

TEST_F(LinkHistoryTest, NothingObservedIsUnknown) {
  LinkReport r = ReportAt(kT0);
  EXPECT_EQ(r.state, LinkState::kUnknown);
  EXPECT_EQ(r.known_seconds, 0);
  EXPECT_TRUE(r.outages.empty());
  EXPECT_FALSE(r.last_change.has_value());
}

TEST_F(LinkHistoryTest, DbFileIsPrivate) {
  struct stat st {};
  ASSERT_EQ(::stat(path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(LinkHistoryTest, OutageBetweenUpPeriodsHasItsBounds) {
  for (std::int64_t t = kT0; t < kT0 + 30; t += 5) Observe(t, true);   // up  [T0, T0+30)
  for (std::int64_t t = kT0 + 30; t < kT0 + 50; t += 5) Observe(t, false);  // down [T0+30, T0+50)
  for (std::int64_t t = kT0 + 52; t < kT0 + 70; t += 5) Observe(t, true);   // up again
  LinkReport r = ReportAt(kT0 + 70);
  EXPECT_EQ(r.state, LinkState::kUp);
  ASSERT_EQ(r.outages.size(), 1u);
  EXPECT_EQ(r.outages[0].start, kT0 + 30);
  ASSERT_TRUE(r.outages[0].end.has_value());
  EXPECT_EQ(*r.outages[0].end, kT0 + 52);
  EXPECT_EQ(r.outages[0].seconds, 22);
  EXPECT_EQ(r.known_seconds, 70);
  EXPECT_EQ(r.down_seconds, 20);
  EXPECT_GT(r.availability, 0.0);
  EXPECT_LT(r.availability, 1.0);
  EXPECT_DOUBLE_EQ(r.availability, 1.0 - 20.0 / 70.0);
  EXPECT_EQ(r.transient_errors, 0);
  ASSERT_TRUE(r.last_change.has_value());
  EXPECT_EQ(*r.last_change, kT0 + 52);
}

TEST_F(LinkHistoryTest, BlipInsideUpIntervalIsTransientNotOutage) {
  Observe(kT0 + 1, true);
  Observe(kT0 + 3, false);  // first seen down, then up again in the same interval
  Observe(kT0 + 5, true);
  Observe(kT0 + 11, false);  // a failure before the success of the next interval
  Observe(kT0 + 12, true);
  LinkReport r = ReportAt(kT0 + 15);
  EXPECT_EQ(r.state, LinkState::kUp);
  EXPECT_TRUE(r.outages.empty());
  EXPECT_EQ(r.transient_errors, 2);
  EXPECT_DOUBLE_EQ(r.availability, 1.0);
}

TEST_F(LinkHistoryTest, FailureThenSuccessInOneIntervalLogsNoChange) {
  Observe(kT0 + 1, true);
  Observe(kT0 + 11, false);  // logs up -> down
  Observe(kT0 + 12, true);   // revises it away: the interval is up
  SQLite::Database db(path());
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM link_changes").getInt(), 1);  // unknown -> up only
  EXPECT_EQ(db.execAndGet("SELECT state FROM link_changes").getString(), "up");
}

TEST_F(LinkHistoryTest, GapsAreUnknownNotDown) {
  Observe(kT0 + 1, true);
  Observe(kT0 + 101, true);  // nothing observed for 9 intervals
  LinkReport r = ReportAt(kT0 + 105);
  EXPECT_EQ(r.known_seconds, 10 + 5);  // the current interval counts up to now
  EXPECT_EQ(r.down_seconds, 0);
  EXPECT_DOUBLE_EQ(r.availability, 1.0);
  SQLite::Database db(path());
  EXPECT_EQ(db.execAndGet("SELECT group_concat(previous || '>' || state, ' ') FROM "
                          "(SELECT * FROM link_changes ORDER BY time, rowid)")
                .getString(),
            "unknown>up up>unknown unknown>up");
}

TEST_F(LinkHistoryTest, OngoingOutageHasNoEnd) {
  Observe(kT0 + 1, true);
  Observe(kT0 + 11, false);
  Observe(kT0 + 21, false);
  LinkReport r = ReportAt(kT0 + 25);
  EXPECT_EQ(r.state, LinkState::kDown);
  ASSERT_EQ(r.outages.size(), 1u);
  EXPECT_FALSE(r.outages[0].end.has_value());
  EXPECT_EQ(r.outages[0].seconds, 14);
  EXPECT_EQ(r.last_error, "refused");
}

TEST_F(LinkHistoryTest, StaleHistoryIsUnknownNow) {
  Observe(kT0 + 1, true);
  EXPECT_EQ(ReportAt(kT0 + 15).state, LinkState::kUp);
  EXPECT_EQ(ReportAt(kT0 + 1000).state, LinkState::kUnknown);
}

TEST_F(LinkHistoryTest, SinceLimitsTheWindow) {
  Observe(kT0 + 1, false);
  Observe(kT0 + 31, true);
  auto r = history->Report(kT0 + 20, kT0 + 40);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->outages.empty());
  EXPECT_EQ(r->known_seconds, 10);
}

TEST_F(LinkHistoryTest, SurvivesReopenAndReadOnlyReaders) {
  Observe(kT0 + 1, true);
  Observe(kT0 + 11, false);
  history.reset();
  auto reader = LinkHistory::OpenReadOnly(path(), kInterval);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto r = (*reader)->Report(0, kT0 + 15);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->state, LinkState::kDown);
  EXPECT_FALSE(LinkHistory::OpenReadOnly((dir.path() / "missing.db").string()).ok());
}

}  // namespace
}  // namespace hoard::fs
