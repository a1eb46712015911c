// The index walks the roots and stats every audio file on `jobs` threads,
// while the calling thread loads what the catalog holds of them. Each file
// found that the catalog does not hold with the same size and mtime goes to
// a TagReadPool at once, so over a network mount tags are read while the
// walk goes on. Once the walk has ended (moves and removals need all of it),
// the calling thread writes the reads in batched transactions as they end,
// then deletes what is gone.
#include "catalog/indexer.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <span>
#include <thread>

#include <fmt/format.h>

#include "base/mount_info.h"
#include "catalog/catalog_store.h"
#include "catalog/known_files.h"
#include "catalog/layout_parser.h"
#include "catalog/path_arena.h"
#include "catalog/tag_read_pool.h"
#include "catalog/tag_reader.h"

namespace hoard::catalog {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kRowsPerTransaction = 2000;
constexpr auto kMaxTransactionTime = std::chrono::seconds(1);
constexpr auto kProgressInterval = std::chrono::milliseconds(100);

struct Candidate {
  std::string_view path;  // in a PathArena of the walk
  std::size_t relative_start = 0;  // path.substr(relative_start): relative to its root
  std::int64_t size = 0;
  std::int64_t mtime_ns = 0;
  int stat_errno = 0;
};

// Candidates the walk's threads found, handed to the thread that decides
// which to read.
class FoundQueue {
 public:
  // One call per folder listed: a lock and a wake-up per folder, not per file.
  void Push(std::span<const Candidate> found) {
    if (found.empty()) return;
    {
      std::lock_guard lock(mu_);
      found_.insert(found_.end(), found.begin(), found.end());
    }
    changed_.notify_one();
  }
  void Close() {
    {
      std::lock_guard lock(mu_);
      closed_ = true;
    }
    changed_.notify_one();
  }
  // Moves what was found into `out`, waiting for some; false once closed and empty.
  bool Pop(std::vector<Candidate>& out) {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return !found_.empty() || closed_; });
    out.swap(found_);
    return !out.empty() || !closed_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<Candidate> found_;
  bool closed_ = false;
};

// What one walk found, and where it could not look.
struct WalkResult {
  std::vector<Candidate> candidates;
  std::vector<PathArena> paths;  // the candidates' paths
  std::vector<std::string> incomplete;  // folders not fully listed: nothing below them is removed
  std::vector<int> incomplete_errno;    // why, for each of them
  std::int64_t ignored = 0;
  std::map<std::string, std::int64_t> other_files;  // the ignored ones by extension ("" for none)
};

// Lists one folder with readdir and fstatat relative to the open folder (no
// full-path lookups, no std::filesystem allocations: walking is most of a
// no-change re-index). Subfolders go to `subdirs`. Symlinked folders are not
// followed (loops); symlinked files are. Hidden entries are skipped.
void ListFolder(const std::string& dir, std::size_t relative_start, WalkResult& out,
                PathArena& paths, std::vector<std::string>& subdirs,
                std::atomic<std::int64_t>& walked, FoundQueue& found) {
  DIR* handle = ::opendir(dir.c_str());
  if (handle == nullptr) {
    out.incomplete.push_back(dir);
    out.incomplete_errno.push_back(errno);
    return;
  }
  int dir_fd = ::dirfd(handle);
  const std::size_t first_found = out.candidates.size();
  for (;;) {
    errno = 0;
    const dirent* entry = ::readdir(handle);
    if (entry == nullptr) {
      if (errno != 0) {
        out.incomplete.push_back(dir);
        out.incomplete_errno.push_back(errno);
      }
      break;
    }
    const char* name = entry->d_name;
    if (name[0] == '.') continue;
    unsigned char type = entry->d_type;
    if (type == DT_UNKNOWN) {
      struct stat lst{};
      if (::fstatat(dir_fd, name, &lst, AT_SYMLINK_NOFOLLOW) == 0) type = IFTODT(lst.st_mode);
    }
    std::string_view separator = dir == "/" ? "" : "/";
    if (type == DT_DIR) {
      subdirs.push_back(std::string(dir).append(separator).append(name));
      continue;
    }
    std::string ext = LowerExtension(name);
    if (!IsTagLibExtension(ext) && !IsUnsupportedAudioExtension(ext)) {
      ++out.ignored;
      ++out.other_files[ext];
      continue;
    }
    Candidate c;
    c.path = paths.Add({dir, separator, name});
    c.relative_start = relative_start;
    struct stat st{};
    if (::fstatat(dir_fd, name, &st, 0) != 0) {
      c.stat_errno = errno;
    } else {
      if (!S_ISREG(st.st_mode)) continue;
      c.size = st.st_size;
      c.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    }
    out.candidates.push_back(c);
    ++walked;
  }
  ::closedir(handle);
  found.Push(std::span<const Candidate>(out.candidates).subspan(first_found));
}

