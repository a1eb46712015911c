#include "catalog/layout_parser.h"

#include <gtest/gtest.h>

namespace hoard::catalog {
namespace {

TEST(LayoutParser, Cases) {
  struct Case {
    const char* path;
    const char* artist;
    const char* album;
    std::optional<int> year;
    std::optional<int> track;
    std::optional<int> disc;
    const char* title;
  } cases[] = {
      {"Artist_Name/2001_Album_Name/01_-_Title.mp3", "Artist Name", "Album Name", 2001, 1, {}, "Title"},
      {"Name,_The/1999_X/02_-_Y.flac", "The Name", "X", 1999, 2, {}, "Y"},
      {"Name, the/1999 X/02 - Y.flac", "The Name", "X", 1999, 2, {}, "Y"},
      {"Spaced Out/2005 Space Album/CD2/03 - Third Orbit.mp3", "Spaced Out", "Space Album", 2005, 3, 2, "Third Orbit"},
      {"A/Disc_1/1_-_B.ogg", "", "A", {}, 1, 1, "B"},
      {"music/Artist/Album_Without_Year/Title_Only.opus", "Artist", "Album Without Year", {}, {}, {}, "Title Only"},
      {"Artist/200_Not_A_Year/7._Dot.mp3", "Artist", "200 Not A Year", {}, 7, {}, "Dot"},
      {"loose_track.ogg", "", "", {}, {}, {}, "loose track"},
      {"Artist/2010_50%_Off_#1/01_-_Don't_Stop_\"Now\".m4a", "Artist", "50% Off #1", 2010, 1, {}, "Don't Stop \"Now\""},
      {"Åsa_Öberg/2001_Första/03_-_Sång.flac", "Åsa Öberg", "Första", 2001, 3, {}, "Sång"},
      {"Artist/2001_Album/2001.mp3", "Artist", "Album", 2001, {}, {}, "2001"},
      {"Artist/2001_Album/.hidden", "Artist", "Album", 2001, {}, {}, ".hidden"},
      {"Band,_The_Other/2001_A/01_-_B.mp3", "Band, The Other", "A", 2001, 1, {}, "B"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path);
    TrackFields f = ParseLayout(c.path);
    EXPECT_EQ(c.artist, f.artist);
    EXPECT_EQ(c.artist, f.albumartist);
    EXPECT_EQ(c.album, f.album);
    EXPECT_EQ(c.year, f.year);
    EXPECT_EQ(c.track, f.track);
    EXPECT_EQ(c.disc, f.disc);
    EXPECT_EQ(c.title, f.title);
  }
}

TEST(LayoutParser, FillsOnlyWhatTagsLack) {
  TrackFields tags;
  tags.title = "Tagged Title";
  tags.year = 1990;
  std::vector<std::string> filled =
      FillFromLayout(ParseLayout("Artist_Name/2001_Album_Name/01_-_Title.mp3"), tags);
  EXPECT_EQ((std::vector<std::string>{"artist", "albumartist", "album", "track"}), filled);
  EXPECT_EQ("Tagged Title", tags.title);
  EXPECT_EQ(1990, tags.year);
  EXPECT_EQ("Artist Name", tags.artist);
  EXPECT_EQ(1, tags.track);
}

}  // namespace
}  // namespace hoard::catalog
