// The update pipeline end to end in-process, for the feed updater tests and
// their conformance twins: config -> MakeFeedClients -> FeedUpdater against a
// FakeApiServer over loopback HTTP, with a real SQLite store in a temporary
// folder. The server starts with no routes; each suite adds its own. The
// config raises the MusicBrainz rate (a local server may go faster) and
// shortens timeouts and retries; the Cover Art Archive is the same server,
// off unless a suite turns it on.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "feed/feed_clients.h"
#include "feed/feed_updater.h"
#include "tests/support/fake_api_server.h"
#include "tests/support/paths.h"

namespace hoard::feed::testing {

inline test::FakeReply JsonReply(const nlohmann::json& body) { return {200, body.dump(), {}, {}}; }

// A release-group browse answer holding `groups`; `total` defaults to their number.
inline nlohmann::json BrowseOf(std::vector<nlohmann::json> groups, int total = -1) {
  return {{"release-group-count", total < 0 ? static_cast<int>(groups.size()) : total},
          {"release-group-offset", 0},
          {"release-groups", groups}};
}

inline nlohmann::json Group(const std::string& id, const std::string& title, const std::string& date,
                            const nlohmann::json& primary = "Album",
                            const nlohmann::json& secondary = nlohmann::json::array()) {
  return {{"id", id}, {"title", title}, {"first-release-date", date}, {"primary-type", primary},
          {"secondary-types", secondary}};
}

class FeedRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.musicbrainz_url = server_.url() + "/ws/2";
    config_.lastfm_url = server_.url() + "/2.0/";
    config_.contact = "tests@example.org";
    config_.musicbrainz_rate = 200;
    config_.lastfm_rate = 200;
    config_.timeout = std::chrono::seconds(2);
    config_.retries = 1;
    // Covers are asked for only by the suites about them.
    config_.cover_art = false;
    config_.cover_art_url = server_.url();
    auto store = FeedStore::Open((dir_.path() / "catalog.db").string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }

  UpdateSummary Run(const std::vector<OwnedArtist>& artists) {
    FeedClients clients = MakeFeedClients(config_, *store_);
    FeedUpdater updater(config_, *store_, clients);
    return updater.Run(artists);
  }

  std::vector<StoredRelease> Releases() {
    auto r = store_->ListReleases({});
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<StoredRelease>{};
  }

  // The stored release titled `title`; fails the test and returns an empty one when absent.
  StoredRelease Release(const std::string& title) {
    for (StoredRelease& r : Releases()) {
      if (r.title == title) return r;
    }
    ADD_FAILURE() << "no release \"" << title << "\"";
    return {};
  }

  std::vector<std::string> Titles() {
    std::vector<std::string> titles;
    for (const auto& r : Releases()) titles.push_back(r.title);
    std::sort(titles.begin(), titles.end());
    return titles;
  }

  test::FakeApiServer server_;
  test::TempDir dir_;
  FeedConfig config_;
  std::unique_ptr<FeedStore> store_;
};

}  // namespace hoard::feed::testing