// Walks `root` on `jobs` threads sharing a stack of folders still to list:
// stat is a syscall locally and a round trip through a mount, so it
// parallelises like tag reading does. A folder that cannot be listed is
// recorded and the walk goes on. Candidates come back in no particular order,
// and each goes to `found` as it is found.
// `expected` (files, an overestimate is fine) sizes the threads' lists up
// front, each for twice its share: room never written is never faulted in,
// and the lists are joined without moving the first when it has the room.
void Walk(const std::string& root, int jobs, std::size_t expected, WalkResult& out,
          std::atomic<std::int64_t>& walked, FoundQueue& found) {
  std::size_t relative_start = root == "/" ? 1 : root.size() + 1;
  std::mutex mu;
  std::condition_variable changed;
  std::vector<std::string> pending{root};
  int busy = 0;
  std::vector<WalkResult> results(static_cast<std::size_t>(std::max(1, jobs)));
  const std::size_t reserved = std::min(expected, 2 * expected / results.size());
  auto worker = [&](WalkResult& mine) {
    mine.candidates.reserve(reserved);
    PathArena& paths = mine.paths.emplace_back();
    std::vector<std::string> subdirs;
    for (;;) {
      std::string dir;
      {
        std::unique_lock lock(mu);
        changed.wait(lock, [&] { return !pending.empty() || busy == 0; });
        if (pending.empty()) return;
        dir = std::move(pending.back());
        pending.pop_back();
        ++busy;
      }
      subdirs.clear();
      ListFolder(dir, relative_start, mine, paths, subdirs, walked, found);
      {
        std::lock_guard lock(mu);
        for (std::string& sub : subdirs) pending.push_back(std::move(sub));
        --busy;
      }
      changed.notify_all();
    }
  };
  {
    std::vector<std::jthread> threads;
    for (WalkResult& result : results) threads.emplace_back(worker, std::ref(result));
  }
  for (WalkResult& result : results) {
    if (out.candidates.empty()) {
      out.candidates = std::move(result.candidates);
    } else {
      out.candidates.insert(out.candidates.end(), result.candidates.begin(), result.candidates.end());
    }
    std::move(result.paths.begin(), result.paths.end(), std::back_inserter(out.paths));
    out.incomplete.insert(out.incomplete.end(), result.incomplete.begin(), result.incomplete.end());
    out.incomplete_errno.insert(out.incomplete_errno.end(), result.incomplete_errno.begin(),
                                result.incomplete_errno.end());
    out.ignored += result.ignored;
    for (const auto& [ext, count] : result.other_files) out.other_files[ext] += count;
  }
}

bool Under(std::string_view path, const std::string& dir) {
  return path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
                         (dir == "/" || path[dir.size()] == '/'));
}

bool UnderAny(std::string_view path, const std::vector<std::string>& dirs) {
  return std::any_of(dirs.begin(), dirs.end(), [&](const std::string& dir) { return Under(path, dir); });
}

bool FromLayout(const Track& t, const char* field) {
  return std::find(t.tags_from.begin(), t.tags_from.end(), field) != t.tags_from.end();
}

