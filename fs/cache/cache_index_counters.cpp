// CacheIndex: the settings the mount records (for `hoard cache stats`) and
// the counters, cumulative since the cache was created.
#include "fs/cache/cache_index.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "fs/cache/cache_index_sql.h"

namespace hoard::fs {
namespace {

using index_sql::Guarded;
using index_sql::I64;
using index_sql::U64;

constexpr const char* kCounterKeys[] = {"hits", "misses", "bytes_fetched", "bytes_from_cache"};
std::uint64_t CacheCounters::*const kCounterFields[] = {
    &CacheCounters::hits, &CacheCounters::misses, &CacheCounters::bytes_fetched,
    &CacheCounters::bytes_from_cache};

}  // namespace

Status CacheIndex::SetSetting(const std::string& key, std::int64_t value) {
  std::lock_guard lock(mu_);
  return Guarded("store setting", [&]() -> Status {
    SQLite::Statement q(*db_, "INSERT OR REPLACE INTO kv VALUES (?, ?)");
    q.bind(1, "setting." + key);
    q.bind(2, value);
    q.exec();
    return Status::Ok();
  });
}

Result<std::optional<std::int64_t>> CacheIndex::GetSetting(const std::string& key) {
  std::lock_guard lock(mu_);
  return Guarded("read setting", [&]() -> Result<std::optional<std::int64_t>> {
    SQLite::Statement q(*db_, "SELECT value FROM kv WHERE key = ?");
    q.bind(1, "setting." + key);
    if (!q.executeStep()) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(q.getColumn(0).getInt64());
  });
}

Status CacheIndex::AddCounters(const CacheCounters& delta) {
  std::lock_guard lock(mu_);
  return Guarded("store counters", [&]() -> Status {
    SQLite::Transaction tx(*db_);
    SQLite::Statement q(*db_,
                        "INSERT INTO kv VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = value + excluded.value");
    for (std::size_t i = 0; i < std::size(kCounterKeys); ++i) {
      q.bind(1, kCounterKeys[i]);
      q.bind(2, I64(delta.*kCounterFields[i]));
      q.exec();
      q.reset();
    }
    tx.commit();
    return Status::Ok();
  });
}

Result<CacheCounters> CacheIndex::LoadCounters() {
  std::lock_guard lock(mu_);
  return Guarded("read counters", [&]() -> Result<CacheCounters> {
    CacheCounters out;
    SQLite::Statement q(*db_, "SELECT value FROM kv WHERE key = ?");
    for (std::size_t i = 0; i < std::size(kCounterKeys); ++i) {
      q.bind(1, kCounterKeys[i]);
      if (q.executeStep()) out.*kCounterFields[i] = U64(q.getColumn(0));
      q.reset();
    }
    return out;
  });
}

}  // namespace hoard::fs
