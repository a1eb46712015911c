// Helpers the catalog tests share: a catalog file in a temp folder, indexing
// into it, and reading every track back keyed by path relative to a root.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "catalog/catalog_db.h"
#include "catalog/indexer.h"
#include "catalog/query.h"
#include "tests/support/paths.h"

namespace hoard::catalog::testing {

class CatalogFile {
 public:
  std::string path() const { return (dir_.path() / "catalog.db").string(); }

  // Indexes `roots` with `jobs` threads; fails the test on error.
  IndexSummary Index(const std::vector<std::string>& roots, int jobs = 2, bool prune = false) {
    auto db = OpenCatalogForWrite(path());
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    if (!db.ok()) return {};
    IndexOptions opts;
    opts.roots = roots;
    opts.jobs = jobs;
    opts.prune = prune;
    auto summary = IndexPaths(**db, opts);
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return summary.ok() ? *summary : IndexSummary{};
  }

  // Tracks matching the query words, keyed by path relative to `root`.
  std::map<std::string, Track> Tracks(const std::string& root,
                                      const std::vector<std::string>& query = {}) {
    std::map<std::string, Track> out;
    auto db = OpenCatalogForRead(path());
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    if (!db.ok()) return out;
    auto parsed = ParseQuery(query);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    if (!parsed.ok()) return out;
    auto tracks = FindTracks(**db, *parsed);
    EXPECT_TRUE(tracks.ok()) << tracks.status().ToString();
    if (!tracks.ok()) return out;
    for (Track& t : *tracks) {
      std::string key = t.path.rfind(root + "/", 0) == 0 ? t.path.substr(root.size() + 1) : t.path;
      out[key] = std::move(t);
    }
    return out;
  }

 private:
  test::TempDir dir_;
};

}  // namespace hoard::catalog::testing
