// The one SQLite-error mapping: each cause gets the code callers act on.
#include "base/sqlite_status.h"

#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <fstream>
#include <functional>
#include <memory>
#include <stdexcept>

#include "tests/support/paths.h"

namespace hoard {
namespace {

Status Caught(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    return SqliteError("doing it", e);
  }
  return Status::Ok();
}

TEST(SqliteError, EachCauseHasItsCode) {
  test::TempDir dir;
  const std::string db = (dir.path() / "a.db").string();
  SQLite::Database(db, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE).exec("CREATE TABLE t(x)");
  const std::string junk = (dir.path() / "junk.db").string();
  std::ofstream(junk) << std::string(8192, 'j');

  auto holder = std::make_unique<SQLite::Database>(db, SQLite::OPEN_READWRITE);
  holder->exec("BEGIN EXCLUSIVE");
  const struct {
    const char* what;
    std::function<void()> fn;
    int code;
  } cases[] = {
      {"busy", [&] { SQLite::Database(db, SQLite::OPEN_READWRITE).exec("INSERT INTO t VALUES(1)"); }, EBUSY},
      {"(the lock goes)", [&] { holder.reset(); }, 0},
      {"not a database", [&] { SQLite::Database(junk, SQLite::OPEN_READONLY).exec("SELECT * FROM t"); }, EUCLEAN},
      {"read-only", [&] { SQLite::Database(db, SQLite::OPEN_READONLY).exec("CREATE TABLE u(x)"); }, EROFS},
      {"bad SQL", [&] { SQLite::Database(junk, SQLite::OPEN_READONLY).exec("NOT SQL"); }, EIO},
      {"not SQLite", [] { throw std::runtime_error("boom"); }, EIO},
  };
  for (const auto& c : cases) {
    Status s = Caught(c.fn);
    EXPECT_EQ(s.code(), c.code) << c.what << ": " << s.message();
    if (!s.ok()) {
      EXPECT_EQ(s.message().rfind("doing it: ", 0), 0u) << s.message();
    }
  }
  EXPECT_TRUE(IsDamage(Status::Error(EUCLEAN, "x")));
  EXPECT_FALSE(IsDamage(Status::Error(EBUSY, "x")));
}

}  // namespace
}  // namespace hoard
