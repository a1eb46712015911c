// The indexer against the sample hoard: exact catalog contents from the
// manifest, incremental runs (add, change, remove, move), unreadable files,
// unmounted roots, parallel reading, and reads while an index writes.
#include "catalog/indexer.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "catalog/catalog_reader.h"
#include "catalog/catalog_json.h"
#include "catalog/track_format.h"
#include "tests/catalog/catalog_fixture.h"
#include "tests/support/no_permission_override.h"
#include "tests/support/sample_hoard.h"

namespace hoard::catalog {
namespace {

namespace fs = std::filesystem;
using testing::CatalogFile;

nlohmann::json Expected(const nlohmann::json& entry, const char* field) {
  return entry.contains(field) ? entry[field] : nlohmann::json(nullptr);
}

template <typename T>
nlohmann::json Actual(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
nlohmann::json Actual(const std::string& v) {
  return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v);
}

void ExpectMatchesManifest(const nlohmann::json& want, const Track& got) {
  SCOPED_TRACE(want["path"].get<std::string>());
  const TrackFields& f = got.fields;
  EXPECT_EQ(Expected(want, "artist"), Actual(f.artist));
  EXPECT_EQ(Expected(want, "albumartist"), Actual(f.albumartist));
  EXPECT_EQ(Expected(want, "album"), Actual(f.album));
  EXPECT_EQ(Expected(want, "title"), Actual(f.title));
  EXPECT_EQ(Expected(want, "year"), Actual(f.year));
  EXPECT_EQ(Expected(want, "track"), Actual(f.track));
  EXPECT_EQ(Expected(want, "disc"), Actual(f.disc));
  EXPECT_EQ(Expected(want, "genre"), Actual(f.genre));
  EXPECT_EQ(Expected(want, "mb_artistid"), Actual(f.mb_artistid));
  EXPECT_EQ(Expected(want, "mb_albumartistid"), Actual(f.mb_albumartistid));
  EXPECT_EQ(Expected(want, "mb_albumid"), Actual(f.mb_albumid));
  EXPECT_EQ(Expected(want, "mb_releasegroupid"), Actual(f.mb_releasegroupid));
  EXPECT_EQ(Expected(want, "mb_trackid"), Actual(f.mb_trackid));
  EXPECT_EQ(want["format"], got.audio.format);
  std::vector<std::string> from = got.tags_from;
  std::sort(from.begin(), from.end());
  EXPECT_EQ(want["tags_from"].get<std::vector<std::string>>(), from);
  // Encoders pad a little; a second is a second give or take 150 ms.
  ASSERT_TRUE(got.audio.duration_ms.has_value());
  EXPECT_NEAR(want["duration_ms"].get<double>(), static_cast<double>(*got.audio.duration_ms), 150);
  EXPECT_GT(got.audio.samplerate.value_or(0), 0);
  EXPECT_GT(got.audio.channels.value_or(0), 0);
}

TEST(Indexer, CatalogHoldsExactlyTheManifest) {
  test::SampleHoard hoard;
  CatalogFile catalog;
  std::string root = hoard.root().string();
  IndexSummary summary = catalog.Index({root});
  const nlohmann::json& m = hoard.manifest();
  EXPECT_EQ(static_cast<std::int64_t>(m["tracks"].size()), summary.added);
  EXPECT_EQ(static_cast<std::int64_t>(m["unreadable"].size()), summary.unreadable);
  EXPECT_EQ(static_cast<std::int64_t>(m["ignored"].size()), summary.ignored);
  EXPECT_EQ(0, summary.removed);
  EXPECT_TRUE(summary.root_errors.empty());

  std::map<std::string, Track> tracks = catalog.Tracks(root);
  ASSERT_EQ(m["tracks"].size(), tracks.size());
  for (const nlohmann::json& want : m["tracks"]) {
    auto it = tracks.find(want["path"].get<std::string>());
    ASSERT_NE(it, tracks.end()) << "not in the catalog: " << want["path"];
    ExpectMatchesManifest(want, it->second);
    EXPECT_EQ(it->second.path, root + "/" + want["path"].get<std::string>());
  }

  auto db = OpenCatalogForRead(catalog.path());
  ASSERT_TRUE(db.ok());
  auto unreadable = ListUnreadable(**db);
  ASSERT_TRUE(unreadable.ok());
  std::vector<std::string> got;
  for (const UnreadableFile& u : *unreadable) {
    got.push_back(u.path.substr(root.size() + 1));
    EXPECT_FALSE(u.reason.empty()) << u.path;
  }
  std::vector<std::string> want = m["unreadable"].get<std::vector<std::string>>();
  std::sort(want.begin(), want.end());
  EXPECT_EQ(want, got);
}

TEST(Indexer, ParallelAndSerialReadTheSame) {
  test::SampleHoard hoard;
  std::string root = hoard.root().string();
  CatalogFile serial, parallel;
  serial.Index({root}, 1);
  parallel.Index({root}, 4);
  auto a = serial.Tracks(root);
  auto b = parallel.Tracks(root);
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [path, track] : a) {
    ASSERT_TRUE(b.count(path)) << path;
    EXPECT_EQ(TrackToJson(track), TrackToJson(b.at(path))) << path;
  }
}

TEST(Indexer, SecondRunOnlyStats) {
  test::SampleHoard hoard;
  CatalogFile catalog;
  std::string root = hoard.root().string();
  catalog.Index({root});
  IndexSummary again = catalog.Index({root});
  EXPECT_EQ(0, again.added + again.updated + again.moved + again.removed);
  EXPECT_EQ(static_cast<std::int64_t>(hoard.manifest()["tracks"].size() +
                                      hoard.manifest()["unreadable"].size()),
            again.unchanged);
  EXPECT_EQ(static_cast<std::int64_t>(hoard.manifest()["unreadable"].size()), again.unreadable);
}

TEST(Indexer, AddChangeRemoveAndMove) {
  test::SampleHoard hoard;
  CatalogFile catalog;
  fs::path root = hoard.root();
  catalog.Index({root.string()});
  auto before = catalog.Tracks(root.string());

  // Add: a copy under a new album folder (new mtime: not a move).
  fs::create_directories(root / "New_Artist/2020_Fresh");
  fs::copy_file(root / "Spaced Out/2005 Space Album/01 - First Orbit.flac",
                root / "New_Artist/2020_Fresh/05_-_Fresh_Copy.flac");
  // Change: replace a file's bytes (different size and mtime).
  fs::copy_file(root / "Åsa_Öberg/2003_Andra/01_-_Ljus.opus",
                root / "Fixtures,_The/2004_No_Tags_Here/07_-_Untitled_Seven.opus",
                fs::copy_options::overwrite_existing);
  // Remove.
  fs::remove(root / "loose_track.ogg");
  // Move: rename keeps size and mtime; the row id must stay.
  fs::create_directories(root / "Rock_&_Roll_Band/2011_Moved");
  fs::rename(root / "Rock_&_Roll_Band/2010_50%_Off_#1/01_-_Don't_Stop_\"Now\".m4a",
             root / "Rock_&_Roll_Band/2011_Moved/09_-_Renamed.m4a");
  // Move of an untagged file: the layout values change with it.
  fs::rename(root / "Spaced Out/2005 Space Album/CD2/03 - Third Orbit.mp3",
             root / "Spaced Out/2005 Space Album/03 - Third Orbit.mp3");

  IndexSummary s = catalog.Index({root.string()});
  EXPECT_EQ(1, s.added);
  EXPECT_EQ(1, s.updated);
  EXPECT_EQ(2, s.moved);
  EXPECT_EQ(1, s.removed);
  auto after = catalog.Tracks(root.string());
  EXPECT_EQ(before.size() + 1 - 1, after.size());
  EXPECT_FALSE(after.count("loose_track.ogg"));

  const Track& fresh = after.at("New_Artist/2020_Fresh/05_-_Fresh_Copy.flac");
  EXPECT_EQ("New Artist", fresh.fields.artist);
  EXPECT_EQ("Fresh", fresh.fields.album);
  EXPECT_EQ(2020, fresh.fields.year);
  EXPECT_EQ(5, fresh.fields.track);

  const Track& changed = after.at("Fixtures,_The/2004_No_Tags_Here/07_-_Untitled_Seven.opus");
  EXPECT_EQ("Ljus", changed.fields.title);  // now tagged
  EXPECT_EQ(before.at("Fixtures,_The/2004_No_Tags_Here/07_-_Untitled_Seven.opus").id, changed.id);

  const Track& moved = after.at("Rock_&_Roll_Band/2011_Moved/09_-_Renamed.m4a");
  EXPECT_EQ(before.at("Rock_&_Roll_Band/2010_50%_Off_#1/01_-_Don't_Stop_\"Now\".m4a").id, moved.id);
  EXPECT_EQ("Don't Stop \"Now\"", moved.fields.title);  // tags win over the new name
  EXPECT_EQ(2010, moved.fields.year);

  const Track& moved_untagged = after.at("Spaced Out/2005 Space Album/03 - Third Orbit.mp3");
  EXPECT_EQ(before.at("Spaced Out/2005 Space Album/CD2/03 - Third Orbit.mp3").id, moved_untagged.id);
  EXPECT_FALSE(moved_untagged.fields.disc.has_value());
}

TEST(Indexer, ChangedMtimeAloneIsReread) {
  test::SampleHoard hoard;
  CatalogFile catalog;
  fs::path root = hoard.root();
  catalog.Index({root.string()});
  fs::path file = root / "Åsa_Öberg/2001_Första_Albumet/02_-_Sång.flac";
  fs::last_write_time(file, fs::last_write_time(file) + std::chrono::seconds(10));
  IndexSummary s = catalog.Index({root.string()});
  EXPECT_EQ(1, s.updated);
  EXPECT_EQ(0, s.added + s.removed + s.moved);
}

TEST(Indexer, MissingRootRemovesNothing) {
  test::SampleHoard hoard;
  CatalogFile catalog;
  fs::path root = hoard.root();
  catalog.Index({root.string()});
  fs::path away = root.parent_path() / "unmounted";
  fs::rename(root, away);
  IndexSummary s = catalog.Index({root.string()});
  EXPECT_EQ(1u, s.root_errors.size());
  EXPECT_EQ(0, s.removed);
  fs::rename(away, root);
  EXPECT_EQ(hoard.manifest()["tracks"].size(), catalog.Tracks(root.string()).size());
}

// An unmounted mountpoint is an empty folder: the catalog must survive it.
TEST(Indexer, RootThatListsEmptyRemovesNothingWithoutPrune) {
  test::SampleHoard hoard;
  CatalogFile catalog;
  fs::path root = hoard.root();
  catalog.Index({root.string()});
  const std::size_t tracks = catalog.Tracks(root.string()).size();
  ASSERT_GT(tracks, 0u);
  fs::path away = root.parent_path() / "unmounted";
  fs::rename(root, away);
  fs::create_directory(root);
  IndexSummary s = catalog.Index({root.string()});
  EXPECT_EQ(0, s.removed);
  ASSERT_EQ(1u, s.root_errors.size());
  EXPECT_EQ(s.root_errors[0], root.string() + " is empty but held " + std::to_string(tracks) +
                                  " tracks: is the hoard mounted? Pass --prune to remove them");
  EXPECT_EQ(tracks, catalog.Tracks(root.string()).size());
  IndexSummary pruned = catalog.Index({root.string()}, 2, /*prune=*/true);
  EXPECT_TRUE(pruned.root_errors.empty());
  EXPECT_GE(pruned.removed, static_cast<std::int64_t>(tracks));
  EXPECT_TRUE(catalog.Tracks(root.string()).empty());
  fs::remove(root);
  fs::rename(away, root);
}

TEST(Indexer, LosingMoreThanHalfOfARootAsksForPrune) {
  test::SampleHoard hoard;
  CatalogFile catalog;
  fs::path root = hoard.root();
  catalog.Index({root.string()});
  const std::size_t tracks = catalog.Tracks(root.string()).size();
  // Everything but one artist's folder goes.
  for (const auto& e : fs::directory_iterator(root)) {
    if (e.path().filename() != "Åsa_Öberg") fs::remove_all(e.path());
  }
  std::size_t left = 0;
  for (const auto& [path, track] : catalog.Tracks(root.string())) left += path.rfind("Åsa_Öberg/", 0) == 0 ? 1 : 0;
  ASSERT_LT(left * 2, tracks) << "the test needs more than half to go";
  IndexSummary s = catalog.Index({root.string()});
  EXPECT_EQ(0, s.removed);
  ASSERT_EQ(1u, s.root_errors.size());
  EXPECT_NE(s.root_errors[0].find(" of its " + std::to_string(tracks) + " tracks are gone"), std::string::npos)
      << s.root_errors[0];
  EXPECT_NE(s.root_errors[0].find("Pass --prune"), std::string::npos);
  EXPECT_EQ(tracks, catalog.Tracks(root.string()).size());
  IndexSummary pruned = catalog.Index({root.string()}, 2, /*prune=*/true);
  EXPECT_TRUE(pruned.root_errors.empty());
  EXPECT_EQ(left, catalog.Tracks(root.string()).size());
}

// The root was on another type of filesystem when it was indexed (a FUSE
// mount, say; here the catalog's record of it is changed): nothing is
// removed until --prune, and the message names both.
TEST(Indexer, RootOnAnotherFilesystemTypeRemovesNothingWithoutPrune) {
  test::SampleHoard hoard;
  CatalogFile catalog;
  fs::path root = hoard.root();
  catalog.Index({root.string()});
  const std::size_t tracks = catalog.Tracks(root.string()).size();
  {
    SQLite::Database db(catalog.path(), SQLite::OPEN_READWRITE);
    SQLite::Statement set(db, "UPDATE roots SET fstype = ? WHERE path = ?");
    set.bind(1, static_cast<std::int64_t>(0x65735546));  // FUSE
    set.bind(2, root.string());
    ASSERT_EQ(set.exec(), 1);
  }
  fs::remove_all(root / "Åsa_Öberg");
  IndexSummary s = catalog.Index({root.string()});
  EXPECT_EQ(0, s.removed);
  ASSERT_EQ(1u, s.root_errors.size());
  EXPECT_NE(s.root_errors[0].find("is no longer on the filesystem it was indexed on (FUSE, now "), std::string::npos)
      << s.root_errors[0];
  EXPECT_EQ(tracks, catalog.Tracks(root.string()).size());
  EXPECT_EQ(1u, catalog.Index({root.string()}).root_errors.size()) << "held back until --prune";
  IndexSummary pruned = catalog.Index({root.string()}, 2, /*prune=*/true);
  EXPECT_TRUE(pruned.root_errors.empty());
  EXPECT_GT(pruned.removed, 0);
  EXPECT_TRUE(catalog.Index({root.string()}).root_errors.empty()) << "the new filesystem is on record";
}

// Files that are not music are not tracks, and not invisible either.
TEST(Indexer, OtherFilesAreCountedByExtension) {
  test::SampleHoard hoard;
  CatalogFile catalog;
  fs::path root = hoard.root();
  std::ofstream(root / "Åsa_Öberg" / "album.cue") << "FILE x";
  std::ofstream(root / "Åsa_Öberg" / "back.JPG") << "jpeg";
  catalog.Index({root.string()});
  catalog.Index({(root / "Åsa_Öberg").string()});  // inside the first root: not counted twice
  auto db = OpenCatalogForRead(catalog.path());
  ASSERT_TRUE(db.ok());
  auto stats = ReadStats(**db);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->other_files["cue"], 1);
  EXPECT_EQ(stats->other_files["jpg"], 2);  // the sample's cover.jpg and back.JPG
  EXPECT_EQ(stats->other_files["txt"], 1);
}

