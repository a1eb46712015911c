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
#include <cstdlib>
#include <memory>
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
  // Makes room for `count` more entries, so that putting them neither
  // rehashes nor moves the entries. An overestimate is cheap: memory that
  // is never written is never faulted in.
  void Reserve(std::size_t count);
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
  // Grows the table to at least twice `count` slots (a power of two).
  void Rehash(std::size_t count);

  struct Free {
    void operator()(std::uint32_t* p) const { std::free(p); }
  };
  PathArena paths_;
  std::vector<Entry> entries_;
  // Entry index + 1; 0 is empty. From calloc: a large table comes zeroed
  // from the kernel, untouched until used, where a vector would write it.
  std::unique_ptr<std::uint32_t[], Free> slots_;
  std::size_t slot_count_ = 0;
};

}  // namespace hoard::catalog
