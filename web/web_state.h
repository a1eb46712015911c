// What every route of `hoard serve` shares: the database (feed store with
// the user's marks, and catalog, all in one SQLite file), the feed
// configuration, the CSRF token. httplib answers on a thread pool while
// FeedStore is not thread-safe, so it is used under one mutex; the catalog is
// opened read-only per request (cheap, and it sees new indexes).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/status.h"
#include "catalog/catalog.h"
#include "feed/feed_config.h"
#include "feed/feed_store.h"
#include "web/cover_policy.h"

namespace hoard::web {

class WebState {
 public:
  // Opens (creating if needed, 0600) the database at `db_path`.
  static Result<std::unique_ptr<WebState>> Open(const std::string& db_path, feed::FeedConfig config);

  const std::string& db_path() const { return db_path_; }
  const feed::FeedConfig& config() const { return config_; }
  const std::string& csrf_token() const { return csrf_token_; }
  std::int64_t started() const { return started_; }
  const CoverPolicy& covers() const { return *covers_; }

  // Every release the user has not marked, newest discovery first.
  struct Releases {
    std::vector<feed::StoredRelease> all;
    std::int64_t latest_change = 0;  // newest discovery, release day seen, or change of a mark or mute
  };
  Result<Releases> LoadReleases();
  // FeedStore::Dismiss: ENOENT when the feed holds no such release.
  Status Dismiss(const std::string& mbid, feed::DismissReason reason);
  // FeedStore::Mute.
  Status Mute(const std::string& artist);

  // The catalog, read-only; fails with the catalog's own message ("run
  // `hoard index` first") when there is none.
  Result<std::unique_ptr<catalog::Catalog>> OpenCatalog() const;

 private:
  WebState() = default;

  std::string db_path_;
  feed::FeedConfig config_;
  std::string csrf_token_;
  std::int64_t started_ = 0;
  std::unique_ptr<CoverPolicy> covers_;
  std::mutex mutex_;  // guards feed_
  std::unique_ptr<feed::FeedStore> feed_;
};

}  // namespace hoard::web
