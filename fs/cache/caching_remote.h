// CachingRemote: the persistent range cache, as a RemoteSource wrapping
// another one (SftpRemote in hoardfs, LocalRemote in tests).
//
// What it guarantees (issue 4):
// - A byte crosses the link once: data is cached in 16 KiB blocks of each
//   remote file, in a sparse data file per file version, recorded in one
//   SQLite index only after the bytes are durable. Cold reads fetch the
//   blocks asked for; read-ahead grows only while access is sequential, and a
//   file read sequentially past a threshold is prefetched in the background
//   (prefetch=file; prefetch=album also fetches the next track of its dir).
// - Never a wrong byte: blocks belong to one (size, mtime) version of a
//   remote file; another version gets a new data file. A handle that finds
//   the remote changed under it fails with ESTALE rather than mixing
//   versions. Damage (truncated data file, corrupt index) is dropped.
// - Offline: when the upstream answers with link errors (IsLinkError), or
//   is absent altogether (an offline mount), cached attributes, listings,
//   link targets and bytes are served; an uncached byte fails at once with
//   the link error, which the FUSE edge reports as EIO.
// - Attributes, listings and link targets are answered from the index while
//   younger than dir_ttl, then asked again (and kept for offline use).
// - A stale listing whose directory's mtime has not moved since (one stat)
//   is served as it is, and relisted in the background to catch files
//   changed in place: a directory's mtime moves when an entry is added,
//   removed or renamed (a new album, a file replaced by rename), not when a
//   file is rewritten in place (a tag edit), which the next listing, moments
//   later, shows; its bytes are never mixed either way (versions above).
// - A directory listed (from the server or the index) has its
//   subdirectories listed ahead, kListAheadDepth levels down, by
//   list_ahead_workers threads in parallel (cache_ahead.h), so a walk of the
//   tree finds them listed instead of waiting for each in turn.
// - A scanner reading tags (heads and tails of the files of a directory, in
//   order) finds the next files' tag regions fetched ahead by the same
//   workers, as much of each as it read of the last such file
//   (cache_tags_ahead.cpp).
// - Size cap with LRU eviction, pins, bwlimit, ENOSPC degrading to uncached
//   reads (with a warning, never an error to the reader).
//
// All methods may be called concurrently from FUSE worker threads.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "fs/cache/cache_ahead.h"
#include "fs/cache/cache_bandwidth.h"
#include "fs/cache/cache_clock.h"
#include "fs/cache/cache_env.h"
#include "fs/cache/cache_prefetcher.h"
#include "fs/cache/cache_store.h"
#include "fs/link/link_observer.h"
#include "fs/cache/prefetch_mode.h"
#include "fs/remote/remote_source.h"

namespace hoard::fs {

struct CacheOptions {
  std::filesystem::path dir;
  std::uint64_t size_cap = 0;  // 0: DefaultCacheSize(dir)
  std::chrono::seconds dir_ttl{60};
  PrefetchMode prefetch = PrefetchMode::kFile;
  std::uint64_t bwlimit = 0;     // bytes/s over the link; 0: unlimited
  const CacheClock* clock = nullptr;  // null: the system clock; must outlive the cache
  CacheEnv* env = nullptr;            // null: the real disk; must outlive the cache
  // Sequential bytes read from one handle before the rest of the file is
  // prefetched: more than a tag scan reads, less than a second of playback.
  std::uint64_t prefetch_after = 2 << 20;
  // Threads listing subdirectories ahead; 0: none. hoardfs gives fifteen,
  // fewer than its pool's sessions, so a reader always finds one free.
  int list_ahead_workers = 0;
};

struct OpenedFile;

// What a CachingFile asks of the cache that opened it. CachingRemote is the
// one implementation; the seam keeps the handle out of the cache's insides.
class CachingFileHost {
 public:
  // Reads through the cache for the handle of `file`.
  virtual Result<std::size_t> Read(const std::shared_ptr<OpenedFile>& file, std::uint64_t offset,
                                   std::span<char> buf) = 0;
  // The handle of `file` is closed.
  virtual void Closed(OpenedFile& file) = 0;