// A reorganised hoard (every folder renamed) is moved, not lost.
TEST(Indexer, MovedTracksDoNotCountAsLost) {
  test::SampleHoard hoard;
  CatalogFile catalog;
  fs::path root = hoard.root();
  catalog.Index({root.string()});
  const std::size_t tracks = catalog.Tracks(root.string()).size();
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(root)) {
    if (e.is_directory() && !e.is_symlink()) dirs.push_back(e.path());
  }
  fs::create_directory(root / "Sorted");
  for (const fs::path& dir : dirs) fs::rename(dir, root / "Sorted" / dir.filename());
  IndexSummary s = catalog.Index({root.string()});
  EXPECT_TRUE(s.root_errors.empty()) << s.root_errors[0];
  EXPECT_GT(s.moved, 0);
  EXPECT_EQ(tracks, catalog.Tracks(root.string()).size());
}

TEST(Indexer, UnlistableFolderRemovesNothingBelowIt) {
  test::SampleHoard hoard;
  CatalogFile catalog;
  test::NoPermissionOverride as_a_user;
  fs::path root = hoard.root();
  catalog.Index({root.string()});
  fs::permissions(root / "Åsa_Öberg", fs::perms::none);
  IndexSummary s = catalog.Index({root.string()});
  fs::permissions(root / "Åsa_Öberg", fs::perms::owner_all);
  EXPECT_EQ(0, s.removed);
  EXPECT_FALSE(s.root_errors.empty());
}

