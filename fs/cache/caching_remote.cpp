// CachingRemote: construction, and the metadata through the cache:
// attributes, listings and link targets answered from the index while
// younger than dir_ttl, asked again after (and kept for offline use), and
// the open of a file. The bytes: cache_read_through.cpp; prefetching:
// cache_prefetch_policy.cpp.
#include "fs/cache/caching_remote.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cerrno>
#include <map>
#include <string_view>

#include "fs/cache/cache_paths.h"
#include "fs/cache/opened_file.h"

namespace hoard::fs {
namespace {

constexpr std::int64_t kWarningIntervalMs = 60'000;
// Often enough that every 600 s interval of the link history is known while
// the mount is in use.
constexpr std::chrono::seconds kLinkRecordPeriod{60};
// Levels of subdirectories listed ahead of a listing: Artist/Album below
// the hoard's root, the album's folders (CD1, Scans) below an artist.
constexpr int kListAheadDepth = 2;
// A stale listing is taken as current when its directory's mtime has not
// moved, but only when the listing was made this long after that mtime:
// SFTP mtimes are whole seconds of the server's clock, so a change in the
// same second as the listing (or hidden by a clock skew up to this margin)
// would leave the mtime as the listing saw it.
constexpr std::int64_t kRevalidateMarginSeconds = 60;

const CacheClock& ClockOf(const CacheOptions& options) {
  static const SystemClock kSystemClock;
  return options.clock ? *options.clock : kSystemClock;
}

}  // namespace


Result<std::unique_ptr<CachingRemote>> CachingRemote::Create(CacheOptions options,
                                                             std::shared_ptr<RemoteSource> upstream) {
  if (options.size_cap == 0) options.size_cap = DefaultCacheSize(options.dir);
  bool rebuilt = false;
  auto store = CacheStore::Open(options.dir, options.size_cap, ClockOf(options), &rebuilt, CacheAccess::kOwner,
                                options.env != nullptr ? *options.env : CacheEnv::Default());
  if (!store.ok()) return store.status();
  // For `hoard cache stats`, which has no mount options to read.
  (void)(*store)->index().SetSetting("cap_bytes", static_cast<std::int64_t>(options.size_cap));
  return std::unique_ptr<CachingRemote>(
      new CachingRemote(std::move(options), std::move(upstream), std::move(store).value(), rebuilt));
}

CachingRemote::CachingRemote(CacheOptions options, std::shared_ptr<RemoteSource> upstream,
                             std::unique_ptr<CacheStore> store, bool rebuilt)
    : options_(std::move(options)),
      clock_(ClockOf(options_)),
      upstream_(std::move(upstream)),
      store_(std::move(store)),
      rebuilt_(rebuilt),
      bandwidth_(options_.bwlimit),
      link_(LinkHistoryPath(options_.dir).string(), kLinkRecordPeriod),
      ahead_(upstream_ ? options_.list_ahead_workers : 0, [this](const CacheAhead::Job& job) {
        switch (job.kind) {
          case CacheAhead::Kind::kList: (void)List(job.path, job.depth); break;
          case CacheAhead::Kind::kTags: ReadTagsAhead(job.path, job.head, job.tail); break;
          case CacheAhead::Kind::kRefresh: (void)Relist(job.path, std::nullopt, 0); break;
        }
      }) {}

CachingRemote::~CachingRemote() {
  ahead_.Stop();
  prefetcher_.Stop();
  if (Status s = Flush(); !s.ok()) spdlog::warn("cache: {}", s.message());
}

bool CachingRemote::Fresh(std::int64_t fetched_ms) const {
  std::int64_t age = clock_.NowMillis() - fetched_ms;
  return age >= 0 && age < std::chrono::duration_cast<std::chrono::milliseconds>(options_.dir_ttl).count();
}

Status CachingRemote::Offline() const {
  return Status::Error(ENOTCONN, "not in the cache, and the server is unreachable");
}

void CachingRemote::WarnDegraded(const Status& status) {
  std::int64_t now = clock_.NowMillis();
  std::int64_t last = last_degraded_warning_ms_.load();
  if (now - last < kWarningIntervalMs && last != 0) return;
  if (!last_degraded_warning_ms_.compare_exchange_strong(last, now)) return;
  spdlog::warn("cache: not caching ({}); reading from the server uncached", status.message());
}

Result<RemoteAttr> CachingRemote::Stat(const std::string& path) {
  CacheIndex& index = store_->index();
  auto cached = index.GetAttr(path);
  std::optional<CachedAttr> hit = cached.ok() ? *cached : std::nullopt;
  if (hit && Fresh(hit->fetched_ms)) return hit->attr;
  // Copied out: GCC 12 cannot see that `hit` stays set (-Wmaybe-uninitialized).
  RemoteAttr before{};
  const bool seen_before = hit.has_value();
  if (seen_before) before = hit->attr;
  Status status = Offline();
  if (upstream_) {
    auto fetched = upstream_->Stat(path);
    ObserveLink(fetched.status());
    if (fetched.ok()) {
      if (seen_before && Changed(before, *fetched)) ForgetOtherVersions(path, *fetched);
      (void)index.PutAttr(path, *fetched, clock_.NowMillis());
      return fetched;
    }
    status = fetched.status();
    if (status.code() == ENOENT) {
      (void)index.ForgetPath(path);
      (void)store_->Forget(path);
      return status;
    }
  }
  if (!IsLinkError(status)) return status;
  if (hit) return hit->attr;
  // Offline and never seen: if its directory was listed, it did not exist.
  auto listing = index.GetListing(RemoteParent(path));
  if (listing.ok() && *listing && path != "/") {
    return Status::Error(ENOENT, path + " is not in the cached listing of its directory");
  }
  return status;
}

bool CachingRemote::Changed(const RemoteAttr& before, const RemoteAttr& now) {
  return S_ISREG(now.mode) && (before.size != now.size || before.mtime != now.mtime);
}

void CachingRemote::ForgetOtherVersions(const std::string& path, const RemoteAttr& now) {
  if (Status s = store_->ForgetOtherVersions(path, now.size, now.mtime); !s.ok()) WarnDegraded(s);
}

Result<std::vector<DirEntry>> CachingRemote::ListDir(const std::string& path, RemoteAttr*) {
  ahead_.BeginListing(path);
  auto listed = List(path, kListAheadDepth);
  ahead_.EndListing(path);
  return listed;
}

void CachingRemote::OfferSubdirectories(const std::string& path, const std::vector<DirEntry>& entries, int depth) {
  if (depth <= 0) return;
  for (const DirEntry& e : entries) {
    if (S_ISDIR(e.attr.mode)) ahead_.Offer(JoinRemotePath(path, e.name), depth - 1);
  }
}

Result<std::vector<DirEntry>> CachingRemote::List(const std::string& path, int depth) {
  CacheIndex& index = store_->index();
  auto cached = index.GetListing(path);
  std::optional<CachedListing> have = cached.ok() ? std::move(*cached) : std::nullopt;
  if (have && Fresh(have->fetched_ms)) {
    OfferSubdirectories(path, have->entries, depth);
    return std::move(have->entries);
  }
  if (!upstream_) {
    if (have) return std::move(have->entries);
    return Offline();
  }
  if (have && Revalidated(path, *have)) {
    OfferSubdirectories(path, have->entries, depth);
    ahead_.OfferRefresh(path);
    return std::move(have->entries);
  }
  return Relist(path, std::move(have), depth);
}

bool CachingRemote::Revalidated(const std::string& path, const CachedListing& listing) {
  if (!listing.dir_mtime || listing.fetched_ms / 1000 - *listing.dir_mtime <= kRevalidateMarginSeconds) return false;
  auto now = upstream_->Stat(path);
  ObserveLink(now.status());
  if (!now.ok() || !S_ISDIR(now->mode) || now->mtime != *listing.dir_mtime) return false;
  (void)store_->index().TouchListing(path, clock_.NowMillis());
  return true;
}

Result<std::vector<DirEntry>> CachingRemote::Relist(const std::string& path, std::optional<CachedListing> have,
                                                    int depth) {
  CacheIndex& index = store_->index();
  if (!have) {
    auto cached = index.GetListing(path);
    if (cached.ok()) have = std::move(*cached);
  }
  RemoteAttr self{};
  auto fetched = upstream_->ListDir(path, &self);
  ObserveLink(fetched.status());
  if (fetched.ok()) {
    if (have) {
      std::map<std::string_view, const RemoteAttr*> before;
      for (const DirEntry& e : have->entries) before.emplace(e.name, &e.attr);
      for (const DirEntry& e : *fetched) {
        auto it = before.find(e.name);
        if (it != before.end() && Changed(*it->second, e.attr)) ForgetOtherVersions(JoinRemotePath(path, e.name), e.attr);
      }
    }
    const bool has_self = S_ISDIR(self.mode);
    (void)index.PutListing(path, *fetched, clock_.NowMillis(),
                           has_self ? std::optional<std::int64_t>(self.mtime) : std::nullopt);
    OfferSubdirectories(path, *fetched, depth);
    return fetched;
  }
  const Status& status = fetched.status();
  if (status.code() == ENOENT) (void)index.ForgetPath(path);
  if (IsLinkError(status) && have) return std::move(have->entries);
  return status;
}

Result<std::string> CachingRemote::ReadLink(const std::string& path) {
  CacheIndex& index = store_->index();
  auto cached = index.GetLink(path);
  std::optional<CachedLink> hit = cached.ok() ? *cached : std::nullopt;
  if (hit && Fresh(hit->fetched_ms)) return hit->target;
  Status status = Offline();
  if (upstream_) {
    auto fetched = upstream_->ReadLink(path);
    ObserveLink(fetched.status());
    if (fetched.ok()) {
      (void)index.PutLink(path, *fetched, clock_.NowMillis());
      return fetched;
    }
    status = fetched.status();
  }
  if (IsLinkError(status) && hit) return hit->target;
  return status;
}

Result<RemoteStatFs> CachingRemote::StatFs() {
  Status status = Offline();
  if (upstream_) {
    auto fetched = upstream_->StatFs();
    ObserveLink(fetched.status());
    if (fetched.ok()) {
      (void)store_->index().PutStatFs(*fetched);
      return fetched;
    }
    status = fetched.status();
  }
  if (!IsLinkError(status)) return status;
  auto cached = store_->index().GetStatFs();
  if (cached.ok() && *cached) return **cached;
  // Never asked while online: an empty read-only filesystem is the truth we know.
  return RemoteStatFs{};
}

Result<std::unique_ptr<RemoteFile>> CachingRemote::Open(const std::string& path) {
  bool unchanged = false;
  auto file = OpenShared(path, &unchanged);
  if (!file.ok()) return file.status();
  // A reader with many files open at once (a parallel scan, hoard index's)
  // is ahead of any offer: a worker would open the same files beside it.
  if (++open_files_ <= kOpenFilesForTagsAhead) OfferTagsAhead(path);
  return std::unique_ptr<RemoteFile>(new CachingFile(*this, std::move(file).value(), unchanged));
}

Result<std::shared_ptr<OpenedFile>> CachingRemote::OpenShared(const std::string& path, bool* unchanged) {
  auto attr = Stat(path);
  if (!attr.ok()) return attr.status();
  if (S_ISDIR(attr->mode)) return Status::Error(EISDIR, path + " is a directory");
  auto file = std::make_shared<OpenedFile>();
  file->path = path;
  file->attr = *attr;
  *unchanged = false;
  if (S_ISREG(attr->mode)) {
    auto entry = store_->Acquire(path, attr->size, attr->mtime, unchanged);
    if (entry.ok()) {
      file->entry = *entry;
    } else {
      WarnDegraded(entry.status());
    }
  }
  // A file whose start is not cached needs the server's handle for its
  // first read anyway: opening it now costs no extra round trip and lets
  // open() fail the way it would without the cache (EACCES, ENOENT). A file
  // whose start is cached or being fetched (a tag read ahead, an earlier
  // play) was opened by the server before: its handle is opened at its
  // first miss, so a scan of prefetched tags costs no round trip. A file
  // changed since its attributes were cached fails its first uncached read
  // with ESTALE. A complete file is served without asking, link or not.
  const bool start_absent = file->entry == nullptr ||
                            (!file->entry->Complete() && file->entry->NextAbsent(0) == 0);
  if (upstream_ != nullptr && start_absent) {
    auto upstream = UpstreamOf(*file);
    if (!upstream.ok() && !IsLinkError(upstream.status())) return upstream.status();
  }
  return file;
}

void CachingRemote::Closed(OpenedFile& file) {
  --open_files_;
  LearnTagProfile(file);
  if (file.entry) {
    (void)store_->index().TouchFiles({{file.entry->id(), file.entry->last_access_ms()}});
  }
  // Counters reach the index now and then, so `hoard cache stats` of a
  // mounted cache is never far behind, without a write per close.
  std::int64_t now = clock_.NowMillis();
  if (now - last_flush_ms_.load() >= 5000) {
    last_flush_ms_ = now;
    if (Status s = Flush(); !s.ok()) spdlog::warn("cache: {}", s.message());
  }
}

CacheCounters CachingRemote::session_counters() const {
  return CacheCounters{hits_.load(), misses_.load(), bytes_fetched_.load(), bytes_from_cache_.load()};
}

Status CachingRemote::Flush() {
  std::lock_guard lock(flush_mu_);
  CacheCounters now = session_counters();
  CacheCounters delta{now.hits - persisted_.hits, now.misses - persisted_.misses,
                      now.bytes_fetched - persisted_.bytes_fetched,
                      now.bytes_from_cache - persisted_.bytes_from_cache};
  HOARD_RETURN_IF_ERROR(store_->CommitAll());
  HOARD_RETURN_IF_ERROR(store_->index().AddCounters(delta));
  persisted_ = now;
  return store_->FlushAccessTimes();
}

}  // namespace hoard::fs