 protected:
  ~CachingFileHost() = default;
};

// The RemoteFile that CachingRemote::Open returns.
class CachingFile final : public RemoteFile {
 public:
  CachingFile(CachingFileHost& host, std::shared_ptr<OpenedFile> file, bool keep_cache);
  ~CachingFile() override;
  const RemoteAttr& attr() const override;
  Result<std::size_t> ReadAt(std::uint64_t offset, std::span<char> buf) override;

  // True when this version of the file was already cached by an earlier
  // open: the kernel may keep its page cache (fuse_file_info::keep_cache).
  bool keep_cache() const override { return keep_cache_; }

 private:
  CachingFileHost& host_;
  const std::shared_ptr<OpenedFile> file_;
  const bool keep_cache_;
};

class CachingRemote final : public RemoteSource, private CachingFileHost {
 public:
  // `upstream` may be null: an offline mount (every miss is a link error).
  // Fails only when the cache directory cannot be used at all.
  static Result<std::unique_ptr<CachingRemote>> Create(CacheOptions options,
                                                       std::shared_ptr<RemoteSource> upstream);
  // Stops the prefetcher and persists counters and access times.
  ~CachingRemote() override;

  Result<RemoteAttr> Stat(const std::string& path) override;
  // `self` is left alone: the cache keeps no "." of its own to give.
  Result<std::vector<DirEntry>> ListDir(const std::string& path, RemoteAttr* self = nullptr) override;
  // Waits until nothing is being or waiting to be listed or read ahead (tests).
  void WaitForWorkAhead() { ahead_.WaitIdle(); }
  Result<std::string> ReadLink(const std::string& path) override;
  Result<RemoteStatFs> StatFs() override;
  Result<std::unique_ptr<RemoteFile>> Open(const std::string& path) override;

  // An upstream result (every call through the cache reports its own, and
  // hoardfs its first connect) as an observation of the link, kept in the
  // link history of the cache's index for `hoard link status --cache-dir`.
  void ObserveLink(const Status& upstream_result) { link_.Observe(clock_.NowMillis(), upstream_result); }

  // Counters of this session (not yet persisted ones included).
  CacheCounters session_counters() const;
  // Persists counters and LRU access times (also done on close and exit).
  Status Flush();
  // Waits until background prefetching is done (tests, `hoard cache pin`).
  void WaitForPrefetch() { prefetcher_.WaitIdle(); }

  CacheStore& store() { return *store_; }
  bool index_was_rebuilt() const { return rebuilt_; }

 private:
  CachingRemote(CacheOptions options, std::shared_ptr<RemoteSource> upstream,
                std::unique_ptr<CacheStore> store, bool rebuilt);

  bool Fresh(std::int64_t fetched_ms) const;
  // ListDir, offering the subdirectories found to be listed ahead with
  // `depth` - 1 more levels.
  Result<std::vector<DirEntry>> List(const std::string& path, int depth);
  // A stale listing is current when its directory's mtime is still the one
  // it was listed with (one stat instead of a listing's round trips); then
  // it counts as fresh again and is relisted in the background.
  bool Revalidated(const std::string& path, const CachedListing& listing);
  // Lists `path` from the server and records it; `have` is the cached
  // listing if known (read when not given), served on a link error.
  Result<std::vector<DirEntry>> Relist(const std::string& path, std::optional<CachedListing> have, int depth);
  void OfferSubdirectories(const std::string& path, const std::vector<DirEntry>& entries, int depth);
  Status Offline() const;

  // CachingFileHost: a handle's reads (read-ahead grows while it reads in
  // order; past prefetch_after the rest of the file is prefetched), its close.
  Result<std::size_t> Read(const std::shared_ptr<OpenedFile>& file, std::uint64_t offset,
                           std::span<char> buf) override;
  void Closed(OpenedFile& file) override;
  // Open() without the handle (the prefetch of a next track has no reader).
  // `unchanged`: this version was cached by an earlier open.
  Result<std::shared_ptr<OpenedFile>> OpenShared(const std::string& path, bool* unchanged);