TEST(Indexer, RootsAreIndependent) {
  test::SampleHoard hoard;
  CatalogFile catalog;
  fs::path root = hoard.root();
  catalog.Index({(root / "Åsa_Öberg").string()});
  catalog.Index({(root / "Fixtures,_The").string()});
  // Indexing the second root must not remove the first root's tracks.
  auto tracks = catalog.Tracks(root.string());
  EXPECT_EQ(1u, tracks.count("Åsa_Öberg/2003_Andra/01_-_Ljus.opus"));
  EXPECT_EQ(1u, tracks.count("Fixtures,_The/1999_Old_Tags/01_-_Version_Three.mp3"));
  // A sibling with a common name prefix is not "below" a root.
  EXPECT_EQ(NormalizeRoot((root / "Åsa_Öberg/").string()), (root / "Åsa_Öberg").string());
}

TEST(Indexer, FileTurnedUnreadableLeavesTracks) {
  test::SampleHoard hoard;
  CatalogFile catalog;
  fs::path root = hoard.root();
  catalog.Index({root.string()});
  fs::path file = root / "Åsa_Öberg/2003_Andra/01_-_Ljus.opus";
  fs::resize_file(file, 0);
  IndexSummary s = catalog.Index({root.string()});
  // The link to it is now unreadable too.
  EXPECT_EQ(static_cast<std::int64_t>(hoard.manifest()["unreadable"].size()) + 2, s.unreadable);
  EXPECT_EQ(0u, catalog.Tracks(root.string()).count("Åsa_Öberg/2003_Andra/01_-_Ljus.opus"));
}

