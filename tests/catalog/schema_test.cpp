// Where the catalog lives, how it is opened, and migration from schema 1.
#include "catalog/catalog_schema.h"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include "catalog/catalog_connection.h"
#include "catalog/catalog_db.h"
#include "tests/catalog/catalog_fixture.h"
#include "tests/support/sample_hoard.h"

namespace hoard::catalog {
namespace {

namespace fs = std::filesystem;

int Mode(const fs::path& path) {
  struct stat st{};
  EXPECT_EQ(0, ::stat(path.c_str(), &st)) << path;
  return st.st_mode & 0777;
}

TEST(CatalogDb, PathResolution) {
  ::unsetenv("HOARD_DB");
  ::setenv("XDG_DATA_HOME", "/xdg", 1);
  EXPECT_EQ("/flag.db", *ResolveCatalogPath("/flag.db"));
  EXPECT_EQ("/xdg/hoard/catalog.db", *ResolveCatalogPath(""));
  ::setenv("HOARD_DB", "/env.db", 1);
  EXPECT_EQ("/env.db", *ResolveCatalogPath(""));
  EXPECT_EQ("/flag.db", *ResolveCatalogPath("/flag.db"));
  ::unsetenv("HOARD_DB");
  ::unsetenv("XDG_DATA_HOME");
  ::setenv("HOME", "/home/u", 1);
  EXPECT_EQ("/home/u/.local/share/hoard/catalog.db", *ResolveCatalogPath(""));
}

TEST(CatalogDb, CreatedPrivateWithWal) {
  test::TempDir dir;
  fs::path path = dir.path() / "new/hoard/catalog.db";
  {
    auto db = OpenCatalogForWrite(path.string());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    EXPECT_EQ("wal", Connection(**db).execAndGet("PRAGMA journal_mode").getString());
    EXPECT_EQ(kCatalogSchemaVersion, Connection(**db).execAndGet("PRAGMA user_version").getInt());
  }
  EXPECT_EQ(0600, Mode(path));
  EXPECT_EQ(0700, Mode(path.parent_path()));
  EXPECT_EQ(0700, Mode(path.parent_path().parent_path()));
}

TEST(CatalogDb, ReadOnlyOpenRefusesMissingAndWrites) {
  test::TempDir dir;
  fs::path path = dir.path() / "catalog.db";
  auto missing = OpenCatalogForRead(path.string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(std::string::npos, missing.status().message().find("hoard index"));
  EXPECT_FALSE(fs::exists(path));  // a query does not create a catalog
  ASSERT_TRUE(OpenCatalogForWrite(path.string()).ok());
  auto db = OpenCatalogForRead(path.string());
  ASSERT_TRUE(db.ok());
  EXPECT_THROW(Connection(**db).exec("DELETE FROM tracks"), SQLite::Exception);
}

TEST(CatalogDb, SchemaTwoIsQueryableBeforeTheNextIndex) {
  test::TempDir dir;
  std::string path = (dir.path() / "catalog.db").string();
  {
    auto db = OpenCatalogForWrite(path);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    Connection(**db).exec("DROP TABLE other_files; DROP TABLE roots; DROP INDEX tracks_known; PRAGMA user_version = 2");
  }
  auto read = OpenCatalogForRead(path);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(2, *CatalogSchemaVersion(Connection(**read)));
  auto write = OpenCatalogForWrite(path);
  ASSERT_TRUE(write.ok()) << write.status().ToString();
  EXPECT_EQ(kCatalogSchemaVersion, *CatalogSchemaVersion(Connection(**write)));
  EXPECT_EQ(1, Connection(**write).execAndGet("SELECT COUNT(*) FROM sqlite_master WHERE name = 'tracks_known'").getInt());
  EXPECT_EQ(2, Connection(**write).execAndGet("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('roots', 'other_files')").getInt());
}

TEST(CatalogDb, NewerSchemaIsRefused) {
  test::TempDir dir;
  std::string path = (dir.path() / "catalog.db").string();
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA user_version = 99");
  }
  auto write = OpenCatalogForWrite(path);
  ASSERT_FALSE(write.ok());
  EXPECT_NE(std::string::npos, write.status().message().find("newer"));
  EXPECT_FALSE(OpenCatalogForRead(path).ok());
}

// A catalog written by the first hoard (schema 1, made here by hand as that
// hoard wrote it) is migrated: its rows survive, get ids kept, and the next
// index fills the new columns.
TEST(CatalogSchema, MigratesVersion1) {
  test::SampleHoard hoard;
  testing::CatalogFile catalog;
  std::string root = hoard.root().string();
  std::string file = root + "/Åsa_Öberg/2001_Första_Albumet/02_-_Sång.flac";
  {
    SQLite::Database db(catalog.path(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(R"sql(
      CREATE TABLE tracks (
        id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL UNIQUE,
        size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
        artist TEXT, albumartist TEXT, album TEXT, title TEXT,
        track INTEGER, disc INTEGER, year INTEGER, genre TEXT,
        duration_ms INTEGER, bitrate INTEGER, samplerate INTEGER, channels INTEGER, format TEXT);
      CREATE TABLE unreadable (path TEXT PRIMARY KEY, size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL, reason TEXT NOT NULL);
      PRAGMA user_version = 1;
    )sql");
    SQLite::Statement insert(db,
                             "INSERT INTO tracks (id, path, size, mtime_ns, artist, title, format)"
                             " VALUES (42, ?, ?, 0, 'Obsolete Artist', 'Obsolete Title', 'flac')");
    insert.bind(1, file);
    insert.bind(2, static_cast<std::int64_t>(fs::file_size(file)));
    insert.exec();
  }
  // Readers refuse the old schema and say what to do.
  auto old = OpenCatalogForRead(catalog.path());
  ASSERT_FALSE(old.ok());
  EXPECT_NE(std::string::npos, old.status().message().find("hoard index"));

  {
    auto db = OpenCatalogForWrite(catalog.path());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    EXPECT_EQ(kCatalogSchemaVersion, *CatalogSchemaVersion(Connection(**db)));
    // The old row is there and searchable before re-indexing.
    EXPECT_EQ(1, Connection(**db).execAndGet("SELECT COUNT(*) FROM tracks_fts WHERE tracks_fts MATCH 'obsolete'").getInt());
  }
  catalog.Index({root});
  auto tracks = catalog.Tracks(root);
  const Track& t = tracks.at("Åsa_Öberg/2001_Första_Albumet/02_-_Sång.flac");
  EXPECT_EQ(42, t.id);
  EXPECT_EQ("Sång", t.fields.title);
  EXPECT_EQ("5f1d2a3b-0000-4000-8000-000000000002", t.fields.mb_releasegroupid);
  EXPECT_EQ(0u, catalog.Tracks(root, {"obsolete"}).size());  // FTS follows the update
  EXPECT_EQ(1u, catalog.Tracks(root, {"sång"}).size());
  // So do field queries, which search the folded copies.
  EXPECT_EQ(0u, catalog.Tracks(root, {"title:obsolete"}).size());
  EXPECT_EQ(1u, catalog.Tracks(root, {"title:SÅNG"}).size());
}

}  // namespace
}  // namespace hoard::catalog
