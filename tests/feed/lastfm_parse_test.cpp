#include <gtest/gtest.h>

#include "feed/lastfm_client.h"
#include "tests/support/fake_api_server.h"

namespace hoard::feed {
namespace {

using test::ReadFixture;

TEST(ParseAlbumInfo, WithWikiTagsAndImage) {
  auto r = ParseAlbumInfo(ReadFixture("lastfm/album-getinfo-cher-believe.json"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->info.has_value());
  EXPECT_EQ(r->info->url, "https://www.last.fm/music/Cher/Believe");
  EXPECT_EQ(r->info->listeners, 597578);
  EXPECT_EQ(r->info->tag_year, 1998);
  EXPECT_EQ(r->info->image, "https://lastfm.freetls.fastly.net/i/u/300x300/3b54885952161aaea4ce2965b2db1638.png");
  EXPECT_TRUE(r->info->summary.starts_with("Believe is the twenty-third studio album"));
  EXPECT_EQ(r->info->summary.find("<a href"), std::string::npos);
}

TEST(ParseAlbumInfo, WithoutWikiNonAscii) {
  auto r = ParseAlbumInfo(ReadFixture("lastfm/album-getinfo-legiao-urbana-dois.json"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->info->summary, "");
  EXPECT_EQ(r->info->url, "https://www.last.fm/music/Legi%C3%A3o+Urbana/Dois");
  EXPECT_EQ(r->info->tag_year, 0);
  auto en = ParseAlbumInfo(ReadFixture("lastfm/album-getinfo-legiao-urbana-dois-lang-en.json"));
  ASSERT_TRUE(en.ok());
  EXPECT_TRUE(en->info->summary.starts_with("Dois é o segundo álbum"));
}

TEST(ParseAlbumInfo, NoTracksNoWikiEmptyImages) {
  auto r = ParseAlbumInfo(ReadFixture("lastfm/album-getinfo-jesus-and-mary-chain-definitive-no-tracks-no-wiki.json"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->info->image, "");
  EXPECT_EQ(r->info->listeners, 2);
}

TEST(ParseAlbumInfo, LegacyReleaseDateIsNotTakenAsAYear) {
  auto r = ParseAlbumInfo(ReadFixture("lastfm/album-getinfo-madonna-ray-of-light-legacy-releasedate.json"));
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->info->tag_year, 2005);
}

TEST(ParseAlbumInfo, SingleObjectInsteadOfArray) {
  auto r = ParseAlbumInfo(R"({"album": {"name": "X", "url": "u", "listeners": 7,
      "image": {"#text": "http://img/x.png", "size": "large"},
      "tags": {"tag": {"name": "2019", "url": "t"}}}})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->info->image, "http://img/x.png");
  EXPECT_EQ(r->info->tag_year, 2019);
  EXPECT_EQ(r->info->listeners, 7);
}

TEST(ParseAlbumInfo, ErrorsThreeFourSix) {
  static const struct {
    const char* file;
    int code;
    LastfmError::Kind kind;
  } cases[] = {
      {"lastfm/error-3-invalid-method.json", 3, LastfmError::Kind::kConfiguration},
      {"lastfm/error-4-bad-auth.json", 4, LastfmError::Kind::kConfiguration},
      {"lastfm/error-6-album-not-found.json", 6, LastfmError::Kind::kNotFound},
      {"lastfm/error-6-missing-parameter.json", 6, LastfmError::Kind::kNotFound},
      {"lastfm/error-6-artist-not-found.json", 6, LastfmError::Kind::kNotFound},
  };
  for (const auto& c : cases) {
    auto r = ParseAlbumInfo(ReadFixture(c.file));
    ASSERT_TRUE(r.ok()) << c.file;
    ASSERT_TRUE(r->error.has_value()) << c.file;
    EXPECT_EQ(r->error->code, c.code);
    EXPECT_EQ(r->error->kind, c.kind);
    EXPECT_FALSE(r->error->message.empty());
  }
  auto transient = ParseLastfmError(R"({"error": 16, "message": "There was a temporary error"})");
  ASSERT_TRUE(transient.has_value());
  EXPECT_EQ(transient->kind, LastfmError::Kind::kTransient);
}

TEST(ParseAlbumInfo, MalformedAndUnexpected) {
  EXPECT_FALSE(ParseAlbumInfo("{\"album\": ").ok());
  EXPECT_FALSE(ParseAlbumInfo("[1]").ok());
  EXPECT_FALSE(ParseAlbumInfo(ReadFixture("lastfm/user-gettopalbums-crystal-castles-single-item-is-object.json")).ok());
}

}  // namespace
}  // namespace hoard::feed
