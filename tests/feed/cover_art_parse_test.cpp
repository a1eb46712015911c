// The Cover Art Archive's release-group answer (feed/cover_art_client.h), table-driven.
#include <gtest/gtest.h>

#include "feed/cover_art_client.h"
#include "tests/support/fake_api_server.h"

namespace hoard::feed {
namespace {

TEST(ParseFrontThumbnail, TakesTheFrontImagesThumbnailOverHttps) {
  const struct {
    const char* body;
    const char* cover;
  } cases[] = {
      {R"({"images":[{"front":false,"thumbnails":{"250":"https://a/back.jpg"}},
                     {"front":true,"thumbnails":{"250":"https://a/front.jpg","small":"https://a/small.jpg"}}]})",
       "https://a/front.jpg"},
      {R"({"images":[{"front":true,"thumbnails":{"small":"http://a/small.jpg"}}]})", "https://a/small.jpg"},
      {R"({"images":[{"front":true,"thumbnails":{"250":"HTTP://a/upper.jpg"}}]})", "https://a/upper.jpg"},
      {R"j({"images":[{"front":true,"thumbnails":{"250":"javascript:alert(1)"}}]})j", ""},
      {R"({"images":[{"front":"yes","thumbnails":{"250":"https://a/x.jpg"}}]})", ""},
      {R"({"images":[{"front":true}]})", ""},
      {R"({"images":[]})", ""},
  };
  for (const auto& c : cases) {
    auto cover = ParseFrontThumbnail(c.body);
    ASSERT_TRUE(cover.ok()) << c.body;
    EXPECT_EQ(*cover, c.cover) << c.body;
  }
  auto scenario = ParseFrontThumbnail(test::ReadFixture("coverartarchive/release-group-night-ferry-harbour.json"));
  ASSERT_TRUE(scenario.ok());
  EXPECT_EQ(*scenario, "https://coverartarchive.org/release/5f1d2a3b-0000-4000-a000-000000006101/30000000001-250.jpg");
}

TEST(ParseFrontThumbnail, JunkIsAnError) {
  for (const char* junk : {"", "{", "[]", R"({"images":{}})", R"({"release":"x"})"}) {
    EXPECT_FALSE(ParseFrontThumbnail(junk).ok()) << junk;
  }
}

}  // namespace
}  // namespace hoard::feed
