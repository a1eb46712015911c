// What the files of CacheIndex share (cache_index*.cpp only): every SQL
// call runs through Guarded, so no exception leaves the class.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <exception>
#include <string>

#include "base/sqlite_status.h"

namespace hoard::fs::index_sql {

// Runs `fn`, turning SQLite exceptions into a Status (base/sqlite_status.h:
// a full disk is ENOSPC, so that callers can degrade to uncached reads).
template <typename Fn>
auto Guarded(const char* what, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return SqliteError(std::string("cache index: ") + what, e);
  }
}

inline std::int64_t I64(std::uint64_t v) { return static_cast<std::int64_t>(v); }
inline std::uint64_t U64(const SQLite::Column& c) { return static_cast<std::uint64_t>(c.getInt64()); }

}  // namespace hoard::fs::index_sql
