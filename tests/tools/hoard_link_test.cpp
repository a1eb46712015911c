// `hoard link probe` and `status` against a real sshd: up, stopped, back.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <thread>

#include "tests/support/paths.h"
#include "tests/support/run_command.h"
#include "tests/support/sshd_server.h"

namespace hoard::test {
namespace {

class HoardLinkTest : public ::testing::Test {
 protected:
  CommandOutput Probe(const std::string& key) {
    return RunHoard({"link", "probe", sshd_.user() + "@127.0.0.1:" + sshd_.root().string(), "-p",
                     std::to_string(sshd_.port()), "-i", key, "--known-hosts", sshd_.known_hosts().string(),
                     "--db", db(), "--interval", std::to_string(kInterval), "--timeout", "5"});
  }
  CommandOutput Probe() { return Probe(sshd_.client_key().string()); }
  nlohmann::json Status() {
    CommandOutput out =
        RunHoard({"link", "status", "--db", db(), "--interval", std::to_string(kInterval), "--json"}, false);
    EXPECT_EQ(out.status, 0) << out.output;
    return nlohmann::json::parse(out.output, nullptr, false);
  }
  std::string db() const { return (dir_.path() / "link.db").string(); }
  // Puts the next observation in the interval right after the latest one's:
  // a fixed sleep could skip an interval on a loaded machine, and an interval
  // without observation splits an outage in two.
  void NextInterval() {
    std::string latest = Status()["last_observation"].get<std::string>();
    std::tm tm{};
    ASSERT_NE(strptime(latest.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm), nullptr) << latest;
    auto next = std::chrono::system_clock::time_point(
        std::chrono::seconds((timegm(&tm) / kInterval + 1) * kInterval) + std::chrono::milliseconds(100));
    std::this_thread::sleep_until(next);
  }
  static constexpr int kInterval = 2;

  TempDir dir_;
  SshdServer sshd_;
};

TEST_F(HoardLinkTest, OutageBetweenProbesHasTheRightBounds) {
  CommandOutput up = Probe();
  EXPECT_EQ(up.status, 0) << up.output;
  EXPECT_NE(up.output.find("up:"), std::string::npos) << up.output;
  NextInterval();
  sshd_.Stop();
  CommandOutput down = Probe();
  EXPECT_EQ(down.status, 1) << down.output;
  EXPECT_NE(down.output.find("down:"), std::string::npos) << down.output;
  EXPECT_NE(down.output.find("refused"), std::string::npos) << "names the cause: " << down.output;
  NextInterval();
  EXPECT_EQ(Probe().status, 1);
  NextInterval();
  ASSERT_TRUE(sshd_.Start());
  EXPECT_EQ(Probe().status, 0);

  nlohmann::json status = Status();
  ASSERT_TRUE(status.is_object());
  EXPECT_EQ(status["state"], "up");
  double availability = status["availability"].get<double>();
  EXPECT_GT(availability, 0.0);
  EXPECT_LT(availability, 1.0);
  ASSERT_EQ(status["outages"].size(), 1u) << status.dump();
  // From the first failure to the first success: two intervals, give or take one.
  EXPECT_GE(status["outages"][0]["seconds"].get<int>(), kInterval - 1);
  EXPECT_LE(status["outages"][0]["seconds"].get<int>(), 3 * kInterval);
  EXPECT_FALSE(status["outages"][0]["end"].is_null());
  EXPECT_EQ(status["transient_errors"], 0);
}

TEST_F(HoardLinkTest, RefusedKeyIsDownWithTheReason) {
  CommandOutput out = Probe(sshd_.wrong_key().string());
  EXPECT_EQ(out.status, 1);
  EXPECT_NE(out.output.find("down:"), std::string::npos) << out.output;
  EXPECT_EQ(Status()["state"], "down");
}

TEST_F(HoardLinkTest, StatusWithoutHistoryFailsClearly) {
  CommandOutput out = RunHoard({"link", "status", "--db", db()});
  EXPECT_NE(out.status, 0);
  EXPECT_NE(out.output.find("no link history"), std::string::npos) << out.output;
}

}  // namespace
}  // namespace hoard::test
