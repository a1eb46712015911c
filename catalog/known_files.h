// The files the catalog already knows under the roots being indexed, by
// path, as the incremental index compares them with what it finds on disk.
//
// A no-change re-index is one lookup per file on disk, so this is an
// open-addressing table over two flat vectors with the paths in a PathArena,
// not a node per entry: building 10,000 nodes and strings in fresh memory
// cost more than the lookups.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "catalog/path_arena.h"

namespace hoard::catalog {

struct KnownFile {
  std::int64_t track_id = 0;  // 0 for an unreadable file
  std::int64_t size = 0;
  std::int64_t mtime_ns = 0;
  bool seen = false;  // for the indexer: found on disk in this run
};

class KnownFiles {
 public:
  // Adds `file` under `path`, replacing what was there.
  void Put(std::string_view path, const KnownFile& file);
  // The entry for `path`, or nullptr. Valid until the next Put.
  KnownFile* Find(std::string_view path);
  std::size_t size() const { return entries_.size(); }

  // Calls f(path, file) for every entry, in the order they were first put.
  template <typename F>
  void ForEach(F&& f) const {
    for (const Entry& e : entries_) f(e.path, e.file);
  }

 private:
  struct Entry {
    std::string_view path;
    std::size_t hash;
    KnownFile file;
  };
  // The slot holding `path`'s entry, or the empty slot where it would go.
  std::size_t SlotOf(std::string_view path, std::size_t hash) const;
  void Rehash(std::size_t slot_count);

  PathArena paths_;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> slots_;  // entry index + 1; 0 is empty
};

}  // namespace hoard::catalog
