// The read path of the persistent cache (see caching_remote.h for the
// guarantees). Reads go block by block: present runs are read from the data
// file; at the first absent block the reader claims it (plus read-ahead when
// access is sequential), fetches the claimed run with one upstream read,
// stores it (durable, then recorded) and copies its part out of the fetched
// buffer, so a store that fails (full disk, cap full of pinned files) costs
// the reader nothing. A block being fetched by someone else is waited for,
// never fetched twice.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <shared_mutex>

#include "fs/cache/caching_remote.h"
#include "fs/cache/opened_file.h"

namespace hoard::fs {
namespace {

constexpr std::uint32_t kMaxReadAheadBlocks = (1u << 20) / kCacheBlockSize;  // 1 MiB
// How far a read may land from the end of the reads before it and still
// continue them: the kernel's readahead keeps a window or two of requests in
// flight (128 KiB each, fuse_init.cpp), and they arrive out of order.
constexpr std::uint64_t kReorderSlack = 512 << 10;

}  // namespace


CachingFile::CachingFile(CachingFileHost& host, std::shared_ptr<OpenedFile> file, bool keep_cache)
    : host_(host), file_(std::move(file)), keep_cache_(keep_cache) {}

CachingFile::~CachingFile() { host_.Closed(*file_); }

const RemoteAttr& CachingFile::attr() const { return file_->attr; }

Result<std::size_t> CachingFile::ReadAt(std::uint64_t offset, std::span<char> buf) {
  return host_.Read(file_, offset, buf);
}

Result<std::size_t> CachingRemote::Read(const std::shared_ptr<OpenedFile>& file, std::uint64_t offset,
                                        std::span<char> buf) {
  std::uint32_t ahead = 0;
  bool forward;
  {
    std::lock_guard lock(file->pattern_mu);
    forward = offset + kReorderSlack >= file->next_offset && offset <= file->next_offset + kReorderSlack;
    if (forward) {
      ++file->sequential_reads;
    } else {
      file->sequential_reads = 0;
      file->sequential_bytes = 0;
    }
    // Read-ahead grows only while the reader keeps going forward: 1, 2, 4,
    // ... blocks, so a tag scan's scattered reads fetch what they ask for.
    if (file->sequential_reads >= 2) {
      ahead = std::min(kMaxReadAheadBlocks, 1u << std::min(file->sequential_reads - 2, 16u));
    }
  }
  auto n = ReadThrough(*file, offset, buf, ahead, true);
  if (!n.ok()) return n;
  bool start_prefetch = false;
  {
    std::lock_guard lock(file->pattern_mu);
    file->next_offset = forward ? std::max(file->next_offset, offset + *n) : offset + *n;
    file->sequential_bytes += *n;
    file->bytes_read += *n;
    if (offset < file->attr.size / 2) {
      file->head_end = std::max(file->head_end, offset + *n);
    } else {
      file->tail_from = std::min(file->tail_from, offset);
    }
    start_prefetch = file->sequential_bytes >= options_.prefetch_after;
  }
  if (start_prefetch) StartPrefetch(file, offset + *n, true);
  return n;
}

Result<std::shared_ptr<RemoteFile>> CachingRemote::UpstreamOf(OpenedFile& file) {
  std::lock_guard lock(file.mu);
  if (file.upstream) return file.upstream;
  if (!upstream_) return Offline();
  // The attributes the cache holds (a listing's, or a stat's) are the
  // version this handle serves: the upstream may confirm them with the
  // first read rather than at open (ESTALE then; see DropChanged).
  auto opened = upstream_->OpenExpecting(file.path, file.attr);
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

void CachingRemote::DropChanged(OpenedFile& file) {
  (void)store_->ForgetVersion(file.path, file.attr.size, file.attr.mtime);
  (void)store_->index().ForgetPath(file.path);
}

Result<std::size_t> CachingRemote::ReadUncached(OpenedFile& file, std::uint64_t offset,
                                                std::span<char> buf) {
  auto upstream = UpstreamOf(file);
  if (!upstream.ok()) return upstream.status();
  bandwidth_.Acquire(buf.size());
  auto n = (*upstream)->ReadAt(offset, buf);
  ObserveLink(n.status());
  if (n.status().code() == ESTALE) DropChanged(file);
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
  if (n.status().code() == ESTALE) DropChanged(file);
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

}  // namespace hoard::fs
