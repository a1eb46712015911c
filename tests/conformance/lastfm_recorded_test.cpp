// The Last.fm parser on responses recorded from the real service.
#include <gtest/gtest.h>

#include "feed/lastfm_client.h"
#include "tests/conformance/conformance.h"
#include "tests/conformance/recorded_api.h"

namespace hoard::feed {
namespace {

using test::ReadRecorded;
using RecordedAlbumInfo = test::ConformanceTest;

TEST_F(RecordedAlbumInfo, WithWikiTagsAndImage) {
  auto r = ParseAlbumInfo(ReadRecorded("lastfm/album-getinfo-cher-believe.json"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->info.has_value());
  EXPECT_EQ(r->info->url, "https://www.last.fm/music/Cher/Believe");
  EXPECT_EQ(r->info->listeners, 597578);
  EXPECT_EQ(r->info->tag_year, 1998);
  EXPECT_EQ(r->info->image, "https://lastfm.freetls.fastly.net/i/u/300x300/3b54885952161aaea4ce2965b2db1638.png");
  EXPECT_TRUE(r->info->summary.starts_with("Believe is the twenty-third studio album"));
  EXPECT_EQ(r->info->summary.find("<a href"), std::string::npos);
}

TEST_F(RecordedAlbumInfo, WithoutWikiNonAscii) {
  auto r = ParseAlbumInfo(ReadRecorded("lastfm/album-getinfo-legiao-urbana-dois.json"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->info->summary, "");
  EXPECT_EQ(r->info->url, "https://www.last.fm/music/Legi%C3%A3o+Urbana/Dois");
  EXPECT_EQ(r->info->tag_year, 0);
  auto en = ParseAlbumInfo(ReadRecorded("lastfm/album-getinfo-legiao-urbana-dois-lang-en.json"));
  ASSERT_TRUE(en.ok());
  EXPECT_TRUE(en->info->summary.starts_with("Dois é o segundo álbum"));
}

TEST_F(RecordedAlbumInfo, NoTracksNoWikiEmptyImages) {
  auto r = ParseAlbumInfo(ReadRecorded("lastfm/album-getinfo-jesus-and-mary-chain-definitive-no-tracks-no-wiki.json"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->info->image, "");
  EXPECT_EQ(r->info->listeners, 2);
}

TEST_F(RecordedAlbumInfo, LegacyReleaseDateIsNotTakenAsAYear) {
  auto r = ParseAlbumInfo(ReadRecorded("lastfm/album-getinfo-madonna-ray-of-light-legacy-releasedate.json"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->info->tag_year, 0);
}

TEST_F(RecordedAlbumInfo, ErrorsThreeFourSix) {
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
    auto r = ParseAlbumInfo(ReadRecorded(c.file));
    ASSERT_TRUE(r.ok()) << c.file;
    ASSERT_TRUE(r->error.has_value()) << c.file;
    EXPECT_EQ(r->error->code, c.code);
    EXPECT_EQ(r->error->kind, c.kind);
    EXPECT_FALSE(r->error->message.empty());
  }
}

TEST_F(RecordedAlbumInfo, AnotherMethodsAnswerIsRejected) {
  EXPECT_FALSE(ParseAlbumInfo(ReadRecorded("lastfm/user-gettopalbums-crystal-castles-single-item-is-object.json")).ok());
}

}  // namespace
}  // namespace hoard::feed
