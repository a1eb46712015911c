// `hoard feed update`: the discovery pipeline, one artist at a time.
//
// Who is asked about comes from feed/watch_list.h: the owned album artists,
// the artists the Last.fm user plays (user.getTopArtists; when Last.fm
// cannot be asked, the last import stands in), minus the muted. For each:
// skip special-purpose names and owned-only artists below
// min_tracks; resolve to a MusicBrainz id (tag, stored resolution, or search
// judged by ChooseArtist; an ambiguous name is settled by which candidate has
// the user's albums, when exactly one does); browse every release group; keep
// the configured types; drop what was seen before, what is owned and what is
// older than the newest owned album (undated groups may get a year from
// Last.fm tags); describe the rest from Last.fm and the Cover Art Archive;
// commit the artist. For an artist played but not owned there is no newest
// owned album: a release counts as new when it is dated no earlier than
// `recent` before the artist was first checked (so the first run announces
// the last year's releases, later runs everything new, and a back catalogue
// added to MusicBrainz later is not); an undated one is not announced.
//
// A release dated after the day it is found is upcoming. After the artists,
// the run marks the upcoming releases whose day has come as out
// (FeedStore::MarkOut), then pushes what is owed (feed/release_pusher.h).
//
// Failures are per artist: a network error, a 404 or a malformed answer skips
// that artist with a logged reason and the run goes on. Each artist commits
// alone (FeedStore::CommitArtist), so a killed run resumes where it stopped.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "feed/feed_clients.h"
#include "feed/feed_config.h"
#include "feed/feed_store.h"
#include "feed/lastfm_client.h"
#include "feed/musicbrainz_client.h"
#include "feed/owned_music.h"
#include "feed/watch_list.h"

namespace hoard::feed {

struct UpdateSummary {
  int artists = 0;     // album artists in the catalog
  int checked = 0;     // looked up and committed
  int skipped = 0;     // special-purpose names, below min_tracks
  int unresolved = 0;  // no or several matching MusicBrainz artists
  int failed = 0;      // network, 404, malformed answers: retried next run
  int new_releases = 0;
  int unreachable = 0;  // failures because a service could not be connected to
  int out_now = 0;      // upcoming releases that came out
  int pushed = 0;       // pushes sent
  int push_failed = 0;  // pushes owed still, tried again next run
  // True when there was work and not one artist could be checked because
  // nothing answered: the run did not really happen.
  bool NothingReached() const { return unreachable > 0 && checked == 0 && unresolved == 0; }
  std::string ToString() const;
};

// Called before each artist: index from 1, total, catalog name.
using ProgressFn = std::function<void(int index, int total, const std::string& name)>;

class FeedUpdater {
 public:
  // All must outlive the updater.
  FeedUpdater(const FeedConfig& config, FeedStore& store, FeedClients& clients);

  // `owned`: the album artists of the catalog.
  UpdateSummary Run(const std::vector<OwnedArtist>& owned, const ProgressFn& progress = {});

 private:
  // Who this run watches, and why, Last.fm asked first.
  std::vector<WatchEntry> WatchList(const std::vector<OwnedArtist>& owned);
  enum class ArtistResult { kChecked, kSkipped, kUnresolved, kFailed };
  ArtistResult ProcessArtist(const WatchEntry& entry, UpdateSummary& summary);
  // Last.fm's import, or the last stored one when Last.fm cannot be asked.
  std::vector<ListenedArtist> Listened();
  // Whether a group of an artist not owned is recent enough to announce.
  bool RecentEnough(const ReleaseGroup& group, const ArtistResolution& resolution) const;
  std::string FrontCover(const ReleaseGroup& group);
  // Resolution plus, when settling an ambiguity needed them, the groups.
  Status Resolve(const OwnedArtist& artist, ArtistResolution& resolution,
                 std::vector<ReleaseGroup>& groups);
  void Describe(StoredRelease& release, const std::optional<AlbumInfo>& known_info);
  std::optional<AlbumInfo> AskLastfm(const std::string& artist, const std::string& title);

  const FeedConfig& config_;
  FeedStore& store_;
  MusicBrainzClient& musicbrainz_;
  LastfmClient* lastfm_;          // null without an API key
  CoverArtClient* cover_art_;     // null with cover_art = false
  Notifier* notifier_;            // null without notify.url
  bool lastfm_disabled_ = false;
  bool cover_art_disabled_ = false;
};

}  // namespace hoard::feed