// A gone track and a new file with the same size and mtime are the same file
// moved when every field both have from tags agrees (format included).
bool SameTags(const Track& gone, const Track& fresh) {
  if (gone.audio.format != fresh.audio.format) return false;
  auto same = [&](const char* name, const std::string& a, const std::string& b) {
    return FromLayout(gone, name) || FromLayout(fresh, name) || a == b;
  };
  return same("artist", gone.fields.artist, fresh.fields.artist) &&
         same("album", gone.fields.album, fresh.fields.album) &&
         same("title", gone.fields.title, fresh.fields.title);
}

class IndexRun {
 public:
  IndexRun(Catalog& catalog, CatalogStore& store, const IndexOptions& opts)
      : catalog_(catalog), store_(store), opts_(opts), reads_(opts.jobs) {}
  Result<IndexSummary> Run();

 private:
  Status Consume(const Candidate& c, Result<TagReadResult> result);
  Status MaybeCommit();
  void Report(bool force);
  // `known` (what the catalog holds of `c`, or null) has its size and mtime: nothing to read.
  static bool Unchanged(const KnownFile* known, const Candidate& c);
  // Hands the found files that need a read to reads_, once the catalog's
  // view of their root is loaded.
  void ReadWhatChanged(const std::vector<Candidate>& found);
  // Writes the reads as they end, until the last.
  Status ConsumeReads();
  // Adds to `held_back` (nothing below it is removed) each root that held
  // tracks and is now on another type of filesystem, lists empty, or would
  // lose more than half of them, unless opts_.prune; says why in
  // summary_.root_errors.
  void HoldBackLostRoots(std::multiset<std::pair<std::int64_t, std::int64_t>> new_files,
                         std::vector<std::string>& held_back);

  // What this run saw of each root it walked.
  struct RootSeen {
    std::string path;
    std::int64_t fstype = 0;      // statfs f_type now
    std::int64_t was_fstype = 0;  // when last indexed (== fstype for a new root)
    bool empty = false;           // nothing at all in it
    std::map<std::string, std::int64_t> other_files;
  };
  std::vector<RootSeen> roots_seen_;

  Catalog& catalog_;
  CatalogStore& store_;
  const IndexOptions& opts_;
  IndexSummary summary_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_commit_ = start_;
  Clock::time_point last_report_{};
  int rows_since_commit_ = 0;

  std::vector<Candidate> candidates_;
  std::vector<PathArena> candidate_paths_;
  // The files given to reads_, by the id given with them.
  std::deque<Candidate> reading_;
  KnownFiles known_;
  // Tracks whose file is gone, by (size, mtime), until matched as a move or deleted.
  std::multimap<std::pair<std::int64_t, std::int64_t>, std::string> gone_tracks_;
  std::set<std::string> gone_;
  IndexProgress progress_;
  std::atomic<std::int64_t> walked_{0};
  // Reads the files in reading_ (ReadWhatChanged); on an early return its
  // threads stop with the run.
  TagReadPool reads_;
};

void IndexRun::Report(bool force) {
  if (!opts_.on_progress) return;
  Clock::time_point now = Clock::now();
  if (!force && now - last_report_ < kProgressInterval) return;
  last_report_ = now;
  progress_.walked = walked_;
  progress_.elapsed_s = std::chrono::duration<double>(now - start_).count();
  opts_.on_progress(progress_);
}

Status IndexRun::MaybeCommit() {
  ++rows_since_commit_;
  if (rows_since_commit_ < kRowsPerTransaction &&
      Clock::now() - last_commit_ < kMaxTransactionTime) {
    return Status::Ok();
  }
  HOARD_RETURN_IF_ERROR(catalog_.Commit());
  rows_since_commit_ = 0;
  last_commit_ = Clock::now();
  return catalog_.Begin();
}