// Readers open the catalog read-only while an index commits batches (WAL):
// every query succeeds and sees a consistent count.
TEST(Indexer, QueriesWhileIndexing) {
  test::SampleHoard hoard;
  CatalogFile catalog;
  fs::path root = hoard.root();
  catalog.Index({root.string()});
  // Make the next index busy: many hard links to one track.
  fs::create_directories(root / "Many/2000_Links");
  fs::path source = root / "Spaced Out/2005 Space Album/01 - First Orbit.flac";
  for (int i = 0; i < 1500; ++i) {
    fs::create_hard_link(source, root / "Many/2000_Links" / (std::to_string(i) + "_-_Link.flac"));
  }
  std::atomic<bool> done{false};
  std::thread writer([&] {
    catalog.Index({root.string()}, 2);
    done = true;
  });
  int queries = 0;
  std::int64_t last = 0;
  while (!done || queries == 0) {
    auto db = OpenCatalogForRead(catalog.path());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    auto stats = ReadStats(**db);
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    EXPECT_GE(stats->tracks, last);  // commits only ever add here
    last = stats->tracks;
    ++queries;
  }
  writer.join();
  EXPECT_GT(queries, 0);
  auto db = OpenCatalogForRead(catalog.path());
  ASSERT_TRUE(db.ok());
  auto stats = ReadStats(**db);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(static_cast<std::int64_t>(hoard.manifest()["tracks"].size()) + 1500, stats->tracks);
}

}  // namespace
}  // namespace hoard::catalog

