// The Last.fm parser on the project's scenario (tests/data/api) and on
// bodies no service should send.
#include <gtest/gtest.h>

#include "feed/lastfm_client.h"
#include "tests/support/fake_api_server.h"

namespace hoard::feed {
namespace {

using test::ReadFixture;

TEST(ParseAlbumInfo, WithWikiTagsAndImagesCountsAsStrings) {
  auto r = ParseAlbumInfo(ReadFixture("lastfm/album-getinfo-asa-oberg-sanger-fran-skargarden.json"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->info.has_value());
  EXPECT_EQ(r->info->url, "https://www.last.fm/music/%C3%85sa+%C3%96berg/S%C3%A5nger+fr%C3%A5n+sk%C3%A4rg%C3%A5rden");
  EXPECT_EQ(r->info->listeners, 1234);
  EXPECT_EQ(r->info->tag_year, 2008);
  EXPECT_EQ(r->info->image, "https://lastfm.freetls.fastly.net/i/u/300x300/5f1d2a3b000040009000000001006a.png");
  EXPECT_EQ(r->info->summary,
            "Sånger från skärgården is the third studio album by Swedish singer Åsa Öberg, released in May 2008. "
            "It was recorded in a boathouse on Utö over one summer.");
}

TEST(ParseAlbumInfo, WithoutWikiCountsAsNumbersEmptyLargestImages) {
  auto r = ParseAlbumInfo(ReadFixture("lastfm/album-getinfo-asa-oberg-vinterljus-no-wiki-year-tag.json"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->info->summary, "");
  EXPECT_EQ(r->info->url, "https://www.last.fm/music/%C3%85sa+%C3%96berg/Vinterljus");
  EXPECT_EQ(r->info->listeners, 321);
  EXPECT_EQ(r->info->tag_year, 2019);
  // "mega" and the last size are empty: the largest non-empty one is taken.
  EXPECT_EQ(r->info->image, "https://lastfm.freetls.fastly.net/i/u/300x300/5f1d2a3b000040009000000001011a.png");
}

TEST(ParseAlbumInfo, NoTracksNoWikiEmptyImagesTagsAsAString) {
  auto r = ParseAlbumInfo(ReadFixture("lastfm/album-getinfo-fixtures-tag-cloud-no-tracks-no-wiki.json"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->info->image, "");
  EXPECT_EQ(r->info->listeners, 2);
  EXPECT_EQ(r->info->tag_year, 0);
  EXPECT_EQ(r->info->url, "https://www.last.fm/music/The+Fixtures/Tag+Cloud");
}

TEST(ParseAlbumInfo, LegacyReleaseDateIsNotTakenAsAYear) {
  auto r = ParseAlbumInfo(ReadFixture("lastfm/album-getinfo-spaced-out-second-orbit-2014-legacy-releasedate.json"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->info->tag_year, 0);
  EXPECT_EQ(r->info->listeners, 8812);
  EXPECT_TRUE(r->info->summary.ends_with("the 2014 reissue added two tracks."));
}

TEST(ParseAlbumInfo, SingleObjectInsteadOfArray) {
  auto r = ParseAlbumInfo(ReadFixture("lastfm/album-getinfo-rock-and-roll-band-100-off-single-objects.json"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->info->image, "https://lastfm.freetls.fastly.net/i/u/300x300/5f1d2a3b000040009000000021005a.png");
  EXPECT_EQ(r->info->tag_year, 2016);
  EXPECT_EQ(r->info->listeners, 4321);
  EXPECT_EQ(r->info->summary, "100% Off is the third album by Rock & Roll Band, a single take of one song.");
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
  };
  for (const auto& c : cases) {
    auto r = ParseAlbumInfo(ReadFixture(c.file));
    ASSERT_TRUE(r.ok()) << c.file;
    ASSERT_TRUE(r->error.has_value()) << c.file;
    EXPECT_FALSE(r->info.has_value()) << c.file;
    EXPECT_EQ(r->error->code, c.code);
    EXPECT_EQ(r->error->kind, c.kind);
    EXPECT_FALSE(r->error->message.empty());
  }
  auto as_string = ParseLastfmError(R"({"error": "6", "message": "Album not found"})");
  ASSERT_TRUE(as_string.has_value());
  EXPECT_EQ(as_string->kind, LastfmError::Kind::kNotFound);
  auto transient = ParseLastfmError(R"({"error": 16, "message": "There was a temporary error"})");
  ASSERT_TRUE(transient.has_value());
  EXPECT_EQ(transient->kind, LastfmError::Kind::kTransient);
  EXPECT_FALSE(ParseLastfmError(ReadFixture("lastfm/album-getinfo-asa-oberg-vinterljus-no-wiki-year-tag.json")));
}

TEST(ParseAlbumInfo, MalformedAndUnexpected) {
  EXPECT_FALSE(ParseAlbumInfo("{\"album\": ").ok());
  EXPECT_FALSE(ParseAlbumInfo("[1]").ok());
  // Another method's answer (artist.getTopAlbums) has no "album" object.
  EXPECT_FALSE(ParseAlbumInfo(R"({"topalbums": {"album": {"name": "Tag Cloud", "playcount": "3"},
      "@attr": {"artist": "The Fixtures", "page": "1", "perPage": "50", "totalPages": "1", "total": "1"}}})")
                   .ok());
}

TEST(ParseTopArtists, PagesCountsAsStringsAndTheBareObjectQuirk) {
  auto page = ParseTopArtists(ReadFixture("lastfm/user-gettopartists-rj-page1-of-2.json"));
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_TRUE(page->page.has_value());
  EXPECT_EQ(page->page->page, 1);
  EXPECT_EQ(page->page->total_pages, 2);
  ASSERT_EQ(page->page->artists.size(), 3u);
  EXPECT_EQ(page->page->artists[0].name, "Night Ferry");
  EXPECT_EQ(page->page->artists[0].mbid, "5f1d2a3b-0000-4000-8000-000000000061");
  EXPECT_EQ(page->page->artists[0].plays, 1843);
  EXPECT_EQ(page->page->artists[2].mbid, "");
  // One artist: Last.fm sends the object bare; a nameless one is left out.
  auto bare = ParseTopArtists(R"({"topartists":{"artist":{"name":"Solo","playcount":60},
      "@attr":{"page":"1","totalPages":"1"}}})");
  ASSERT_TRUE(bare.ok());
  ASSERT_EQ(bare->page->artists.size(), 1u);
  EXPECT_EQ(bare->page->artists[0].plays, 60);
  auto nameless = ParseTopArtists(R"({"topartists":{"artist":[{"playcount":"5"}]}})");
  ASSERT_TRUE(nameless.ok());
  EXPECT_TRUE(nameless->page->artists.empty());
}

TEST(ParseTopArtists, AnUnknownUserIsAnErrorAndJunkFails) {
  auto unknown = ParseTopArtists(ReadFixture("lastfm/error-6-no-such-user.json"));
  ASSERT_TRUE(unknown.ok());
  ASSERT_TRUE(unknown->error.has_value());
  EXPECT_EQ(unknown->error->kind, LastfmError::Kind::kNotFound);
  EXPECT_FALSE(ParseTopArtists("{").ok());
  EXPECT_FALSE(ParseTopArtists("[]").ok());
  EXPECT_FALSE(ParseTopArtists(R"({"album":{}})").ok());
}

}  // namespace
}  // namespace hoard::feed
