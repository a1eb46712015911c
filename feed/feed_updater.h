// `hoard feed update`: the discovery pipeline, one artist at a time.
//
// For each owned album artist: skip special-purpose names and artists below
// min_tracks; resolve to a MusicBrainz id (tag, stored resolution, or search
// judged by ChooseArtist; an ambiguous name is settled by which candidate has
// the user's albums, when exactly one does); browse every release group; keep
// the configured types; drop what was seen before, what is owned and what is
// older than the newest owned album (undated groups may get a year from
// Last.fm tags); describe the rest from Last.fm; commit the artist.
//
// Failures are per artist: a network error, a 404 or a malformed answer skips
// that artist with a logged reason and the run goes on. Each artist commits
// alone (FeedStore::CommitArtist), so a killed run resumes where it stopped.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "feed/feed_config.h"
#include "feed/feed_store.h"
#include "feed/lastfm_client.h"
#include "feed/musicbrainz_client.h"
#include "feed/owned_music.h"

namespace hoard::feed {

struct UpdateSummary {
  int artists = 0;     // album artists in the catalog
  int checked = 0;     // looked up and committed
  int skipped = 0;     // special-purpose names, below min_tracks
  int unresolved = 0;  // no or several matching MusicBrainz artists
  int failed = 0;      // network, 404, malformed answers: retried next run
  int new_releases = 0;
  int unreachable = 0;  // failures because a service could not be connected to
  // True when there was work and not one artist could be checked because
  // nothing answered: the run did not really happen.
  bool NothingReached() const { return unreachable > 0 && checked == 0 && unresolved == 0; }
  std::string ToString() const;
};

// Called before each artist: index from 1, total, catalog name.
using ProgressFn = std::function<void(int index, int total, const std::string& name)>;

class FeedUpdater {
 public:
  // `lastfm` may be null (no API key configured). All must outlive the updater.
  FeedUpdater(const FeedConfig& config, FeedStore& store, MusicBrainzClient& musicbrainz,
              LastfmClient* lastfm);

  UpdateSummary Run(const std::vector<OwnedArtist>& artists, const ProgressFn& progress = {});

 private:
  enum class ArtistResult { kChecked, kSkipped, kUnresolved, kFailed };
  ArtistResult ProcessArtist(const OwnedArtist& artist, UpdateSummary& summary);
  // Resolution plus, when settling an ambiguity needed them, the groups.
  Status Resolve(const OwnedArtist& artist, ArtistResolution& resolution,
                 std::vector<ReleaseGroup>& groups);
  void Describe(StoredRelease& release, const std::optional<AlbumInfo>& known_info);
  std::optional<AlbumInfo> AskLastfm(const std::string& artist, const std::string& title);

  const FeedConfig& config_;
  FeedStore& store_;
  MusicBrainzClient& musicbrainz_;
  LastfmClient* lastfm_;
  bool lastfm_disabled_ = false;
};

}  // namespace hoard::feed
