// Tag reads ahead: what a scanner will read next, fetched while it reads.
//
// Music servers and taggers (mpd, beets, Navidrome, hoard index) walk the
// hoard in order: open a file, read its head (and tail), close, next. Over a
// WAN each such file costs a few round trips, one file after the other. The
// cache learns what a scan reads of a file: when a handle is closed having
// read at most kMaxProfileBytes and at most half of the file, near its start
// and its end, and without playing it (no prefetch started), its reach from
// the start and from the end widens the profile of its extension to the
// farthest seen (a reader's chunks fall differently in files of different
// sizes: a profile of one file's would miss the next file's tail, costing
// the scanner an open of its own and a round trip). Each open of a file
// then offers the next kFilesAhead files with that extension - of its
// directory, then of the directories after it in its parent - to the
// workers of CacheAhead, each to have that much of its head and tail read
// through the cache. So the scanner finds them cached, and an open of a file
// whose start is cached asks the server nothing (caching_remote.cpp).
//
// The budget: at most kFilesAhead files past the one being read, at most
// kMaxProfileBytes of each, only from listings the cache holds (finding
// them costs no round trip), only while the scan keeps reading like one. A
// copy or a player, which reads a file whole, teaches nothing. A scan with
// many files open at once (hoard index) is offered nothing: it reads ahead
// by itself, and a worker would open its files beside it.
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <span>

#include "fs/cache/caching_remote.h"
#include "fs/cache/opened_file.h"

namespace hoard::fs {
namespace {

constexpr std::size_t kFilesAhead = 8;
constexpr std::uint64_t kMaxProfileBytes = 1 << 20;
// Directories after the file's own looked into for more files.
constexpr std::size_t kDirectoriesAhead = 2;
constexpr std::uint64_t kPageMargin = 4096;

// ".flac" of "/a/01.FLAC"; "" when the name has none.
std::string LowerExtension(const std::string& path) {
  const std::string name = RemoteName(path);
  const std::size_t dot = name.rfind('.');
  if (dot == std::string::npos || dot == 0) return {};
  std::string ext = name.substr(dot);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

std::uint64_t RoundUpToBlock(std::uint64_t n) {
  return (n + kCacheBlockSize - 1) / kCacheBlockSize * kCacheBlockSize;
}

}  // namespace

void CachingRemote::LearnTagProfile(OpenedFile& file) {
  TagProfile profile;
  {
    std::lock_guard lock(file.pattern_mu);
    if (!file.entry || file.prefetching || file.bytes_read == 0 || file.bytes_read > kMaxProfileBytes) return;
    profile.head = file.head_end;
    profile.tail = file.tail_from < file.attr.size ? file.attr.size - file.tail_from : 0;
  }
  const std::string ext = LowerExtension(file.path);
  // A scan leaves most of a file unread; a copy or a play does not.
  if (ext.empty() || profile.head + profile.tail > std::min(kMaxProfileBytes, file.attr.size / 2)) return;
  bool first = false;
  {
    std::lock_guard lock(profiles_mu_);
    auto [it, inserted] = profiles_.try_emplace(ext, profile);
    first = inserted;
    it->second.head = std::max(it->second.head, profile.head);
    it->second.tail = std::max(it->second.tail, profile.tail);
  }
  // The scan's first file of this kind: its open had no profile to offer.
  if (first) OfferTagsAhead(file.path);
}

void CachingRemote::OfferTagsAhead(const std::string& path) {
  const std::string ext = LowerExtension(path);
  if (ext.empty() || !ahead_.enabled()) return;
  TagProfile profile;
  {
    std::lock_guard lock(profiles_mu_);
    auto it = profiles_.find(ext);
    if (it == profiles_.end()) return;
    profile = it->second;
  }
  CacheIndex& index = store_->index();
  std::size_t offered = 0;
  // Offers the files with `ext` in the cached listing of `dir` whose names
  // sort after `after`, up to kFilesAhead in all.
  auto offer_from = [&](const std::string& dir, const std::string& after) {
    auto listing = index.GetListing(dir);
    if (!listing.ok() || !*listing) return;
    for (const DirEntry& e : (*listing)->entries) {  // in name order
      if (offered == kFilesAhead) return;
      if (e.name <= after || !S_ISREG(e.attr.mode)) continue;
      const std::string file = JoinRemotePath(dir, e.name);
      if (LowerExtension(file) != ext) continue;
      ahead_.OfferTags(file, profile.head, profile.tail);
      ++offered;
    }
  };
  const std::string dir = RemoteParent(path);
  offer_from(dir, RemoteName(path));
  if (offered == kFilesAhead || dir == "/") return;
  auto siblings = index.GetListing(RemoteParent(dir));
  if (!siblings.ok() || !*siblings) return;
  std::size_t looked = 0;
  for (const DirEntry& e : (*siblings)->entries) {
    if (offered == kFilesAhead || looked == kDirectoriesAhead) return;
    if (e.name <= RemoteName(dir) || !S_ISDIR(e.attr.mode)) continue;
    offer_from(JoinRemotePath(RemoteParent(dir), e.name), "");
    ++looked;
  }
}

void CachingRemote::ReadTagsAhead(const std::string& path, std::uint64_t head, std::uint64_t tail) {
  // As a reader's open: the server is asked for the file only when its
  // start is not cached, which a worker would fetch anyway.
  bool unchanged = false;
  auto opened = OpenShared(path, &unchanged);
  if (!opened.ok() || !(*opened)->entry) return;
  OpenedFile& file = **opened;
  // Its start cached or being fetched: a reader is on it (a parallel scan
  // such as hoard index's, opening it on a session of its own) or was.
  if (file.entry->NextAbsent(0) != 0) return;
  const std::uint64_t size = file.attr.size;
  head = std::min(size, RoundUpToBlock(head));
  // One page more before the tail: the kernel reads whole pages, which
  // fall differently in files of different sizes.
  const std::uint64_t tail_from = tail == 0 ? size : (size > tail + kPageMargin ? size - tail - kPageMargin : 0);
  struct Region {
    std::uint64_t from, to;
  };
  const Region regions[] = {{0, head}, {std::max(head, tail_from), size}};
  for (const Region& r : regions) {
    if (r.to <= r.from || file.entry->PresentRunEnd(r.from, r.to) == r.to) continue;
    const auto buf = std::make_unique_for_overwrite<char[]>(r.to - r.from);
    if (!ReadThrough(file, r.from, std::span<char>(buf.get(), r.to - r.from), 0, false).ok()) return;
  }
}

}  // namespace hoard::fs
