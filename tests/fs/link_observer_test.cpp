// LinkObserver: changes are recorded at once, an unchanged state once per
// period, and what it records is what `hoard link status` reports.
#include "fs/link/link_observer.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "fs/link/link_history.h"
#include "tests/support/paths.h"

namespace hoard::fs {
namespace {

constexpr std::int64_t kStart = 1'700'000'000;  // an interval boundary is 1'699'999'800

TEST(LinkObserverTest, RecordsChangesAtOnceAndTheRestOncePerPeriod) {
  test::TempDir dir;
  const std::string db = (dir.path() / "index.db").string();
  LinkObserver observer(db, std::chrono::seconds(60));
  const Status down = Status::Error(ENOTCONN, "connection reset by peer");
  const Status answered = Status::Error(ENOENT, "no such file");  // the server answered
  auto at = [](std::int64_t seconds) { return (kStart + seconds) * 1000; };

  observer.Observe(at(0), Status::Ok());
  observer.Observe(at(10), answered);
  observer.Observe(at(20), down);   // a change: recorded
  observer.Observe(at(30), down);   // same state within the period: not
  observer.Observe(at(50), down);   // not
  observer.Observe(at(81), down);   // a period after the last record: recorded
  observer.Observe(at(90), Status::Ok());

  auto history = LinkHistory::OpenReadOnly(db);
  ASSERT_TRUE(history.ok()) << history.status().message();
  auto report = (*history)->Report(0, kStart + 100);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->state, LinkState::kUp);
  // All in one up interval: the failures are transient errors, two recorded.
  EXPECT_EQ(report->transient_errors, 2);
  EXPECT_TRUE(report->outages.empty());
  EXPECT_EQ(report->last_error, "connection reset by peer");
}

TEST(LinkObserverTest, AnUnusableHistoryFileFailsNoCallAndLaterRecordsStillHappen) {
  test::TempDir dir;
  const std::filesystem::path blocker = dir.path() / "cache";
  std::ofstream(blocker.string()).close();
  const std::string db = (blocker / "index.db").string();  // ENOTDIR for now
  LinkObserver observer(db, std::chrono::seconds(60));
  observer.Observe(kStart * 1000, Status::Ok());
  EXPECT_FALSE(LinkHistory::OpenReadOnly(db).ok());

  std::filesystem::remove(blocker);
  std::filesystem::create_directory(blocker);
  observer.Observe(kStart * 1000 + 1000, Status::Error(ENOTCONN, "down"));
  auto history = LinkHistory::OpenReadOnly(db);
  ASSERT_TRUE(history.ok()) << history.status().message();
  auto report = (*history)->Report(0, kStart + 2);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->last_error, "down");
}

}  // namespace
}  // namespace hoard::fs
