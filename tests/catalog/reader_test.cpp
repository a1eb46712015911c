// The read API the feed uses, and the artist/stat summaries.
#include "catalog/catalog_reader.h"

#include <gtest/gtest.h>

#include "tests/catalog/catalog_fixture.h"
#include "tests/support/sample_hoard.h"

namespace hoard::catalog {
namespace {

TEST(CatalogReader, OwnedArtistsForTheFeed) {
  test::SampleHoard hoard;
  testing::CatalogFile catalog;
  catalog.Index({hoard.root().string()});
  auto artists = ReadOwnedArtists(catalog.path());
  ASSERT_TRUE(artists.ok()) << artists.status().ToString();
  std::vector<std::string> names;
  for (const OwnedArtist& a : *artists) names.push_back(a.name);
  // Sorted by case-folded name, bytewise (no locale collation in SQLite).
  EXPECT_EQ((std::vector<std::string>{"Rock & Roll Band", "Spaced Out", "The Fixtures", "Åsa Öberg"}),
            names);
  const OwnedArtist& asa = (*artists)[3];
  EXPECT_EQ("5f1d2a3b-0000-4000-8000-000000000001", asa.mb_artistid);
  EXPECT_EQ(5, asa.tracks);
  ASSERT_EQ(2u, asa.albums.size());
  EXPECT_EQ("Första albumet", asa.albums[0].title);
  EXPECT_EQ(2001, asa.albums[0].year);
  EXPECT_EQ("5f1d2a3b-0000-4000-8000-000000000002", asa.albums[0].mb_releasegroupid);
  EXPECT_EQ("5f1d2a3b-0000-4000-8000-000000000003", asa.albums[0].mb_albumid);
  EXPECT_EQ(3, asa.albums[0].tracks);
  EXPECT_EQ("Andra", asa.albums[1].title);
  EXPECT_EQ("", asa.albums[1].mb_releasegroupid);

  const OwnedArtist& fixtures = (*artists)[2];
  // Tagged only as the track artist id on a track whose artist is the album artist.
  EXPECT_EQ("5f1d2a3b-0000-4000-8000-000000000011", fixtures.mb_artistid);
  ASSERT_EQ(2u, fixtures.albums.size());
  EXPECT_EQ(1999, fixtures.albums[0].year);
  EXPECT_EQ("5f1d2a3b-0000-4000-8000-000000000012", fixtures.albums[0].mb_releasegroupid);
  EXPECT_EQ("No Tags Here", fixtures.albums[1].title);

  EXPECT_FALSE(ReadOwnedArtists(catalog.path() + ".missing").ok());
}

TEST(CatalogReader, ArtistsAndStats) {
  test::SampleHoard hoard;
  testing::CatalogFile catalog;
  catalog.Index({hoard.root().string()});
  auto db = OpenCatalogForRead(catalog.path());
  ASSERT_TRUE(db.ok());
  auto artists = ListArtists(**db);
  ASSERT_TRUE(artists.ok());
  ASSERT_EQ(4u, artists->size());
  EXPECT_EQ("Åsa Öberg", (*artists)[3].name);
  EXPECT_EQ(2, (*artists)[3].albums);
  EXPECT_EQ(5, (*artists)[3].tracks);

  auto stats = ReadStats(**db);
  ASSERT_TRUE(stats.ok());
  const nlohmann::json& m = hoard.manifest();
  EXPECT_EQ(static_cast<std::int64_t>(m["tracks"].size()), stats->tracks);
  EXPECT_EQ(static_cast<std::int64_t>(m["unreadable"].size()), stats->unreadable);
  EXPECT_EQ(4, stats->artists);
  // Åsa x2, Fixtures x2, Rock & Roll, Spaced Out, and the loose track's none.
  EXPECT_EQ(7, stats->albums);
  EXPECT_EQ(5, stats->formats.at("mp3"));
  EXPECT_EQ(3, stats->formats.at("opus"));
  EXPECT_NEAR(static_cast<double>(m["tracks"].size()) * 1000, stats->duration_ms, 1500);
  EXPECT_GT(stats->size, 10000);
}

}  // namespace
}  // namespace hoard::catalog