Status IndexRun::Consume(const Candidate& c, Result<TagReadResult> result) {
  ++progress_.read;
  if (!result.ok()) {
    ++summary_.unreadable;
    // A broken file stays broken until it changes; a read that failed (a
    // mount gone, a permission) is stamped so the next run tries again.
    std::int64_t stamp = result.status().code() == EINVAL ? c.mtime_ns : -1;
    HOARD_RETURN_IF_ERROR(
        store_.PutUnreadable(std::string(c.path), c.size, stamp, result.status().message()));
    return MaybeCommit();
  }
  Track track;
  track.path = std::string(c.path);
  track.size = c.size;
  track.mtime_ns = c.mtime_ns;
  track.fields = std::move(result->fields);
  track.audio = std::move(result->audio);
  track.tags_from = FillFromLayout(ParseLayout(c.path.substr(c.relative_start)), track.fields);
  // As in beets: without a tagged or folder-given album artist, the track
  // artist is the album artist, so albums and the feed always have one.
  if (track.fields.albumartist.empty()) track.fields.albumartist = track.fields.artist;

  const KnownFile* known = known_.Find(c.path);
  if (known != nullptr && known->track_id != 0) {
    ++summary_.updated;
    HOARD_RETURN_IF_ERROR(store_.PutTrack(track));
    return MaybeCommit();
  }
  auto [begin, end] = gone_tracks_.equal_range({c.size, c.mtime_ns});
  for (auto it = begin; it != end; ++it) {
    Result<Track> gone = store_.LoadTrack(known_.Find(it->second)->track_id);
    if (!gone.ok()) return gone.status();
    if (SameTags(*gone, track)) {
      ++summary_.moved;
      gone_.erase(it->second);
      std::int64_t id = gone->id;
      gone_tracks_.erase(it);
      HOARD_RETURN_IF_ERROR(store_.MoveTrack(id, track));
      return MaybeCommit();
    }
  }
  if (known != nullptr) {
    ++summary_.updated;  // was unreadable, now reads
  } else {
    ++summary_.added;
  }
  HOARD_RETURN_IF_ERROR(store_.PutTrack(track));
  return MaybeCommit();
}

bool IndexRun::Unchanged(const KnownFile* known, const Candidate& c) {
  return known != nullptr && known->size == c.size && known->mtime_ns == c.mtime_ns;
}

void IndexRun::ReadWhatChanged(const std::vector<Candidate>& found) {
  for (const Candidate& c : found) {
    if (c.stat_errno != 0 || Unchanged(known_.Find(c.path), c)) continue;
    reads_.Add(reading_.size(), std::string(c.path), c.size);
    reading_.push_back(c);
  }
  progress_.to_read = static_cast<std::int64_t>(reading_.size());
}

Status IndexRun::ConsumeReads() {
  for (;;) {
    std::deque<TagReadPool::Read> ended;
    const bool more = reads_.Take(ended, kProgressInterval);
    for (TagReadPool::Read& read : ended) {
      HOARD_RETURN_IF_ERROR(Consume(reading_[read.id], std::move(read.result)));
    }
    Report(false);
    if (!more) return Status::Ok();
  }
}

// The name of a statfs f_type, for messages.
std::string FsTypeName(std::int64_t type) {
  switch (static_cast<unsigned long>(type)) {
    case 0xEF53: return "ext4";
    case 0x01021994: return "tmpfs";
    case 0x9123683E: return "btrfs";
    case 0x58465342: return "xfs";
    case 0x2FC12FC1: return "zfs";
    case 0x65735546: return "FUSE";
    case 0x6969: return "NFS";
    case 0xFF534D42:
    case 0xFE534D42: return "SMB";
    case 0x794C7630: return "overlay";
    default: return fmt::format("type {:#x}", type);
  }
}