  // cache_tags_ahead.cpp. A handle of `file` closed: how it read becomes
  // the tag-read profile of its extension, if it read like a tag scan.
  void LearnTagProfile(OpenedFile& file);
  // `path` was opened (or closed): the next files of its directory (and of
  // the directories after it) with its extension get their tag regions, as
  // the profile says, read ahead.
  void OfferTagsAhead(const std::string& path);
  // A worker's job: reads the first `head` and last `tail` bytes of `path`
  // through the cache, unless they are cached or its start is cached or
  // being fetched (a reader is on it).
  void ReadTagsAhead(const std::string& path, std::uint64_t head, std::uint64_t tail);

  Result<std::shared_ptr<RemoteFile>> UpstreamOf(OpenedFile& file);
  // An upstream read said `file` changed on the server (ESTALE): its cached
  // version and attributes are dropped, so the next open asks the server.
  void DropChanged(OpenedFile& file);
  // Reads [offset, offset+buf.size()) of `file`: cached blocks from disk,
  // the others from upstream (and stored), claiming `ahead` more blocks of
  // read-ahead. Returns bytes read (short only at end of file).
  Result<std::size_t> ReadThrough(OpenedFile& file, std::uint64_t offset, std::span<char> buf,
                                  std::uint32_t ahead, bool foreground);
  // Fetches the claimed blocks and stores them (finishing the claim);
  // copies the part overlapping [want_offset, want_offset+want.size()) into
  // `want`. `stored` tells whether the bytes went into the cache.
  Result<std::size_t> FetchClaimed(OpenedFile& file, BlockClaim& claim, std::uint64_t want_offset,
                                   std::span<char> want, bool* stored);
  Result<std::size_t> ReadUncached(OpenedFile& file, std::uint64_t offset, std::span<char> buf);
  // Fetches the rest of `file` in the background, from `from` on, then the
  // part before it; then (prefetch=album, then_next_track) the next track.
  void StartPrefetch(const std::shared_ptr<OpenedFile>& file, std::uint64_t from,
                     bool then_next_track);
  bool PrefetchStep(const std::shared_ptr<OpenedFile>& file, std::uint32_t& cursor, bool& wrapped,
                    bool then_next_track);
  void PrefetchNextTrack(const std::string& path);
  void WarnDegraded(const Status& status);
  // A regular file whose size or mtime differ: another version.
  static bool Changed(const RemoteAttr& before, const RemoteAttr& now);
  // The server shows `now` for `path`: a cached other version is dropped
  // (and its open handles get ESTALE for what is not cached yet).
  void ForgetOtherVersions(const std::string& path, const RemoteAttr& now);

  const CacheOptions options_;
  const CacheClock& clock_;
  const std::shared_ptr<RemoteSource> upstream_;
  const std::unique_ptr<CacheStore> store_;
  const bool rebuilt_;
  TokenBucket bandwidth_;

  LinkObserver link_;
  std::atomic<std::int64_t> last_degraded_warning_ms_{0};
  std::atomic<std::uint64_t> hits_{0}, misses_{0}, bytes_fetched_{0}, bytes_from_cache_{0};
  std::mutex flush_mu_;
  CacheCounters persisted_;  // part of the session counters already in the index
  std::atomic<std::int64_t> last_flush_ms_{0};

  // Files readers hold open (CachingFile); past kOpenFilesForTagsAhead,
  // opens offer no tag reads ahead (cache_tags_ahead.cpp).
  static constexpr int kOpenFilesForTagsAhead = 8;
  std::atomic<int> open_files_{0};

  // Tag-read profiles by lower-case extension: the most bytes read from the
  // start and before the end of the files closed that were read like a scan.
  struct TagProfile {
    std::uint64_t head = 0;
    std::uint64_t tail = 0;
  };
  std::mutex profiles_mu_;
  std::map<std::string, TagProfile> profiles_;

  // Last: their workers use everything above and are joined first.
  CachePrefetcher prefetcher_;
  CacheAhead ahead_;
};

}  // namespace hoard::fs
