// What the cache fetches before it is asked: the rest of a file read
// sequentially past prefetch_after (prefetch=file), then the next track of
// its directory (prefetch=album), in the background, one chunk per step so
// foreground reads go first (CachePrefetcher).
#include <sys/stat.h>

#include "fs/cache/caching_remote.h"
#include "fs/cache/opened_file.h"

namespace hoard::fs {
namespace {

constexpr std::uint32_t kPrefetchChunkBlocks = (1u << 20) / kCacheBlockSize;  // 1 MiB

}  // namespace

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
  auto listing = ListDir(RemoteParent(path));
  if (!listing.ok()) return;
  const std::string name = RemoteName(path);
  const DirEntry* next = nullptr;
  for (const DirEntry& e : *listing) {
    if (!S_ISREG(e.attr.mode) || e.name <= name) continue;
    if (next == nullptr || e.name < next->name) next = &e;
  }
  if (next == nullptr) return;
  bool unchanged = false;
  auto opened = OpenShared(JoinRemotePath(RemoteParent(path), next->name), &unchanged);
  if (!opened.ok()) return;
  std::shared_ptr<OpenedFile> file = std::move(opened).value();
  // One track ahead only: that one's own playback will fetch the next.
  if (file->entry && !file->entry->Complete()) StartPrefetch(file, 0, false);
  Closed(*file);
}

}  // namespace hoard::fs
