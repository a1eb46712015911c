// The feed's state, kept in feed_* tables of the catalog's SQLite file so one
// file holds everything hoard knows:
//   feed_meta        key/value; "schema_version" (the catalog owns PRAGMA user_version)
//   feed_http_cache  response cache of the HTTP client (keys never hold secrets)
//   feed_artists     artist resolutions: MBID, or why there is none
//   feed_seen        release groups already judged (new, owned, older)
//   feed_releases    the new releases, with discovery time and description
//   feed_dismissed   releases the user marked "got it" or "not interested"
//                    (from the web view or `hoard feed dismiss`): every
//                    listing leaves them out, so the CLI, the written feeds
//                    and `hoard serve` agree
//   feed_muted       artists the user muted: never asked about, never listed
//                    (kept here, not in the catalog, so re-indexing and a new
//                    Last.fm import leave the mute alone)
//   feed_listened    the last Last.fm import: who the user plays, how often
//   feed_push_queue  pushes owed: a release found ("new") or come out ("out"),
//                    queued in the transaction that records the event and
//                    removed once the push went through
//
// Schema 2 added upcoming/out_at/cover to feed_releases, first_checked to
// feed_artists, and the last three tables; a schema-1 file is upgraded on
// open, in one transaction.
//
// Contract: Open creates the file 0600 (its directory 0700) and the tables.
// CommitArtist writes one artist's resolution, verdicts and releases in one
// transaction, so a run killed between artists keeps every finished artist
// and a run killed inside one keeps nothing half-done of it. Not thread-safe;
// other processes may use the file concurrently (SQLite locking, busy timeout).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "feed/http_client.h"

namespace SQLite {
class Database;
}

namespace hoard::feed {

struct StoredRelease {
  std::string mbid;  // release group id
  std::string artist;
  std::string artist_mbid;
  std::string title;
  std::string primary_type;  // "" when null
  std::vector<std::string> secondary_types;
  std::string date;  // as MusicBrainz gave it; "" when it gave none
  int year = 0;      // from the date, else from Last.fm tags; 0 when undated
  std::int64_t discovered = 0;  // unix seconds
  std::string summary;
  std::optional<long long> listeners;
  std::string image;
  std::string lastfm_url;
  std::string cover;      // the Cover Art Archive's 250 px front image; "" when none
  bool upcoming = false;  // its date was after the day it was found
  std::int64_t out_at = 0;  // when a run saw an upcoming release come out; 0: not yet
  bool undated() const { return year == 0; }
};

struct ArtistResolution {
  std::string name_key;  // NormalizeArtistName of the catalog name
  std::string name;      // catalog name
  std::string mbid;      // empty when unresolved
  std::string status;    // "tagged", "resolved", "no-match", "ambiguous", "failed"
  std::string reason;
  std::int64_t first_checked = {};  // when the artist was first committed (unix seconds); 0: never
};

struct MutedArtist {
  std::string name_key;  // NormalizeArtistName of the name
  std::string name;      // as the user wrote it
  std::string mbid;      // their MusicBrainz id when known at mute time
  std::int64_t muted_at = 0;
};

struct ListenedArtist;

// A push owed: "new" (found) or "out" (an upcoming release came out).
struct PendingPush {
  StoredRelease release;
  std::string event;
};

enum class Verdict { kNew, kOwned, kOlder };

struct ArtistOutcome {
  ArtistResolution resolution;
  std::vector<std::pair<std::string, Verdict>> verdicts;  // release group id -> verdict
  std::vector<StoredRelease> releases;                    // the kNew ones
};

struct ReleaseQuery {
  std::string artist;        // case-insensitive exact match when non-empty
  std::int64_t since = 0;    // discovered at or after (unix seconds)
  std::string type;          // primary or secondary type, case-insensitive
  int limit = 0;             // 0: all
  bool dismissed = false;    // false: the unmarked releases; true: only the marked ones
  std::string upcoming_after = {};  // "YYYY-MM-DD": only releases dated after that day
};

// Why the user set a release aside; both hide it the same way, the reason is
// kept for them.
enum class DismissReason { kGotIt, kNotInterested };

// "got-it" / "not-interested"; ParseDismissReason fails (EINVAL) on anything else.
const char* DismissReasonName(DismissReason reason);
Result<DismissReason> ParseDismissReason(const std::string& text);

class FeedStore : public ResponseCache {
 public:
  static Result<std::unique_ptr<FeedStore>> Open(const std::string& path);
  ~FeedStore() override;

  std::optional<CachedResponse> LookupResponse(const std::string& key,
                                               std::chrono::seconds max_age) override;
  void StoreResponse(const std::string& key, long status, const std::string& body) override;
  // Drops cached responses fetched more than `max_age` ago: no Get would use them.
  void PruneResponses(std::chrono::seconds max_age);

  std::optional<ArtistResolution> FindResolution(const std::string& name_key);
  bool IsSeen(const std::string& release_group_id);
  Status CommitArtist(const ArtistOutcome& outcome);
  // Newest discoveries first; muted artists' releases left out.
  Result<std::vector<StoredRelease>> ListReleases(const ReleaseQuery& query);
  Result<std::vector<ArtistResolution>> ListUnresolved();

  // Mutes an artist by name (any case and spelling NormalizeArtistName
  // folds): their releases leave every listing at once and the updater
  // skips them. Muting again updates the name.
  Status Mute(const std::string& name);
  // ENOENT when the artist was not muted.
  Status Unmute(const std::string& name);
  Result<std::vector<MutedArtist>> ListMuted();

  // The Last.fm import: replaced whole by each successful one.
  Status ReplaceListened(const std::vector<ListenedArtist>& artists);
  Result<std::vector<ListenedArtist>> ListListened();

  // Upcoming releases dated on or before `today` ("YYYY-MM-DD"; a partial
  // date counts from its first day) are out: out_at is set and an "out"
  // push queued, once. Returns how many came out.
  Result<int> MarkOut(const std::string& today);
  // Owed pushes, oldest first, muted artists' left out.
  Result<std::vector<PendingPush>> PendingPushes();
  Status PushDone(const std::string& release_group_id, const std::string& event);
  // Forgets every owed push (no push target configured: nothing to catch up on later).
  Status ClearPushes();

  // Marks a stored release group; marking again replaces reason and time.
  // ENOENT when the feed holds no such release (a typo must not pass silently).
  Status Dismiss(const std::string& release_group_id, DismissReason reason);
  // Removes the mark; ENOENT when there was none.
  Status Undismiss(const std::string& release_group_id);
  // When a mark was last set or removed (unix seconds, 0: never): what the
  // listing shows changes then too, so Last-Modified must not be older.
  Result<std::int64_t> MarksChangedAt();

  // Tests move time; production uses the system clock.
  void SetNowForTesting(std::function<std::int64_t()> now) { now_ = std::move(now); }
  std::int64_t Now() const { return now_(); }

 private:
  explicit FeedStore(std::unique_ptr<SQLite::Database> db);
  Status CreateSchema();
  void UpgradeFromSchema1();
  void NoteMarksChanged(std::int64_t now);

  std::unique_ptr<SQLite::Database> db_;
  std::function<std::int64_t()> now_;
};

}  // namespace hoard::feed
