// TagLib reads what the sample hoard's manifest says was tagged, and the
// MusicBrainz ids in the places Picard puts them that ffmpeg cannot write
// (ID3v2 UFID, MP4 freeform atoms, APE items).
#include "catalog/tag_reader.h"

#include <gtest/gtest.h>
#include <taglib/apefile.h>
#include <taglib/apetag.h>
#include <taglib/id3v2tag.h>
#include <taglib/mp4file.h>
#include <taglib/mp4tag.h>
#include <taglib/mpegfile.h>
#include <taglib/uniquefileidentifierframe.h>

#include <algorithm>
#include <filesystem>

#include "tests/support/sample_hoard.h"

namespace hoard::catalog {
namespace {

namespace fs = std::filesystem;

bool FromLayout(const nlohmann::json& entry, const std::string& field) {
  const auto& from = entry["tags_from"];
  return std::find(from.begin(), from.end(), field) != from.end();
}

TEST(SampleHoard, TagLibReadsWhatTheManifestSays) {
  test::SampleHoard hoard;
  const nlohmann::json& m = hoard.manifest();
  ASSERT_FALSE(m.empty());
  ASSERT_GE(m["tracks"].size(), 10u);
  for (const nlohmann::json& want : m["tracks"]) {
    std::string path = (hoard.root() / want["path"].get<std::string>()).string();
    SCOPED_TRACE(path);
    auto read = ReadTags(path, static_cast<std::int64_t>(fs::file_size(path)));
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    const TrackFields& f = read->fields;
    auto text = [](const std::string& v) { return v.empty() ? nlohmann::json() : nlohmann::json(v); };
    auto number = [](std::optional<int> v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
    // What the manifest says came from tags must be in the tags; what came
    // from the layout must be absent from them.
    std::pair<const char*, nlohmann::json> fields[] = {
        {"artist", text(f.artist)}, {"album", text(f.album)}, {"title", text(f.title)},
        {"year", number(f.year)},   {"track", number(f.track)}, {"disc", number(f.disc)},
        {"genre", text(f.genre)},   {"mb_artistid", text(f.mb_artistid)},
        {"mb_releasegroupid", text(f.mb_releasegroupid)}, {"mb_albumid", text(f.mb_albumid)},
        {"mb_trackid", text(f.mb_trackid)}};
    for (const auto& [name, got] : fields) {
      if (FromLayout(want, name)) {
        EXPECT_TRUE(got.is_null()) << name << " should be untagged, is " << got;
      } else {
        EXPECT_EQ(want[name], got) << name;
      }
    }
    EXPECT_EQ(want["format"], read->audio.format);
    EXPECT_NEAR(1000, read->audio.duration_ms.value_or(0), 150);
  }
  for (const nlohmann::json& rel : m["unreadable"]) {
    std::string path = (hoard.root() / rel.get<std::string>()).string();
    auto read = ReadTags(path, static_cast<std::int64_t>(fs::file_size(path)));
    EXPECT_FALSE(read.ok()) << path;
  }
}

TEST(TagReader, MusicBrainzTrackIdFromUfid) {
  test::SampleHoard hoard;
  fs::path file = hoard.root() / "Fixtures,_The/1999_Old_Tags/01_-_Version_Three.mp3";
  {
    TagLib::MPEG::File mp3(file.c_str());
    ASSERT_TRUE(mp3.isValid());
    mp3.ID3v2Tag(true)->addFrame(
        new TagLib::ID3v2::UniqueFileIdentifierFrame("http://musicbrainz.org", "ufid-track-id"));
    ASSERT_TRUE(mp3.save());
  }
  auto read = ReadTags(file.string(), static_cast<std::int64_t>(fs::file_size(file)));
  ASSERT_TRUE(read.ok());
  EXPECT_EQ("ufid-track-id", read->fields.mb_trackid);
  EXPECT_EQ("Version Three", read->fields.title);
}

TEST(TagReader, MusicBrainzIdsFromMp4FreeformAtoms) {
  test::SampleHoard hoard;
  fs::path file = hoard.root() / "Rock_&_Roll_Band/2010_50%_Off_#1/01_-_Don't_Stop_\"Now\".m4a";
  {
    TagLib::MP4::File m4a(file.c_str());
    ASSERT_TRUE(m4a.isValid());
    TagLib::MP4::Tag* tag = m4a.tag();
    tag->setItem("----:com.apple.iTunes:MusicBrainz Release Group Id",
                 TagLib::MP4::Item(TagLib::StringList("mp4-rg")));
    tag->setItem("----:com.apple.iTunes:MusicBrainz Artist Id",
                 TagLib::MP4::Item(TagLib::StringList("mp4-artist")));
    tag->setItem("disk", TagLib::MP4::Item(2, 3));
    ASSERT_TRUE(m4a.save());
  }
  auto read = ReadTags(file.string(), static_cast<std::int64_t>(fs::file_size(file)));
  ASSERT_TRUE(read.ok());
  EXPECT_EQ("mp4-rg", read->fields.mb_releasegroupid);
  EXPECT_EQ("mp4-artist", read->fields.mb_artistid);
  EXPECT_EQ(2, read->fields.disc);
  EXPECT_EQ(3, read->fields.disctotal);
  EXPECT_EQ(1, read->fields.track);
  EXPECT_EQ(2, read->fields.tracktotal);
}

TEST(TagReader, ApeTagOnMp3) {
  test::SampleHoard hoard;
  fs::path file = hoard.root() / "Spaced Out/2005 Space Album/CD2/03 - Third Orbit.mp3";
  {
    TagLib::MPEG::File mp3(file.c_str());
    TagLib::APE::Tag* ape = mp3.APETag(true);
    ape->addValue("ARTIST", "Ape Artist");
    ape->addValue("MUSICBRAINZ_ALBUMID", "ape-release");
    ape->addValue("TRACK", "4/9");
    ASSERT_TRUE(mp3.save(TagLib::MPEG::File::APE));
  }
  auto read = ReadTags(file.string(), static_cast<std::int64_t>(fs::file_size(file)));
  ASSERT_TRUE(read.ok());
  EXPECT_EQ("Ape Artist", read->fields.artist);
  EXPECT_EQ("ape-release", read->fields.mb_albumid);
  EXPECT_EQ(4, read->fields.track);
  EXPECT_EQ(9, read->fields.tracktotal);
}

TEST(TagReader, GarbageMp3DurationIsNotAbsurd) {
  // An MP3 that is mostly random bytes but starts with a frame header whose
  // Xing header claims a huge frame count.
  test::TempDir dir;
  fs::path file = dir.path() / "garbage.mp3";
  std::string data(8192, '\0');
  unsigned seed = 7;
  for (char& c : data) c = static_cast<char>((seed = seed * 1103515245 + 12345) >> 16);
  const unsigned char header[] = {0xFF, 0xFB, 0x90, 0x64};  // MPEG1 L3 128k 44.1k
  std::copy(std::begin(header), std::end(header), data.begin());
  std::copy(std::begin(header), std::end(header), data.begin() + 417);
  const char xing[] = "Xing\0\0\0\x03\x00\xff\xff\xff\x00\x10\x00\x00";
  std::copy(std::begin(xing), std::end(xing) - 1, data.begin() + 36);
  FILE* out = std::fopen(file.c_str(), "wb");
  ASSERT_NE(nullptr, out);
  std::fwrite(data.data(), 1, data.size(), out);
  std::fclose(out);
  auto read = ReadTags(file.string(), static_cast<std::int64_t>(data.size()));
  if (read.ok() && read->audio.duration_ms) {
    // 8 KB at MP3's lowest bitrate is at most ~8 s.
    EXPECT_LT(*read->audio.duration_ms, 10000);
  }
}

TEST(TagReader, Extensions) {
  EXPECT_EQ("mp3", LowerExtension("/a/b/C.MP3"));
  EXPECT_EQ("", LowerExtension("/a.b/noext"));
  EXPECT_EQ("", LowerExtension("/a/.hidden"));
  EXPECT_TRUE(IsTagLibExtension("opus"));
  EXPECT_FALSE(IsTagLibExtension("jpg"));
  EXPECT_TRUE(IsUnsupportedAudioExtension("mka"));
}

}  // namespace
}  // namespace hoard::catalog

namespace hoard::catalog {
namespace {

std::int64_t BytesReadByThisProcess() {
  FILE* io = std::fopen("/proc/self/io", "r");
  if (io == nullptr) return -1;
  char key[64];
  long long value = 0;
  std::int64_t rchar = -1;
  while (std::fscanf(io, "%63[^:]: %lld\n", key, &value) == 2) {
    if (std::string(key) == "rchar") rchar = value;
  }
  std::fclose(io);
  return rchar;
}

// Through a hoardfs mount every byte read is fetched: tags and properties
// must come from the head and tail of a file, not from reading it all.
TEST(TagReader, ReadsOnlyHeadAndTailOfLargeFiles) {
  test::SampleHoard hoard({.large_files = 1});
  fs::path file = hoard.root() / "Large_Ensemble/2022_Long_Pieces/01_-_Long_Piece_1.flac";
  std::int64_t size = static_cast<std::int64_t>(fs::file_size(file));
  ASSERT_GT(size, 20 * 1024 * 1024);
  std::int64_t before = BytesReadByThisProcess();
  ASSERT_GE(before, 0);
  auto read = ReadTags(file.string(), size);
  std::int64_t read_bytes = BytesReadByThisProcess() - before;
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ("Long Piece 1", read->fields.title);
  EXPECT_NEAR(600000, read->audio.duration_ms.value_or(0), 1000);
  EXPECT_LT(read_bytes, 256 * 1024) << "of a " << size << "-byte file";
}

}  // namespace
}  // namespace hoard::catalog

namespace hoard::catalog {
namespace {

// Broken content is EINVAL (recorded until the file changes); a failed open
// or read keeps its errno so the indexer retries it next run.
TEST(TagReader, ErrorKinds) {
  test::TempDir dir;
  auto missing = ReadTags((dir.path() / "gone.mp3").string(), 100);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(ENOENT, missing.status().code());
  std::string junk = (dir.path() / "junk.flac").string();
  FILE* f = std::fopen(junk.c_str(), "wb");
  ASSERT_NE(nullptr, f);
  std::fputs("definitely not flac", f);
  std::fclose(f);
  auto broken = ReadTags(junk, 19);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(EINVAL, broken.status().code());
  auto empty = ReadTags(junk, 0);
  EXPECT_EQ(EINVAL, empty.status().code());
}

}  // namespace
}  // namespace hoard::catalog
