#include "feed/feed_updater.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>

#include "feed/artist_resolver.h"
#include "feed/feed_clients.h"
#include "feed/feed_document.h"
#include "feed/release_filter.h"
#include "feed/release_pusher.h"
#include "feed/title_normalizer.h"

namespace hoard::feed {
namespace {

// Enough to settle "Solstice" among the best few; each costs a request.
constexpr size_t kMaxCandidatesToBrowse = 5;

bool IsUnreachable(const Status& s) { return s.code() == ECONNREFUSED; }

}  // namespace

std::string UpdateSummary::ToString() const {
  return std::to_string(artists) + " artists: " + std::to_string(checked) + " checked, " +
         std::to_string(skipped) + " skipped, " + std::to_string(unresolved) + " unresolved, " +
         std::to_string(failed) + " failed; " + std::to_string(new_releases) + " new releases" +
         (out_now > 0 ? ", " + std::to_string(out_now) + " out now" : "") +
         (pushed + push_failed > 0 ? "; " + std::to_string(pushed) + " pushed, " + std::to_string(push_failed) +
                                         " pushes failed"
                                   : "");
}

FeedUpdater::FeedUpdater(const FeedConfig& config, FeedStore& store, FeedClients& clients)
    : config_(config), store_(store), musicbrainz_(*clients.musicbrainz), lastfm_(clients.lastfm.get()),
      cover_art_(clients.cover_art.get()), notifier_(clients.notifier.get()) {}

std::vector<ListenedArtist> FeedUpdater::Listened() {
  if (config_.lastfm_user.empty()) return {};
  if (lastfm_ != nullptr && !lastfm_disabled_) {
    auto fetched = lastfm_->GetTopArtists(config_.lastfm_user, config_.min_plays, config_.ttl);
    if (fetched.ok()) {
      if (Status s = store_.ReplaceListened(*fetched); !s.ok()) spdlog::warn("{}", s.message());
      return std::move(*fetched);
    }
    const Status& s = fetched.status();
    if (s.code() == EACCES || s.code() == ECONNREFUSED) lastfm_disabled_ = true;
    spdlog::warn("Last.fm listening not updated, using the last import: {}", s.message());
  }
  auto stored = store_.ListListened();
  if (!stored.ok()) {
    spdlog::warn("{}", stored.status().message());
    return {};
  }
  return std::move(*stored);
}

std::vector<WatchEntry> FeedUpdater::WatchList(const std::vector<OwnedArtist>& owned) {
  auto muted = store_.ListMuted();
  if (!muted.ok()) spdlog::warn("{}", muted.status().message());
  return BuildWatchList(owned, Listened(), muted.ok() ? *muted : std::vector<MutedArtist>{}, config_,
                        !config_.lastfm_user.empty());
}

UpdateSummary FeedUpdater::Run(const std::vector<OwnedArtist>& owned, const ProgressFn& progress) {
  UpdateSummary summary;
  std::vector<WatchEntry> watched;
  for (WatchEntry& e : WatchList(owned)) {
    if (e.watched) {
      watched.push_back(std::move(e));
    } else {
      spdlog::debug("not watching \"{}\": {}", e.artist.name, e.why);
      ++summary.skipped;
    }
  }
  summary.artists = static_cast<int>(watched.size()) + summary.skipped;
  int index = 0;
  for (const WatchEntry& entry : watched) {
    if (progress) progress(++index, static_cast<int>(watched.size()), entry.artist.name);
    switch (ProcessArtist(entry, summary)) {
      case ArtistResult::kChecked:
        ++summary.checked;
        break;
      case ArtistResult::kSkipped:
        ++summary.skipped;
        break;
      case ArtistResult::kUnresolved:
        ++summary.unresolved;
        break;
      case ArtistResult::kFailed:
        ++summary.failed;
        break;
    }
  }
  if (auto out = store_.MarkOut(IsoDay(store_.Now())); out.ok()) {
    summary.out_now = *out;
  } else {
    spdlog::warn("{}", out.status().message());
  }
  const PushSummary pushes = PushOwed(store_, notifier_);
  summary.pushed = pushes.pushed;
  summary.push_failed = pushes.failed;
  store_.PruneResponses(std::max(config_.ttl, kLongCacheAge));
  return summary;
}

Status FeedUpdater::Resolve(const OwnedArtist& artist, ArtistResolution& resolution,
                            std::vector<ReleaseGroup>& groups) {
  resolution.name = artist.name;
  resolution.name_key = NormalizeArtistName(artist.name);
  if (!artist.mb_artistid.empty()) {
    resolution.mbid = artist.mb_artistid;
    resolution.status = "tagged";
    return Status::Ok();
  }
  if (auto stored = store_.FindResolution(resolution.name_key); stored && !stored->mbid.empty()) {
    resolution = *stored;
    resolution.name = artist.name;
    return Status::Ok();
  }
  auto search = musicbrainz_.SearchArtist(artist.name);
  if (!search.ok()) return search.status().WithContext("search");
  ArtistChoice choice = ChooseArtist(artist.name, *search, config_.min_score);
  if (choice.outcome == ArtistChoice::Outcome::kAmbiguous && !artist.albums.empty()) {
    // The user's own albums say which namesake they mean.
    std::vector<std::pair<ArtistCandidate, std::vector<ReleaseGroup>>> owners;
    for (size_t i = 0; i < choice.candidates.size() && i < kMaxCandidatesToBrowse; ++i) {
      auto candidate_groups = musicbrainz_.BrowseReleaseGroups(choice.candidates[i].id);
      if (!candidate_groups.ok() && candidate_groups.status().code() == ENOENT) continue;
      if (!candidate_groups.ok()) return candidate_groups.status().WithContext("disambiguate");
      for (const ReleaseGroup& g : *candidate_groups) {
        if (FindOwnedAlbum(g, artist, config_.match_threshold) != nullptr) {
          owners.emplace_back(choice.candidates[i], std::move(*candidate_groups));
          break;
        }
      }
    }
    if (owners.size() == 1) {
      choice.outcome = ArtistChoice::Outcome::kResolved;
      choice.artist = owners.front().first;
      groups = std::move(owners.front().second);
      resolution.reason = "chosen among namesakes by owned albums";
    }
  }
  switch (choice.outcome) {
    case ArtistChoice::Outcome::kResolved:
      resolution.mbid = choice.artist.id;
      resolution.status = "resolved";
      break;
    case ArtistChoice::Outcome::kNoMatch:
      resolution.status = "no-match";
      resolution.reason = choice.reason;
      break;
    case ArtistChoice::Outcome::kAmbiguous:
      resolution.status = "ambiguous";
      resolution.reason = choice.reason;
      break;
  }
  return Status::Ok();
}

bool FeedUpdater::RecentEnough(const ReleaseGroup& group, const ArtistResolution& resolution) const {
  const ReleaseDate date = ParseReleaseDate(group.first_release_date);
  if (date.undated()) return false;
  const std::int64_t first = resolution.first_checked != 0 ? resolution.first_checked : store_.Now();
  const std::string cutoff = IsoDay(first - static_cast<std::int64_t>(config_.recent.count()));
  // A partial date ("2025", "2025-11") is recent when any day it may mean is.
  const std::string& text = group.first_release_date;
  return text >= cutoff.substr(0, text.size());
}

std::string FeedUpdater::FrontCover(const ReleaseGroup& group) {
  if (cover_art_ == nullptr || cover_art_disabled_) return {};
  auto cover = cover_art_->FrontCover(group.id);
  if (cover.ok()) return std::move(*cover);
  if (cover.status().code() == ECONNREFUSED) cover_art_disabled_ = true;
  spdlog::warn("no cover for \"{}\": {}", group.title, cover.status().message());
  return {};
}

FeedUpdater::ArtistResult FeedUpdater::ProcessArtist(const WatchEntry& entry, UpdateSummary& summary) {
  const OwnedArtist& artist = entry.artist;
  if (IsSpecialPurposeArtist(artist.name)) {
    spdlog::debug("skipping special-purpose artist \"{}\"", artist.name);
    return ArtistResult::kSkipped;
  }
  if (!entry.plays && artist.track_count < config_.min_tracks) {
    spdlog::debug("skipping \"{}\": {} tracks < min_tracks {}", artist.name, artist.track_count,
                  config_.min_tracks);
    return ArtistResult::kSkipped;
  }
  auto fail = [&](const Status& s) {
    if (IsUnreachable(s)) ++summary.unreachable;
    spdlog::warn("skipping \"{}\" this run: {}", artist.name, s.message());
    return ArtistResult::kFailed;
  };

  ArtistOutcome outcome;
  std::vector<ReleaseGroup> groups;
  if (Status s = Resolve(artist, outcome.resolution, groups); !s.ok()) return fail(s);
  if (outcome.resolution.mbid.empty()) {
    spdlog::info("\"{}\" not resolved: {}", artist.name, outcome.resolution.reason);
    if (Status s = store_.CommitArtist(outcome); !s.ok()) return fail(s);
    return ArtistResult::kUnresolved;
  }
  if (groups.empty()) {
    auto browsed = musicbrainz_.BrowseReleaseGroups(outcome.resolution.mbid);
    if (!browsed.ok() && browsed.status().code() == ENOENT && outcome.resolution.status == "resolved") {
      // A stored resolution MusicBrainz no longer knows (merged or deleted
      // artist): forget it, so the next run searches afresh.
      outcome.resolution.mbid.clear();
      outcome.resolution.status = "failed";
      outcome.resolution.reason = browsed.status().message();
      if (Status s = store_.CommitArtist(outcome); !s.ok()) return fail(s);
    }
    if (!browsed.ok()) return fail(browsed.status().WithContext("release groups"));
    groups = std::move(*browsed);
  }

  const TypeFilter types{config_.types, config_.secondary_types};
  const int newest_owned = NewestOwnedYear(artist);
  if (!entry.owned) {
    if (auto stored = store_.FindResolution(outcome.resolution.name_key)) {
      outcome.resolution.first_checked = stored->first_checked;
    }
  }
  const std::string today = IsoDay(store_.Now());
  for (const ReleaseGroup& group : groups) {
    if (!types.Accepts(group) || store_.IsSeen(group.id)) continue;
    if (FindOwnedAlbum(group, artist, config_.match_threshold) != nullptr) {
      outcome.verdicts.emplace_back(group.id, Verdict::kOwned);
      continue;
    }
    if (!entry.owned && !RecentEnough(group, outcome.resolution)) {
      outcome.verdicts.emplace_back(group.id, Verdict::kOlder);
      continue;
    }
    const ReleaseDate date = ParseReleaseDate(group.first_release_date);
    int year = date.year;
    std::optional<AlbumInfo> info;
    if (date.undated()) {
      info = AskLastfm(artist.name, group.title);
      if (info) year = info->tag_year;
    }
    if (year != 0 && year < newest_owned) {
      outcome.verdicts.emplace_back(group.id, Verdict::kOlder);
      continue;
    }
    StoredRelease release;
    release.mbid = group.id;
    release.artist = artist.name;
    release.artist_mbid = outcome.resolution.mbid;
    release.title = group.title;
    release.primary_type = group.primary_type;
    release.secondary_types = group.secondary_types;
    release.date = group.first_release_date;
    release.year = year;
    release.discovered = store_.Now();
    release.upcoming = !date.undated() && group.first_release_date > today;
    Describe(release, info);
    release.cover = FrontCover(group);
    outcome.verdicts.emplace_back(group.id, Verdict::kNew);
    outcome.releases.push_back(std::move(release));
  }
  if (Status s = store_.CommitArtist(outcome); !s.ok()) return fail(s);
  summary.new_releases += static_cast<int>(outcome.releases.size());
  return ArtistResult::kChecked;
}

std::optional<AlbumInfo> FeedUpdater::AskLastfm(const std::string& artist, const std::string& title) {
  if (lastfm_ == nullptr || lastfm_disabled_) return std::nullopt;
  auto info = lastfm_->GetAlbumInfo(artist, title);
  if (info.ok()) return std::move(*info);
  const Status& s = info.status();
  if (s.code() == EACCES || s.code() == ECONNREFUSED) {
    spdlog::warn("Last.fm disabled for this run: {}", s.message());
    lastfm_disabled_ = true;
  } else if (s.code() != ENOENT) {
    spdlog::warn("no Last.fm description for \"{}\" by \"{}\": {}", title, artist, s.message());
  }
  return std::nullopt;
}

void FeedUpdater::Describe(StoredRelease& release, const std::optional<AlbumInfo>& known_info) {
  std::optional<AlbumInfo> info = known_info;
  if (!info && release.undated()) return;  // already asked, nothing there
  if (!info) info = AskLastfm(release.artist, release.title);
  if (!info) return;
  release.summary = info->summary;
  release.listeners = info->listeners;
  release.image = info->image;
  release.lastfm_url = info->url;
}

}  // namespace hoard::feed
