#include "fs/cache/cache_store.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <shared_mutex>

namespace hoard::fs {
CacheStore::CacheStore(std::unique_ptr<CacheIndex> index, CacheBlockStore blocks, std::uint64_t cap,
                       const CacheClock& clock)
    : index_(std::move(index)), blocks_(std::move(blocks)), cap_(cap), clock_(clock) {}

Result<std::unique_ptr<CacheStore>> CacheStore::Open(const std::filesystem::path& dir,
                                                     std::uint64_t cap_bytes, const CacheClock& clock,
                                                     bool* rebuilt, CacheAccess access, CacheEnv& env) {
  auto index = CacheIndex::Open(dir, access, rebuilt);
  if (!index.ok()) return index.status();
  auto blocks = CacheBlockStore::Open(dir, env);
  if (!blocks.ok()) return blocks.status();
  if (access == CacheAccess::kOwner) {
    auto ids = (*index)->ListFileIds();
    if (!ids.ok()) return ids.status();
    if (Status s = blocks->RemoveOrphans(*ids); !s.ok()) spdlog::warn("{}", s.message());
  }
  auto used = (*index)->TotalCachedBytes();
  if (!used.ok()) return used.status();
  std::unique_ptr<CacheStore> store(
      new CacheStore(std::move(index).value(), std::move(blocks).value(), cap_bytes, clock));
  store->used_ = *used;
  return store;
}

Result<std::shared_ptr<CacheEntry>> CacheStore::LoadLocked(const CachedFileRecord& record) {
  if (auto it = live_.find(record.id); it != live_.end()) {
    if (auto entry = it->second.lock()) return entry;
  }
  std::erase_if(live_, [](const auto& kv) { return kv.second.expired(); });
  auto blocks = index_->LoadBlocks(record.id);
  if (!blocks.ok()) return blocks.status();
  auto fd = blocks_.OpenDataFile(record.id);
  if (!fd.ok()) return fd.status();
  std::vector<BlockRecord> damaged;
  auto entry = std::make_shared<CacheEntry>(record, *fd, *blocks, &damaged);
  if (!damaged.empty()) {
    spdlog::warn("cache file of {} is damaged: dropping {} block(s), they will be fetched again",
                 record.path, damaged.size());
    if (auto removed = index_->RemoveBlocks(record.id, damaged); removed.ok()) used_ -= *removed;
  }
  live_[record.id] = entry;
  return entry;
}

Result<std::shared_ptr<CacheEntry>> CacheStore::Acquire(const std::string& path, std::uint64_t size,
                                                        std::int64_t mtime, bool* unchanged) {
  *unchanged = false;
  std::lock_guard lock(live_mu_);
  auto found = index_->FindFile(path);
  if (!found.ok()) return found.status();
  std::optional<CachedFileRecord> record = *found;
  if (record && record->size == size && record->mtime == mtime) {
    *unchanged = true;
  } else {
    if (record) {
      // Another version: its bytes must never be served for this one. Live
      // handles of the old version keep their (now unlinked) data file.
      HOARD_RETURN_IF_ERROR(DropLocked(*record));
    }
    auto created = index_->CreateFile(path, size, mtime, clock_.NowMillis());
    if (!created.ok()) return created.status();
    record = *created;
  }
  auto entry = LoadLocked(*record);
  if (entry.ok()) (*entry)->Touch(clock_.NowMillis());
  return entry;
}

Status CacheStore::Forget(const std::string& path) { return ForgetIf(path, nullptr); }

Status CacheStore::ForgetVersion(const std::string& path, std::uint64_t size, std::int64_t mtime) {
  return ForgetIf(path, [&](const CachedFileRecord& r) { return r.size == size && r.mtime == mtime; });
}

Status CacheStore::ForgetOtherVersions(const std::string& path, std::uint64_t size, std::int64_t mtime) {
  return ForgetIf(path, [&](const CachedFileRecord& r) { return r.size != size || r.mtime != mtime; });
}

Status CacheStore::ForgetIf(const std::string& path,
                            const std::function<bool(const CachedFileRecord&)>& matches) {
  std::lock_guard lock(live_mu_);
  auto found = index_->FindFile(path);
  if (!found.ok()) return found.status();
  if (!found->has_value() || (matches && !matches(**found))) return Status::Ok();
  return DropLocked(**found);
}

Status CacheStore::DropLocked(const CachedFileRecord& record) {
  std::shared_ptr<CacheEntry> entry;
  if (auto it = live_.find(record.id); it != live_.end()) entry = it->second.lock();
  std::unique_lock<DataGate> gate;
  std::uint64_t pending = 0;
  if (entry) {
    // Forgotten first: a commit that gets the gate after us records nothing,
    // an eviction punches nothing, a fetch stores nothing. With the gate,
    // no commit is between its sync and its record.
    entry->MarkForgotten();
    gate = std::unique_lock<DataGate>(entry->gate());
    for (const BlockRecord& b : entry->TakePending()) pending += b.length;
  }
  // What is recorded now (a commit may have added to it since `record`).
  std::uint64_t recorded = record.cached_bytes;
  if (auto now = index_->FindFile(record.path); now.ok() && *now && (*now)->id == record.id) {
    recorded = (*now)->cached_bytes;
  }
  HOARD_RETURN_IF_ERROR(index_->DropFile(record.id));
  used_ -= recorded + pending;
  return blocks_.Remove(record.id);
}

Status CacheStore::StoreBlocks(const std::shared_ptr<CacheEntry>& entry, BlockClaim& claim,
                               std::span<const char> bytes) {
  Status status = MakeRoom(bytes.size());
  if (!status.ok()) return status;  // the claim goes back to absent
  {
    std::shared_lock gate(entry->gate());
    const std::uint64_t sync_failures = entry->sync_failures();
    status = blocks_.Write(entry->fd(), entry->BlockOffset(claim.first()), bytes);
    if (!status.ok()) {
      // Give back what a partial write took: on a full disk every byte counts.
      (void)blocks_.Punch(entry->fd(), entry->BlockOffset(claim.first()), bytes.size());
      used_ -= bytes.size();
      return status;
    }
    if (!claim.FinishStored(clock_.NowMillis(), sync_failures)) {
      // A commit's sync failed while these bytes were written (see Commit).
      used_ -= bytes.size();
      return Status::Error(EIO, "a sync of the cache file of " + entry->path() + " failed meanwhile");
    }
  }
  bool wake = entry->pending_bytes() >= kCommitBytes;
  {
    std::lock_guard lock(dirty_mu_);
    std::int64_t now = clock_.NowMillis();
    if (dirty_.empty()) dirty_since_ms_ = now;
    if (std::find(dirty_.begin(), dirty_.end(), entry) == dirty_.end()) dirty_.push_back(entry);
    wake = wake || dirty_.size() >= kCommitFiles || now - dirty_since_ms_ >= kCommitMillis;
  }
  if (wake) WakeCommitter();
  return Status::Ok();
}

void CacheStore::WakeCommitter() {
  {
    std::lock_guard lock(commit_mu_);
    if (commit_stop_) return;
    commit_wanted_ = true;
    if (!committer_.joinable()) committer_ = std::thread([this] { RunCommitter(); });
  }
  commit_cv_.notify_one();
}

void CacheStore::RunCommitter() {
  std::unique_lock lock(commit_mu_);
  while (true) {
    commit_cv_.wait(lock, [&] { return commit_wanted_ || commit_stop_; });
    if (commit_stop_) return;
    commit_wanted_ = false;
    lock.unlock();
    if (Status s = CommitAll(); !s.ok()) spdlog::warn("cache: {}", s.message());
    bool evict = false;
    std::uint64_t room = Hysteresis();
    std::uint64_t round = 0;
    {
      std::lock_guard guard(room_mu_);
      evict = evict_wanted_;
      evict_wanted_ = false;
      if (evict) {
        room = std::max(room, room_wanted_);
        room_wanted_ = 0;
        round = ++rounds_started_;
      }
    }
    if (evict) {
      if (Status s = EvictDownTo(cap_ > room ? cap_ - room : 0); !s.ok()) spdlog::warn("cache: {}", s.message());
      {
        std::lock_guard guard(room_mu_);
        rounds_done_ = round;
      }
      room_cv_.notify_all();
    }
    lock.lock();
  }
}

CacheStore::~CacheStore() {
  {
    std::lock_guard lock(commit_mu_);
    commit_stop_ = true;
  }
  commit_cv_.notify_one();
  if (committer_.joinable()) committer_.join();
}

Status CacheStore::Commit(const std::shared_ptr<CacheEntry>& entry) {
  // Under the shared gate: eviction (exclusive) cannot take a pending block
  // between the sync and the record, and blocks written meanwhile by other
  // readers join the next group (they were added after TakePending).
  std::shared_lock gate(entry->gate());
  std::vector<BlockRecord> pending = entry->TakePending();
  Status status;
  if (entry->forgotten()) {
    // Dropped since (changed on the server): its rows are gone, and its
    // bytes must not be recorded under any version.
    for (const BlockRecord& b : pending) used_ -= b.length;
  } else if (!pending.empty()) {
    status = blocks_.Sync(entry->fd());
    if (!status.ok()) {
      // After a failed fdatasync the kernel may have dropped the written
      // pages (marked clean, read back later from whatever the disk holds):
      // those bytes are trusted no more, not even in this session. That is
      // every block written before the sync failed: the pending ones taken
      // here, and the ones other readers wrote meanwhile (pending since, or
      // still being stored: FinishStored keeps those absent). Their space
      // stays allocated until the data file goes; punching here could free
      // bytes another reader has just fetched again into those blocks.
      for (const BlockRecord& b : entry->SyncFailed(std::move(pending))) used_ -= b.length;
    } else {
      // A failed record leaves the blocks present (and right) in this
      // session; they are fetched again after a remount.
      status = index_->AddBlocks(entry->id(), pending);
    }
  }
  return status;
}

Status CacheStore::CommitAll() {
  std::vector<std::shared_ptr<CacheEntry>> entries;
  {
    std::lock_guard lock(dirty_mu_);
    entries.swap(dirty_);
  }
  Status first_error;
  for (const auto& entry : entries) {
    Status s = Commit(entry);
    if (first_error.ok() && !s.ok()) first_error = s;
  }
  return first_error;
}

Status CacheStore::ReadCached(const std::shared_ptr<CacheEntry>& entry, std::uint64_t offset,
                              std::span<char> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::pread(entry->fd(), out.data() + done, out.size() - done,
                        static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  if (done == out.size()) return Status::Ok();
  std::vector<BlockRecord> damaged;
  auto first = static_cast<std::uint32_t>(offset / kCacheBlockSize);
  auto last = static_cast<std::uint32_t>((offset + out.size() - 1) / kCacheBlockSize);
  for (std::uint32_t i = first; i <= last; ++i) damaged.push_back({i, entry->BlockLength(i)});
  spdlog::warn("cache file of {} is damaged (short read); fetching it again", entry->path());
  DropDamaged(entry, damaged);
  return Status::Error(EIO, "cache file of " + entry->path() + " is damaged");
}

void CacheStore::DropDamaged(const std::shared_ptr<CacheEntry>& entry,
                             const std::vector<BlockRecord>& blocks) {
  used_ -= entry->MarkAbsent(blocks);  // pending ones
  if (auto removed = index_->RemoveBlocks(entry->id(), blocks); removed.ok()) used_ -= *removed;
}

std::uint64_t CacheStore::Hysteresis() const { return std::min<std::uint64_t>(cap_ / 64, 4 << 20); }

Status CacheStore::MakeRoom(std::uint64_t bytes) {
  if (bytes > cap_) return Status::Error(ENOSPC, "cache size cap is smaller than one fetch");
  std::unique_lock lock(room_mu_);
  // The index's files, stat-ed once per reservation (again only while waiting).
  std::uint64_t disk = index_->DiskBytes();
  auto fits = [&] { return used_.load() + disk + bytes <= cap_; };
  if (!fits()) {
    // At the cap: the committer evicts (its unrecording syncs the index,
    // which must not happen on a reader's thread). Wait for a round that
    // started after this request, so it made room for it too.
    room_wanted_ = std::max(room_wanted_, bytes);
    const std::uint64_t round = rounds_started_ + 1;
    evict_wanted_ = true;
    lock.unlock();
    WakeCommitter();
    lock.lock();
    room_cv_.wait_for(lock, kRoomWait, [&] {
      disk = index_->DiskBytes();
      return fits() || rounds_done_ >= round;
    });
    if (!fits()) return Status::Error(ENOSPC, "cache is full of pinned files (or still evicting)");
  }
  used_ += bytes;
  // Near the cap: evict ahead, so that the next fetches find room.
  if (used_.load() + disk + Hysteresis() / 2 > cap_ && !evict_wanted_) {
    evict_wanted_ = true;
    lock.unlock();
    WakeCommitter();
  }
  return Status::Ok();
}

Result<std::uint64_t> CacheStore::EvictFrom(const CachedFileRecord& victim, std::uint64_t bytes) {
  std::shared_ptr<CacheEntry> entry;
  {
    std::lock_guard lock(live_mu_);
    auto loaded = LoadLocked(victim);
    if (!loaded.ok()) return loaded.status();
    entry = *loaded;
  }
  std::unique_lock gate(entry->gate());
  // Dropped meanwhile (changed on the server): its bytes left the count then.
  if (entry->forgotten()) return std::uint64_t{0};
  std::vector<BlockRecord> taken = entry->TakePresentForEviction(bytes);
  // Unrecord first, then punch: a crash in between leaves unrecorded bytes
  // (wasted space until the block is written again), never a recorded hole.
  Status status = index_->RemoveBlocks(entry->id(), taken).status();
  for (const BlockRecord& b : taken) {
    if (!status.ok()) break;
    status = blocks_.Punch(entry->fd(), entry->BlockOffset(b.index), b.length);
  }
  gate.unlock();
  HOARD_RETURN_IF_ERROR(status);
  std::uint64_t freed = 0;  // recorded and pending blocks alike
  for (const BlockRecord& b : taken) freed += b.length;
  used_ -= freed;
  return freed;
}

Status CacheStore::EvictDownTo(std::uint64_t target_bytes) {
  std::lock_guard lock(evict_mu_);
  return EvictDownToLocked(target_bytes);
}

Status CacheStore::EvictDownToLocked(std::uint64_t target_bytes) {
  // Candidates come from the index (the committer records pending blocks
  // just before it evicts); the LRU order from the access times.
  HOARD_RETURN_IF_ERROR(FlushAccessTimes());
  while (true) {
    std::uint64_t total = used_.load() + index_->DiskBytes();
    if (total <= target_bytes) return Status::Ok();
    auto candidates = index_->EvictionCandidates(32);
    if (!candidates.ok()) return candidates.status();
    std::uint64_t freed_this_round = 0;
    for (const CachedFileRecord& victim : *candidates) {
      // Drain the least recently used file before touching the next one.
      while (true) {
        total = used_.load() + index_->DiskBytes();
        if (total <= target_bytes) return Status::Ok();
        auto freed = EvictFrom(victim, total - target_bytes);
        if (!freed.ok()) return freed.status();
        if (*freed == 0) break;
        freed_this_round += *freed;
      }
    }
    // Nothing left to evict: only pinned files (or bytes being fetched).
    if (freed_this_round == 0) return Status::Ok();
  }
}

Status CacheStore::FlushAccessTimes() {
  std::vector<std::pair<std::int64_t, std::int64_t>> touches;
  {
    std::lock_guard lock(live_mu_);
    for (const auto& [id, weak] : live_) {
      if (auto entry = weak.lock()) touches.emplace_back(id, entry->last_access_ms());
    }
  }
  if (touches.empty()) return Status::Ok();
  return index_->TouchFiles(touches);
}

}  // namespace hoard::fs