namespace hoard::catalog {
namespace {

// A file that cannot be read (here: no permission) is unreadable with the
// cause, and read again by the next run rather than skipped as unchanged.
TEST(Indexer, ReadErrorsAreRetried) {
  test::SampleHoard hoard;
  testing::CatalogFile catalog;
  test::NoPermissionOverride as_a_user;
  fs::path root = hoard.root();
  fs::path file = root / "loose_track.ogg";
  fs::permissions(file, fs::perms::none);
  IndexSummary first = catalog.Index({root.string()});
  EXPECT_EQ(static_cast<std::int64_t>(hoard.manifest()["unreadable"].size()) + 1, first.unreadable);
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  IndexSummary second = catalog.Index({root.string()});
  EXPECT_EQ(1, second.updated);
  EXPECT_EQ(1u, catalog.Tracks(root.string()).count("loose_track.ogg"));
}

TEST(DefaultIndexJobs, TheCpusOnALocalDiskSixteenOnANetworkFilesystem) {
  const int cpus = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  EXPECT_EQ(DefaultIndexJobs({"/"}), cpus);
  EXPECT_EQ(DefaultIndexJobs({"/no/such/folder"}), cpus);
  EXPECT_EQ(DefaultIndexJobs({}), cpus);
}

}  // namespace
}  // namespace hoard::catalog