// 5512 -> "5,512".
std::string Grouped(std::int64_t n) {
  const std::string digits = fmt::format("{}", n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

void IndexRun::HoldBackLostRoots(std::multiset<std::pair<std::int64_t, std::int64_t>> new_files,
                                 std::vector<std::string>& held_back) {
  if (opts_.prune) return;
  // (held, gone) of roots_seen_[i], by position: no lookup per file.
  std::vector<std::pair<std::int64_t, std::int64_t>> counts(roots_seen_.size());
  known_.ForEach([&](std::string_view path, const KnownFile& file) {
    if (file.track_id == 0) return;
    for (std::size_t i = 0; i < roots_seen_.size(); ++i) {
      if (!Under(path, roots_seen_[i].path)) continue;
      auto& [held, gone] = counts[i];
      ++held;
      if (!file.seen && !UnderAny(path, held_back)) {
        auto moved = new_files.find({file.size, file.mtime_ns});
        if (moved != new_files.end()) {
          new_files.erase(moved);
        } else {
          ++gone;
        }
      }
      return;
    }
  });
  for (std::size_t i = 0; i < roots_seen_.size(); ++i) {
    const RootSeen& root = roots_seen_[i];
    const auto [held, gone] = counts[i];
    if (held == 0) continue;
    if (root.fstype != root.was_fstype) {
      summary_.root_errors.push_back(fmt::format(
          "{} is no longer on the filesystem it was indexed on ({}, now {}) and held {} tracks: is the hoard "
          "mounted? Pass --prune to remove them",
          root.path, FsTypeName(root.was_fstype), FsTypeName(root.fstype), Grouped(held)));
    } else if (root.empty) {
      summary_.root_errors.push_back(
          fmt::format("{} is empty but held {} tracks: is the hoard mounted? Pass --prune to remove them", root.path,
                      Grouped(held)));
    } else if (gone * 2 > held) {
      summary_.root_errors.push_back(
          fmt::format("{}: {} of its {} tracks are gone: is the hoard all there? Pass --prune to remove them",
                      root.path, Grouped(gone), Grouped(held)));
    } else {
      continue;
    }
    held_back.push_back(root.path);
  }
}

Result<IndexSummary> IndexRun::Run() {
  // A root inside another root given in the same run is already covered:
  // walking it twice would count and write its files twice.
  std::vector<std::string> roots;
  for (const std::string& raw : opts_.roots) roots.push_back(NormalizeRoot(raw));
  std::sort(roots.begin(), roots.end());
  std::vector<std::string> distinct;
  for (const std::string& root : roots) {
    if (!UnderAny(root, distinct)) distinct.push_back(root);
  }
  Result<std::size_t> bound = store_.FileCountBound();
  if (!bound.ok()) return bound.status();
  known_.Reserve(*bound);
  std::vector<std::string> incomplete;
  for (const std::string& root : distinct) {
    struct stat st{};
    if (::stat(root.c_str(), &st) != 0) {
      summary_.root_errors.push_back(root + ": " + std::strerror(errno));
      continue;
    }
    if (!S_ISDIR(st.st_mode)) {
      summary_.root_errors.push_back(root + ": not a folder");
      continue;
    }
    struct statfs vfs{};
    const std::int64_t fstype = ::statfs(root.c_str(), &vfs) == 0 ? static_cast<std::int64_t>(vfs.f_type) : 0;
    Result<std::optional<std::int64_t>> was = store_.RootFsType(root);
    if (!was.ok()) return was.status();
    RootSeen& seen = roots_seen_.emplace_back(RootSeen{root, fstype, was->value_or(fstype), false, {}});
    // The catalog is read while the walk runs: both take about as long, and
    // the walk's threads mostly wait in the kernel. What the walk finds is
    // compared with the catalog once it is loaded, here, and what changed
    // is read from then on.
    WalkResult walk;
    FoundQueue found;
    std::jthread walker([&] {
      Walk(root, opts_.jobs, *bound, walk, walked_, found);
      found.Close();
    });
    Status loaded = store_.LoadUnder(root, known_);
    std::vector<Candidate> batch;
    while (found.Pop(batch)) {
      if (loaded.ok()) ReadWhatChanged(batch);
      batch.clear();
      Report(false);
    }
    walker.join();
    HOARD_RETURN_IF_ERROR(loaded);
    Report(false);
    for (std::size_t i = 0; i < walk.incomplete.size(); ++i) {
      summary_.root_errors.push_back(
          fmt::format("{}: could not be listed completely: {}", walk.incomplete[i], std::strerror(walk.incomplete_errno[i])));
    }
    incomplete.insert(incomplete.end(), walk.incomplete.begin(), walk.incomplete.end());
    seen.empty = walk.candidates.empty() && walk.ignored == 0 && walk.incomplete.empty();
    seen.other_files = std::move(walk.other_files);
    summary_.ignored += walk.ignored;
    if (candidates_.empty()) {
      candidates_ = std::move(walk.candidates);
    } else {
      candidates_.insert(candidates_.end(), walk.candidates.begin(), walk.candidates.end());
    }
    std::move(walk.paths.begin(), walk.paths.end(), std::back_inserter(candidate_paths_));
  }
  reads_.Close();

  HOARD_RETURN_IF_ERROR(catalog_.Begin());
  // (size, mtime) of the files new to the catalog: a gone track with the
  // same pair is probably moved, not gone.
  std::multiset<std::pair<std::int64_t, std::int64_t>> new_files;
  for (std::size_t i = 0; i < candidates_.size(); ++i) {
    const Candidate& c = candidates_[i];
    KnownFile* known = known_.Find(c.path);
    if (known != nullptr) known->seen = true;
    if (known == nullptr && c.stat_errno == 0) new_files.emplace(c.size, c.mtime_ns);
    if (c.stat_errno != 0) {
      ++summary_.unreadable;
      HOARD_RETURN_IF_ERROR(store_.PutUnreadable(std::string(c.path), 0, 0,
                                                 std::string("stat: ") + std::strerror(c.stat_errno)));
      continue;
    }
    if (Unchanged(known, c)) {
      ++summary_.unchanged;
      if (known->track_id == 0) ++summary_.unreadable;
    }
  }
  HoldBackLostRoots(std::move(new_files), incomplete);
  known_.ForEach([&](std::string_view path, const KnownFile& file) {
    if (file.seen || UnderAny(path, incomplete)) return;
    gone_.emplace(path);
    if (file.track_id != 0) gone_tracks_.emplace(std::make_pair(file.size, file.mtime_ns), path);
  });

  progress_.walking = false;
  Report(true);
  HOARD_RETURN_IF_ERROR(ConsumeReads());

  for (const std::string& path : gone_) {
    ++summary_.removed;
    HOARD_RETURN_IF_ERROR(store_.Remove(path));
  }
  // A held-back root keeps what was recorded of it, its filesystem type
  // included, so the next run sees the same thing until --prune.
  for (const RootSeen& root : roots_seen_) {
    if (std::find(incomplete.begin(), incomplete.end(), root.path) != incomplete.end()) continue;
    HOARD_RETURN_IF_ERROR(store_.PutRoot(root.path, root.fstype, root.other_files));
  }
  HOARD_RETURN_IF_ERROR(catalog_.Commit());
  summary_.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  Report(true);
  return summary_;
}

}  // namespace

std::string NormalizeRoot(const std::string& root) {
  std::error_code ec;
  fs::path absolute = fs::absolute(root, ec);
  if (ec) absolute = root;
  std::string out = absolute.lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

int DefaultIndexJobs(const std::vector<std::string>& roots) {
  for (const std::string& root : roots) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(fs::absolute(root, ec), ec);
    if (ec) continue;
    const std::optional<MountInfo> mount = MountHolding(canonical.string());
    if (mount && IsNetworkFsType(mount->fstype)) return kNetworkIndexJobs;
  }
  return static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
}

Result<IndexSummary> IndexPaths(Catalog& catalog, const IndexOptions& opts) {
  Result<std::unique_ptr<CatalogStore>> store = CatalogStore::Create(catalog);
  if (!store.ok()) return store.status();
  IndexRun run(catalog, **store, opts);
  Result<IndexSummary> summary = run.Run();
  // Leave no half-open transaction behind for the caller's catalog.
  if (!summary.ok()) catalog.Rollback();
  return summary;
}

}  // namespace hoard::catalog
