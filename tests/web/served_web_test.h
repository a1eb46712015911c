// The base of the web view's HTTP suites: the sample database served by the
// real WebServer (ServedDatabase, web_fixture.h) and httplib's client, with
// the requests every suite makes.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/web/web_fixture.h"

namespace hoard::test {

class ServedWebTest : public ::testing::Test {
 protected:
  explicit ServedWebTest(feed::FeedConfig config = {}) : served_(std::move(config)) {}

  httplib::Result Get(const std::string& path, const httplib::Headers& headers = {}) {
    return client_.Get(path, headers);
  }
  // The release-group ids /api/releases answers for `query`.
  std::vector<std::string> Ids(const std::string& query) {
    auto res = Get("/api/releases" + query);
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << query << ": " << res->body;
    std::vector<std::string> ids;
    for (const auto& r : nlohmann::json::parse(res->body)) ids.push_back(r["mbid"].get<std::string>());
    return ids;
  }
  // The form token of the releases page.
  std::string CsrfToken() {
    auto page = Get("/");
    EXPECT_TRUE(page);
    return page ? CsrfTokenIn(page->body) : "";
  }
  // What a browser sends with a form of ours: the page's origin.
  httplib::Headers OwnOrigin() const { return {{"Origin", "http://127.0.0.1:" + std::to_string(served_.port())}}; }

  ServedDatabase served_;
  httplib::Client client_{"127.0.0.1", served_.port()};
};

}  // namespace hoard::test
