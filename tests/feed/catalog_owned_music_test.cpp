// The catalog adapter: tracks written with the catalog's own store come out as
// the feed's owned artists, and the feed's tables live beside the catalog's.
#include "feed/catalog_owned_music.h"

#include <gtest/gtest.h>

#include "catalog/catalog_db.h"
#include "catalog/catalog_store.h"
#include "feed/feed_store.h"
#include "tests/support/paths.h"

namespace hoard::feed {
namespace {

catalog::Track MakeTrack(const std::string& path, const std::string& albumartist, const std::string& album,
                         std::optional<int> year, const std::string& mb_albumartistid = "",
                         const std::string& mb_releasegroupid = "") {
  catalog::Track t;
  t.path = path;
  t.size = 1000;
  t.mtime_ns = 1;
  t.fields.artist = albumartist;
  t.fields.albumartist = albumartist;
  t.fields.album = album;
  t.fields.title = path;  // any non-empty title
  t.fields.year = year;
  t.fields.mb_albumartistid = mb_albumartistid;
  t.fields.mb_releasegroupid = mb_releasegroupid;
  t.audio.format = "flac";
  return t;
}

TEST(CatalogOwnedMusicSource, ReadsAlbumArtistsFromTheCatalog) {
  test::TempDir dir;
  const std::string path = (dir.path() / "catalog.db").string();
  // The feed may have created the file first; the catalog must still take it.
  ASSERT_TRUE(FeedStore::Open(path).ok());
  {
    auto db = catalog::OpenCatalogForWrite(path);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    auto store = catalog::CatalogStore::Create(**db);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*db)->Begin().ok());
    std::vector<catalog::Track> tracks = {
        MakeTrack("/m/Perkele/1998/1.flac", "Perkele", "Från flykt till kamp", 1998,
                  "9d62c5a5-a94f-4e22-b40f-e3f394191b3f", "rg-fran"),
        MakeTrack("/m/Perkele/1998/2.flac", "Perkele", "Från flykt till kamp", 1998,
                  "9d62c5a5-a94f-4e22-b40f-e3f394191b3f", "rg-fran"),
        MakeTrack("/m/Cher/x/1.flac", "Cher", "Believe (Deluxe Edition)", std::nullopt),
    };
    for (auto& t : tracks) ASSERT_TRUE((*store)->PutTrack(t).ok());
    ASSERT_TRUE((*db)->Commit().ok());
  }
  auto artists = CatalogOwnedMusicSource(path).ListAlbumArtists();
  ASSERT_TRUE(artists.ok()) << artists.status().ToString();
  ASSERT_EQ(artists->size(), 2u);
  const OwnedArtist& cher = (*artists)[0];
  EXPECT_EQ(cher.name, "Cher");
  EXPECT_EQ(cher.mb_artistid, "");
  ASSERT_EQ(cher.albums.size(), 1u);
  EXPECT_EQ(cher.albums[0].year, 0);
  const OwnedArtist& perkele = (*artists)[1];
  EXPECT_EQ(perkele.mb_artistid, "9d62c5a5-a94f-4e22-b40f-e3f394191b3f");
  EXPECT_EQ(perkele.track_count, 2);
  ASSERT_EQ(perkele.albums.size(), 1u);
  EXPECT_EQ(perkele.albums[0].title, "Från flykt till kamp");
  EXPECT_EQ(perkele.albums[0].year, 1998);
  EXPECT_EQ(perkele.albums[0].mb_releasegroupid, "rg-fran");
  // And the feed still opens the file the catalog now owns.
  EXPECT_TRUE(FeedStore::Open(path).ok());
}

TEST(CatalogOwnedMusicSource, NoCatalogSaysWhatToDo) {
  test::TempDir dir;
  auto artists = CatalogOwnedMusicSource((dir.path() / "none.db").string()).ListAlbumArtists();
  ASSERT_FALSE(artists.ok());
  EXPECT_NE(artists.status().message().find("hoard index"), std::string::npos);
}

}  // namespace
}  // namespace hoard::feed
