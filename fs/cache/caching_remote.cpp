// CachingRemote: the read path of the persistent cache (see the header for
// the guarantees). Reads go block by block: present runs are read from the
// data file; at the first absent block the reader claims it (plus read-ahead
// when access is sequential), fetches the claimed run with one upstream read,
// stores it (durable, then recorded) and copies its part out of the fetched
// buffer, so a store that fails (full disk, cap full of pinned files) costs
// the reader nothing. A block being fetched by someone else is waited for,
// never fetched twice.
#include "fs/cache/caching_remote.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <cerrno>
#include <cstring>
#include <shared_mutex>

#include "fs/cache/cache_paths.h"

namespace hoard::fs {

// One open of one remote file, shared by its handle and a prefetch job.
struct OpenedFile {
  std::string path;
  RemoteAttr attr;
  std::shared_ptr<CacheEntry> entry;  // null: not cacheable now, pass-through
  std::mutex mu;                      // upstream and prefetching
  std::shared_ptr<RemoteFile> upstream;
  bool prefetching = false;
};

namespace {

constexpr std::uint32_t kMaxReadAheadBlocks = (1u << 20) / kCacheBlockSize;   // 1 MiB
constexpr std::uint32_t kPrefetchChunkBlocks = (1u << 20) / kCacheBlockSize;  // 1 MiB
constexpr std::int64_t kWarningIntervalMs = 60'000;
// Often enough that every 600 s interval of the link history is known while
// the mount is in use.
constexpr std::chrono::seconds kLinkRecordPeriod{60};

std::string ParentOf(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return "/";
  return path.substr(0, slash);
}

std::string NameOf(const std::string& path) { return path.substr(path.rfind('/') + 1); }

const CacheClock& ClockOf(const CacheOptions& options) {
  static const SystemClock kSystemClock;
  return options.clock ? *options.clock : kSystemClock;
}

}  // namespace

// --- CachingFile

CachingFile::CachingFile(CachingRemote& remote, std::shared_ptr<OpenedFile> file, bool keep_cache)
    : remote_(remote), file_(std::move(file)), keep_cache_(keep_cache) {}

CachingFile::~CachingFile() { remote_.Release(*file_); }

const RemoteAttr& CachingFile::attr() const { return file_->attr; }

Result<std::size_t> CachingFile::ReadAt(std::uint64_t offset, std::span<char> buf) {
  std::uint32_t ahead = 0;
  {
    std::lock_guard lock(mu_);
    if (offset == next_offset_) {
      ++sequential_reads_;
    } else {
      sequential_reads_ = 0;
      sequential_bytes_ = 0;
    }
    // Read-ahead grows only while the reader keeps going forward: 1, 2, 4,
    // ... blocks, so a tag scan's scattered reads fetch what they ask for.
    if (sequential_reads_ >= 2) {
      ahead = std::min(kMaxReadAheadBlocks, 1u << std::min(sequential_reads_ - 2, 16u));
    }
  }
  auto n = remote_.ReadThrough(*file_, offset, buf, ahead, true);
  if (!n.ok()) return n;
  bool start_prefetch = false;
  {
    std::lock_guard lock(mu_);
    next_offset_ = offset + *n;
    sequential_bytes_ += *n;
    start_prefetch = sequential_bytes_ >= remote_.options_.prefetch_after;
  }
  if (start_prefetch) remote_.StartPrefetch(file_, offset + *n, true);
  return n;
}

// --- CachingRemote

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
      link_(LinkHistoryPath(options_.dir).string(), kLinkRecordPeriod) {}

CachingRemote::~CachingRemote() {
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
  auto listing = index.GetListing(ParentOf(path));
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

Result<std::vector<DirEntry>> CachingRemote::ListDir(const std::string& path) {
  CacheIndex& index = store_->index();
  auto cached = index.GetListing(path);
  const bool have = cached.ok() && cached->has_value();
  if (have && Fresh((*cached)->fetched_ms)) return std::move((*cached)->entries);
  Status status = Offline();
  if (upstream_) {
    auto fetched = upstream_->ListDir(path);
    ObserveLink(fetched.status());
    if (fetched.ok()) {
      if (have) {
        std::map<std::string_view, const RemoteAttr*> before;
        for (const DirEntry& e : (*cached)->entries) before.emplace(e.name, &e.attr);
        for (const DirEntry& e : *fetched) {
          auto it = before.find(e.name);
          if (it != before.end() && Changed(*it->second, e.attr)) ForgetOtherVersions(JoinRemotePath(path, e.name), e.attr);
        }
      }
      (void)index.PutListing(path, *fetched, clock_.NowMillis());
      return fetched;
    }
    status = fetched.status();
    if (status.code() == ENOENT) (void)index.ForgetPath(path);
  }
  if (IsLinkError(status) && have) return std::move((*cached)->entries);
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
  auto attr = Stat(path);
  if (!attr.ok()) return attr.status();
  if (S_ISDIR(attr->mode)) return Status::Error(EISDIR, path + " is a directory");
  auto file = std::make_shared<OpenedFile>();
  file->path = path;
  file->attr = *attr;
  bool unchanged = false;
  if (S_ISREG(attr->mode)) {
    auto entry = store_->Acquire(path, attr->size, attr->mtime, &unchanged);
    if (entry.ok()) {
      file->entry = *entry;
    } else {
      WarnDegraded(entry.status());
    }
  }
  // A file the cache cannot serve whole needs the server's handle for its
  // first miss anyway: opening it now costs no extra round trip and lets
  // open() fail the way it would without the cache (EACCES, ENOENT, a
  // changed file). A complete file is served without asking, link or not.
  if (upstream_ != nullptr && (file->entry == nullptr || !file->entry->Complete())) {
    auto upstream = UpstreamOf(*file);
    if (!upstream.ok() && !IsLinkError(upstream.status())) return upstream.status();
  }
  return std::unique_ptr<RemoteFile>(new CachingFile(*this, std::move(file), unchanged));
}

Result<std::shared_ptr<RemoteFile>> CachingRemote::UpstreamOf(OpenedFile& file) {
  std::lock_guard lock(file.mu);
  if (file.upstream) return file.upstream;
  if (!upstream_) return Offline();
  auto opened = upstream_->Open(file.path);
  ObserveLink(opened.status());
  if (!opened.ok()) return opened.status();
  const RemoteAttr& now = (*opened)->attr();
  if (now.size != file.attr.size || now.mtime != file.attr.mtime) {
    // Changed on the server since its attributes were cached: this handle's
    // bytes must not be mixed with the new version. The next open sees it.
    (void)store_->index().PutAttr(file.path, now, clock_.NowMillis());
    (void)store_->ForgetVersion(file.path, file.attr.size, file.attr.mtime);
    return Status::Error(ESTALE, file.path + " changed on the server; open it again");
  }
  file.upstream = std::move(opened).value();
  return file.upstream;
}

Result<std::size_t> CachingRemote::ReadUncached(OpenedFile& file, std::uint64_t offset,
                                                std::span<char> buf) {
  auto upstream = UpstreamOf(file);
  if (!upstream.ok()) return upstream.status();
  bandwidth_.Acquire(buf.size());
  auto n = (*upstream)->ReadAt(offset, buf);
  ObserveLink(n.status());
  if (n.ok()) {
    bytes_fetched_ += *n;
    ++misses_;
  }
  return n;
}

Result<std::size_t> CachingRemote::FetchClaimed(OpenedFile& file, BlockClaim& claim,
                                                std::uint64_t want_offset, std::span<char> want,
                                                bool* stored) {
  const std::shared_ptr<CacheEntry>& entry = file.entry;
  *stored = false;
  std::uint64_t start = entry->BlockOffset(claim.first());
  std::uint64_t stop = std::min(entry->size(), entry->BlockOffset(claim.end()));
  auto upstream = UpstreamOf(file);
  if (!upstream.ok()) return upstream.status();
  // A fetch of the last block asks for one byte more: a byte past the end of
  // the version we know means the file grew on the server.
  const std::uint64_t ask = stop - start + (stop == entry->size() ? 1 : 0);
  // Not zero-filled: every byte is overwritten by the read, and filling a
  // fresh MiB per fetch was a third of the cold path's CPU.
  const auto storage = std::make_unique_for_overwrite<char[]>(ask);
  const std::span<char> bytes(storage.get(), stop - start);
  bandwidth_.Acquire(bytes.size());
  auto n = (*upstream)->ReadAt(start, std::span<char>(storage.get(), ask));
  ObserveLink(n.status());
  if (!n.ok()) return n.status();
  bytes_fetched_ += *n;
  if (*n != bytes.size() || entry->forgotten()) {
    // Shorter or longer than the version we know, or dropped meanwhile
    // because its attributes changed: it changed on the server, and these
    // bytes may be the new version's. None is stored or returned.
    (void)store_->ForgetVersion(file.path, file.attr.size, file.attr.mtime);
    return Status::Error(ESTALE, file.path + " changed on the server; open it again");
  }
  Status status = store_->StoreBlocks(entry, claim, bytes);
  if (status.ok()) {
    *stored = true;
  } else {
    WarnDegraded(status);
  }
  std::uint64_t copy_from = std::max(start, want_offset);
  std::uint64_t copy_to = std::min(stop, want_offset + want.size());
  if (copy_to <= copy_from) return std::size_t{0};
  std::memcpy(want.data() + (copy_from - want_offset), bytes.data() + (copy_from - start),
              copy_to - copy_from);
  return static_cast<std::size_t>(copy_to - copy_from);
}

Result<std::size_t> CachingRemote::ReadThrough(OpenedFile& file, std::uint64_t offset,
                                               std::span<char> buf, std::uint32_t ahead,
                                               bool foreground) {
  const std::shared_ptr<CacheEntry>& entry = file.entry;
  if (!entry) return ReadUncached(file, offset, buf);
  std::uint64_t end = std::min<std::uint64_t>(offset + buf.size(), entry->size());
  if (offset >= end) return std::size_t{0};
  entry->Touch(clock_.NowMillis());
  bool fetched = false;
  std::uint64_t pos = offset;
  while (pos < end) {
    std::uint64_t run_end = pos;
    Status cached;
    {
      std::shared_lock gate(entry->gate());
      run_end = entry->PresentRunEnd(pos, end);
      if (run_end > pos) cached = store_->ReadCached(entry, pos, buf.subspan(pos - offset, run_end - pos));
    }
    if (run_end > pos) {
      if (cached.ok()) {
        bytes_from_cache_ += run_end - pos;
        pos = run_end;
      }
      continue;  // on damage the blocks are absent now and get fetched again
    }
    auto index = static_cast<std::uint32_t>(pos / kCacheBlockSize);
    if (entry->WaitWhileFetching(index) == CacheEntry::BlockState::kPresent) continue;
    auto last_needed = static_cast<std::uint32_t>((end - 1) / kCacheBlockSize);
    BlockClaim claim(entry, index, last_needed, last_needed + ahead);
    if (claim.empty()) continue;  // another reader claimed it first
    fetched = true;
    std::optional<ForegroundScope> scope;
    if (foreground) scope.emplace(prefetcher_);
    bool stored = false;
    auto n = FetchClaimed(file, claim, pos, buf.subspan(pos - offset, end - pos), &stored);
    if (!n.ok()) return n.status();
    pos += *n;
  }
  if (foreground) ++(fetched ? misses_ : hits_);
  return static_cast<std::size_t>(end - offset);
}

void CachingRemote::StartPrefetch(const std::shared_ptr<OpenedFile>& file, std::uint64_t from,
                                  bool then_next_track) {
  if (options_.prefetch == PrefetchMode::kNone || !file->entry) return;
  {
    std::lock_guard lock(file->mu);
    if (file->prefetching) return;
    file->prefetching = true;
  }
  auto cursor = static_cast<std::uint32_t>(from / kCacheBlockSize);
  bool wrapped = false;
  bool next = then_next_track && options_.prefetch == PrefetchMode::kAlbum;
  prefetcher_.Submit(file->path + '\0' + std::to_string(file->entry->id()),
                     [this, file, cursor, wrapped, next]() mutable {
                       return PrefetchStep(file, cursor, wrapped, next);
                     });
}

bool CachingRemote::PrefetchStep(const std::shared_ptr<OpenedFile>& file, std::uint32_t& cursor,
                                 bool& wrapped, bool then_next_track) {
  const std::shared_ptr<CacheEntry>& entry = file->entry;
  std::uint32_t index = entry->NextAbsent(cursor);
  if (index >= entry->block_count()) {
    if (!wrapped) {  // the reader started mid-file: fill what lies before it too
      wrapped = true;
      cursor = 0;
      return true;
    }
    store_->WakeCommitter();
    if (then_next_track) PrefetchNextTrack(file->path);
    return false;
  }
  BlockClaim claim(entry, index, index, index + kPrefetchChunkBlocks - 1);
  cursor = index + 1;
  if (claim.empty()) return true;
  bool stored = false;
  auto n = FetchClaimed(*file, claim, 0, {}, &stored);
  cursor = claim.end();
  // Stop on a dead link, a changed file, or when the cache takes no more.
  if (n.ok() && stored) return true;
  store_->WakeCommitter();
  return false;
}

void CachingRemote::PrefetchNextTrack(const std::string& path) {
  auto listing = ListDir(ParentOf(path));
  if (!listing.ok()) return;
  const std::string name = NameOf(path);
  const DirEntry* next = nullptr;
  for (const DirEntry& e : *listing) {
    if (!S_ISREG(e.attr.mode) || e.name <= name) continue;
    if (next == nullptr || e.name < next->name) next = &e;
  }
  if (next == nullptr) return;
  auto opened = Open(JoinRemotePath(ParentOf(path), next->name));
  if (!opened.ok()) return;
  auto* caching = static_cast<CachingFile*>(opened->get());
  std::shared_ptr<OpenedFile> file = caching->file_;
  // One track ahead only: that one's own playback will fetch the next.
  if (file->entry && !file->entry->Complete()) StartPrefetch(file, 0, false);
}

void CachingRemote::Release(OpenedFile& file) {
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
