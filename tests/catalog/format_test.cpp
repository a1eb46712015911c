// --json shapes and --format templates.
#include "catalog/catalog_json.h"
#include "catalog/track_format.h"

#include <gtest/gtest.h>

namespace hoard::catalog {
namespace {

Track Sample() {
  Track t;
  t.path = "/music/Åsa_Öberg/2001_Första/02_-_Sång.flac";
  t.size = 1234;
  t.fields.artist = "Åsa Öberg";
  t.fields.albumartist = "Åsa Öberg";
  t.fields.album = "Första";
  t.fields.title = "Sång";
  t.fields.year = 2001;
  t.fields.track = 2;
  t.fields.mb_releasegroupid = "rg";
  t.audio.duration_ms = 125400;
  t.audio.bitrate = 900;
  t.audio.format = "flac";
  t.tags_from = {"album", "year"};
  return t;
}

TEST(TrackFormat, JsonShape) {
  nlohmann::json j = TrackToJson(Sample());
  const char* required[] = {"path",  "artist", "albumartist", "album", "title",
                            "year",  "track",  "disc",        "genre", "duration_ms",
                            "bitrate", "format", "mb_artistid", "mb_releasegroupid", "tags_from"};
  for (const char* key : required) EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ("/music/Åsa_Öberg/2001_Första/02_-_Sång.flac", j["path"]);
  EXPECT_TRUE(j["year"].is_number_integer());
  EXPECT_EQ(2001, j["year"]);
  EXPECT_EQ(2, j["track"]);
  EXPECT_TRUE(j["disc"].is_null());
  EXPECT_TRUE(j["genre"].is_null());
  EXPECT_TRUE(j["mb_artistid"].is_null());
  EXPECT_EQ("rg", j["mb_releasegroupid"]);
  EXPECT_EQ(125400, j["duration_ms"]);
  EXPECT_EQ(900, j["bitrate"]);
  EXPECT_EQ("flac", j["format"]);
  EXPECT_EQ((nlohmann::json{"album", "year"}), j["tags_from"]);
  Track bare;
  bare.path = "/x.mp3";
  nlohmann::json empty = TrackToJson(bare);
  EXPECT_TRUE(empty["year"].is_null());
  EXPECT_TRUE(empty["tags_from"].is_array());
}

TEST(TrackFormat, Templates) {
  Track t = Sample();
  struct {
    const char* tmpl;
    const char* out;
  } cases[] = {
      {kDefaultTrackTemplate, "Åsa Öberg - Första - Sång"},
      {"${year}_$track. $title [$format, $duration]", "2001_2. Sång [flac, 2:05]"},
      {"$genre|$disc|", "||"},
      {"$$5 $nosuchfield ${alsonot}", "$5 $nosuchfield ${alsonot}"},
      {"$tags_from", "album,year"},
      {"trailing $", "trailing $"},
      {"${unclosed", "${unclosed"},
  };
  for (const auto& c : cases) EXPECT_EQ(c.out, FormatTrack(t, c.tmpl)) << c.tmpl;

  Album a;
  a.albumartist = "Åsa Öberg";
  a.album = "Första";
  a.year = 2001;
  a.tracks = 3;
  a.duration_ms = 61000;
  a.formats = {"flac", "mp3"};
  EXPECT_EQ("Åsa Öberg - Första (2001) 3 1:01 flac,mp3", FormatAlbum(a, std::string(kDefaultAlbumTemplate) + " $tracks $duration $formats"));
  nlohmann::json j = AlbumToJson(a);
  EXPECT_EQ(3, j["tracks"]);
  EXPECT_EQ((nlohmann::json{"flac", "mp3"}), j["formats"]);
  EXPECT_TRUE(j["mb_releasegroupid"].is_null());
}

}  // namespace
}  // namespace hoard::catalog
