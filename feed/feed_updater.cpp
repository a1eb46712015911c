#include "feed/feed_updater.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>

#include "feed/artist_resolver.h"
#include "feed/feed_clients.h"
#include "feed/release_filter.h"
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
         std::to_string(failed) + " failed; " + std::to_string(new_releases) + " new releases";
}

FeedUpdater::FeedUpdater(const FeedConfig& config, FeedStore& store, MusicBrainzClient& musicbrainz,
                         LastfmClient* lastfm)
    : config_(config), store_(store), musicbrainz_(musicbrainz), lastfm_(lastfm) {}

UpdateSummary FeedUpdater::Run(const std::vector<OwnedArtist>& artists, const ProgressFn& progress) {
  UpdateSummary summary;
  summary.artists = static_cast<int>(artists.size());
  int index = 0;
  for (const OwnedArtist& artist : artists) {
    if (progress) progress(++index, summary.artists, artist.name);
    switch (ProcessArtist(artist, summary)) {
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

FeedUpdater::ArtistResult FeedUpdater::ProcessArtist(const OwnedArtist& artist, UpdateSummary& summary) {
  if (IsSpecialPurposeArtist(artist.name)) {
    spdlog::debug("skipping special-purpose artist \"{}\"", artist.name);
    return ArtistResult::kSkipped;
  }
  if (artist.track_count < config_.min_tracks) {
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
  for (const ReleaseGroup& group : groups) {
    if (!types.Accepts(group) || store_.IsSeen(group.id)) continue;
    if (FindOwnedAlbum(group, artist, config_.match_threshold) != nullptr) {
      outcome.verdicts.emplace_back(group.id, Verdict::kOwned);
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
    Describe(release, info);
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
