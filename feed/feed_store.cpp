// SQLiteCpp throws; every call into it is wrapped here and turned into a
// Status (or, for the cache, into a miss plus a log line: a broken cache must
// cost requests, never the run).
#include "base/sqlite_status.h"
#include "feed/feed_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <nlohmann/json.hpp>

#include "base/private_files.h"
#include "feed/lastfm_client.h"
#include "feed/title_normalizer.h"

namespace hoard::feed {
namespace {

constexpr int kSchemaVersion = 2;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS feed_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feed_http_cache (
  key TEXT PRIMARY KEY, status INTEGER NOT NULL, body BLOB NOT NULL, fetched_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS feed_artists (
  name_key TEXT PRIMARY KEY, name TEXT NOT NULL, mbid TEXT NOT NULL, status TEXT NOT NULL,
  reason TEXT NOT NULL, updated_at INTEGER NOT NULL, first_checked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS feed_seen (
  rg_mbid TEXT PRIMARY KEY, artist_mbid TEXT NOT NULL, verdict TEXT NOT NULL, seen_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS feed_releases (
  rg_mbid TEXT PRIMARY KEY, artist TEXT NOT NULL, artist_mbid TEXT NOT NULL, title TEXT NOT NULL,
  primary_type TEXT NOT NULL, secondary_types TEXT NOT NULL, date TEXT NOT NULL, year INTEGER NOT NULL,
  discovered INTEGER NOT NULL, summary TEXT NOT NULL, listeners INTEGER, image TEXT NOT NULL,
  lastfm_url TEXT NOT NULL, upcoming INTEGER NOT NULL DEFAULT 0, out_at INTEGER NOT NULL DEFAULT 0,
  cover TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS feed_releases_discovered ON feed_releases (discovered DESC);
CREATE TABLE IF NOT EXISTS feed_dismissed (
  mbid TEXT PRIMARY KEY, reason TEXT NOT NULL, time INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS feed_muted (
  name_key TEXT PRIMARY KEY, name TEXT NOT NULL, mbid TEXT NOT NULL, muted_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS feed_listened (name TEXT NOT NULL, mbid TEXT NOT NULL, plays INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS feed_push_queue (
  rg_mbid TEXT NOT NULL, event TEXT NOT NULL, queued_at INTEGER NOT NULL, PRIMARY KEY (rg_mbid, event));
)sql";

// What schema 2 added to the tables schema 1 had (CREATE TABLE IF NOT EXISTS
// above leaves an existing table as it is).
constexpr const char* kUpgradeFrom1 = R"sql(
ALTER TABLE feed_artists ADD COLUMN first_checked INTEGER NOT NULL DEFAULT 0;
UPDATE feed_artists SET first_checked = updated_at;
ALTER TABLE feed_releases ADD COLUMN upcoming INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feed_releases ADD COLUMN out_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feed_releases ADD COLUMN cover TEXT NOT NULL DEFAULT '';
)sql";

// The columns ListReleases and PendingPushes read, in ReadRelease's order.
constexpr const char* kReleaseColumns =
    "r.rg_mbid, r.artist, r.artist_mbid, r.title, r.primary_type, r.secondary_types, r.date, r.year, "
    "r.discovered, r.summary, r.listeners, r.image, r.lastfm_url, r.cover, r.upcoming, r.out_at";

// Releases of muted artists, by id or by name.
constexpr const char* kNotMuted =
    "NOT EXISTS (SELECT 1 FROM feed_muted m WHERE (m.mbid <> '' AND m.mbid = r.artist_mbid) OR "
    "m.name = r.artist COLLATE NOCASE)";

// feed_meta key: when a mark was last set or removed.
constexpr const char* kMarksChangedKey = "marks_changed_at";

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kNew:
      return "new";
    case Verdict::kOwned:
      return "owned";
    case Verdict::kOlder:
      return "older";
  }
  return "new";
}

std::int64_t SystemNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}


// One row of kReleaseColumns.
StoredRelease ReadRelease(SQLite::Statement& q) {
  StoredRelease r;
  r.mbid = q.getColumn(0).getString();
  r.artist = q.getColumn(1).getString();
  r.artist_mbid = q.getColumn(2).getString();
  r.title = q.getColumn(3).getString();
  r.primary_type = q.getColumn(4).getString();
  const auto types = nlohmann::json::parse(q.getColumn(5).getString(), nullptr, false);
  if (types.is_array()) {
    for (const auto& t : types) {
      if (t.is_string()) r.secondary_types.push_back(t.get<std::string>());
    }
  }
  r.date = q.getColumn(6).getString();
  r.year = q.getColumn(7).getInt();
  r.discovered = q.getColumn(8).getInt64();
  r.summary = q.getColumn(9).getString();
  if (!q.getColumn(10).isNull()) r.listeners = q.getColumn(10).getInt64();
  r.image = q.getColumn(11).getString();
  r.lastfm_url = q.getColumn(12).getString();
  r.cover = q.getColumn(13).getString();
  r.upcoming = q.getColumn(14).getInt() != 0;
  r.out_at = q.getColumn(15).getInt64();
  return r;
}

}  // namespace

const char* DismissReasonName(DismissReason reason) {
  return reason == DismissReason::kGotIt ? "got-it" : "not-interested";
}

Result<DismissReason> ParseDismissReason(const std::string& text) {
  if (text == "got-it") return DismissReason::kGotIt;
  if (text == "not-interested") return DismissReason::kNotInterested;
  return Status::Error(EINVAL, "reason must be got-it or not-interested, not \"" + text + "\"");
}

FeedStore::FeedStore(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)), now_(SystemNow) {}
FeedStore::~FeedStore() = default;

Result<std::unique_ptr<FeedStore>> FeedStore::Open(const std::string& path) {
  HOARD_RETURN_IF_ERROR(MakePrivateFile(path));
  try {
    // MakePrivateFile above: created 0600 (parents 0700) before SQLite opens it,
    // so the database is never briefly readable by others.
    auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db->setBusyTimeout(10000);
    std::unique_ptr<FeedStore> store(new FeedStore(std::move(db)));
    HOARD_RETURN_IF_ERROR(store->CreateSchema());
    return store;
  } catch (const std::exception& e) {
    return SqliteError("open database " + path, e);
  }
}

Status FeedStore::CreateSchema() {
  try {
    SQLite::Transaction tx(*db_);
    db_->exec(kSchema);
    SQLite::Statement get(*db_, "SELECT value FROM feed_meta WHERE key = 'schema_version'");
    if (get.executeStep()) {
      const int version = std::atoi(get.getColumn(0).getText());
      get.reset();
      if (version > kSchemaVersion) {
        return Status::Error(EPROTO, "the feed tables are from a newer hoard (schema " +
                                         std::to_string(version) + ")");
      }
      if (version == 1) UpgradeFromSchema1();
    } else {
      SQLite::Statement put(*db_, "INSERT INTO feed_meta (key, value) VALUES ('schema_version', ?)");
      put.bind(1, std::to_string(kSchemaVersion));
      put.exec();
    }
    tx.commit();
    return Status::Ok();
  } catch (const std::exception& e) {
    return SqliteError("create feed tables", e);
  }
}

// Runs in CreateSchema's transaction and throws like SQLiteCpp.
void FeedStore::UpgradeFromSchema1() {
  db_->exec(kUpgradeFrom1);
  SQLite::Statement put(*db_, "UPDATE feed_meta SET value = ? WHERE key = 'schema_version'");
  put.bind(1, std::to_string(kSchemaVersion));
  put.exec();
}

std::optional<CachedResponse> FeedStore::LookupResponse(const std::string& key,
                                                        std::chrono::seconds max_age) {
  try {
    SQLite::Statement q(*db_, "SELECT status, body, fetched_at FROM feed_http_cache WHERE key = ?");
    q.bind(1, key);
    if (!q.executeStep()) return std::nullopt;
    CachedResponse hit{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt64()};
    if (now_() - hit.fetched_at > max_age.count()) return std::nullopt;
    return hit;
  } catch (const std::exception& e) {
    spdlog::warn("response cache lookup failed: {}", e.what());
    return std::nullopt;
  }
}

void FeedStore::StoreResponse(const std::string& key, long status, const std::string& body) {
  try {
    SQLite::Statement q(*db_,
                        "INSERT OR REPLACE INTO feed_http_cache (key, status, body, fetched_at) "
                        "VALUES (?, ?, ?, ?)");
    q.bind(1, key);
    q.bind(2, static_cast<std::int64_t>(status));
    q.bind(3, body.data(), static_cast<int>(body.size()));
    q.bind(4, now_());
    q.exec();
  } catch (const std::exception& e) {
    spdlog::warn("response cache store failed: {}", e.what());
  }
}

void FeedStore::PruneResponses(std::chrono::seconds max_age) {
  try {
    SQLite::Statement q(*db_, "DELETE FROM feed_http_cache WHERE fetched_at < ?");
    q.bind(1, now_() - static_cast<std::int64_t>(max_age.count()));
    q.exec();
  } catch (const std::exception& e) {
    spdlog::warn("pruning the response cache failed: {}", e.what());
  }
}

std::optional<ArtistResolution> FeedStore::FindResolution(const std::string& name_key) {
  try {
    SQLite::Statement q(*db_,
                        "SELECT name, mbid, status, reason, first_checked FROM feed_artists WHERE name_key = ?");
    q.bind(1, name_key);
    if (!q.executeStep()) return std::nullopt;
    return ArtistResolution{name_key, q.getColumn(0).getString(), q.getColumn(1).getString(),
                            q.getColumn(2).getString(), q.getColumn(3).getString(), q.getColumn(4).getInt64()};
  } catch (const std::exception& e) {
    spdlog::warn("reading artist resolution failed: {}", e.what());
    return std::nullopt;
  }
}

bool FeedStore::IsSeen(const std::string& release_group_id) {
  try {
    SQLite::Statement q(*db_, "SELECT 1 FROM feed_seen WHERE rg_mbid = ?");
    q.bind(1, release_group_id);
    return q.executeStep();
  } catch (const std::exception& e) {
    spdlog::warn("reading the seen set failed: {}", e.what());
    return false;
  }
}

Status FeedStore::CommitArtist(const ArtistOutcome& outcome) {
  try {
    SQLite::Transaction tx(*db_);
    const auto now = now_();
    const ArtistResolution& r = outcome.resolution;
    SQLite::Statement artist(*db_,
                             "INSERT INTO feed_artists (name_key, name, mbid, status, reason, updated_at, "
                             "first_checked) VALUES (?1,?2,?3,?4,?5,?6,?6) ON CONFLICT (name_key) DO UPDATE SET "
                             "name = ?2, mbid = ?3, status = ?4, reason = ?5, updated_at = ?6, "
                             "first_checked = CASE first_checked WHEN 0 THEN ?6 ELSE first_checked END");
    artist.bind(1, r.name_key);
    artist.bind(2, r.name);
    artist.bind(3, r.mbid);
    artist.bind(4, r.status);
    artist.bind(5, r.reason);
    artist.bind(6, now);
    artist.exec();
    SQLite::Statement seen(*db_,
                           "INSERT OR REPLACE INTO feed_seen (rg_mbid, artist_mbid, verdict, seen_at) "
                           "VALUES (?,?,?,?)");
    for (const auto& [id, verdict] : outcome.verdicts) {
      seen.bind(1, id);
      seen.bind(2, r.mbid);
      seen.bind(3, VerdictName(verdict));
      seen.bind(4, now);
      seen.exec();
      seen.reset();
    }
    SQLite::Statement release(*db_,
                              "INSERT OR IGNORE INTO feed_releases (rg_mbid, artist, artist_mbid, title, "
                              "primary_type, secondary_types, date, year, discovered, summary, listeners, "
                              "image, lastfm_url, cover, upcoming) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    SQLite::Statement queue(*db_,
                            "INSERT OR IGNORE INTO feed_push_queue (rg_mbid, event, queued_at) VALUES (?, 'new', ?)");
    for (const StoredRelease& rel : outcome.releases) {
      release.bind(1, rel.mbid);
      release.bind(2, rel.artist);
      release.bind(3, rel.artist_mbid);
      release.bind(4, rel.title);
      release.bind(5, rel.primary_type);
      release.bind(6, nlohmann::json(rel.secondary_types).dump());
      release.bind(7, rel.date);
      release.bind(8, rel.year);
      release.bind(9, rel.discovered != 0 ? rel.discovered : now);
      release.bind(10, rel.summary);
      if (rel.listeners) {
        release.bind(11, static_cast<std::int64_t>(*rel.listeners));
      } else {
        release.bind(11);
      }
      release.bind(12, rel.image);
      release.bind(13, rel.lastfm_url);
      release.bind(14, rel.cover);
      release.bind(15, rel.upcoming ? 1 : 0);
      if (release.exec() == 1) {
        queue.bind(1, rel.mbid);
        queue.bind(2, now);
        queue.exec();
        queue.reset();
      }
      release.reset();
    }
    tx.commit();
    return Status::Ok();
  } catch (const std::exception& e) {
    return SqliteError("store results of " + outcome.resolution.name, e);
  }
}

Result<std::vector<StoredRelease>> FeedStore::ListReleases(const ReleaseQuery& query) {
  try {
    SQLite::Statement q(
        *db_,
        std::string("SELECT ") + kReleaseColumns + " FROM feed_releases r "
        "WHERE (?1 = '' OR r.artist = ?1 COLLATE NOCASE) AND r.discovered >= ?2 AND "
        "(?3 = '' OR r.primary_type = ?3 COLLATE NOCASE OR EXISTS (SELECT 1 FROM "
        "json_each(r.secondary_types) WHERE value = ?3 COLLATE NOCASE)) AND "
        "(r.rg_mbid IN (SELECT mbid FROM feed_dismissed)) = ?5 AND "
        "(?6 = '' OR r.date > ?6) AND " + kNotMuted +
        " ORDER BY r.discovered DESC, r.artist, r.title LIMIT ?4");
    q.bind(1, query.artist);
    q.bind(2, query.since);
    q.bind(3, query.type);
    q.bind(4, query.limit > 0 ? query.limit : -1);
    q.bind(5, query.dismissed ? 1 : 0);
    q.bind(6, query.upcoming_after);
    std::vector<StoredRelease> out;
    while (q.executeStep()) out.push_back(ReadRelease(q));
    return out;
  } catch (const std::exception& e) {
    return SqliteError("list releases", e);
  }
}

Result<std::vector<ArtistResolution>> FeedStore::ListUnresolved() {
  try {
    SQLite::Statement q(*db_,
                        "SELECT name_key, name, mbid, status, reason FROM feed_artists "
                        "WHERE mbid = '' ORDER BY name");
    std::vector<ArtistResolution> out;
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                     q.getColumn(3).getString(), q.getColumn(4).getString()});
    }
    return out;
  } catch (const std::exception& e) {
    return SqliteError("list unresolved artists", e);
  }
}

Status FeedStore::Dismiss(const std::string& release_group_id, DismissReason reason) {
  try {
    SQLite::Transaction tx(*db_);
    SQLite::Statement known(*db_, "SELECT 1 FROM feed_releases WHERE rg_mbid = ?");
    known.bind(1, release_group_id);
    if (!known.executeStep()) {
      return Status::Error(ENOENT, "no release group " + release_group_id + " in the feed");
    }
    const std::int64_t now = now_();
    SQLite::Statement mark(*db_, "INSERT OR REPLACE INTO feed_dismissed (mbid, reason, time) VALUES (?, ?, ?)");
    mark.bind(1, release_group_id);
    mark.bind(2, DismissReasonName(reason));
    mark.bind(3, now);
    mark.exec();
    NoteMarksChanged(now);
    tx.commit();
    return Status::Ok();
  } catch (const std::exception& e) {
    return SqliteError("mark " + release_group_id, e);
  }
}

Status FeedStore::Undismiss(const std::string& release_group_id) {
  try {
    SQLite::Transaction tx(*db_);
    SQLite::Statement unmark(*db_, "DELETE FROM feed_dismissed WHERE mbid = ?");
    unmark.bind(1, release_group_id);
    if (unmark.exec() == 0) return Status::Error(ENOENT, release_group_id + " is not marked");
    NoteMarksChanged(now_());
    tx.commit();
    return Status::Ok();
  } catch (const std::exception& e) {
    return SqliteError("unmark " + release_group_id, e);
  }
}

// Kept apart from the marks' own times because removing a mark leaves no
// row behind to date the change by. Runs in the caller's transaction and
// throws like SQLiteCpp; the caller turns that into its Status.
void FeedStore::NoteMarksChanged(std::int64_t now) {
  SQLite::Statement put(*db_, "INSERT OR REPLACE INTO feed_meta (key, value) VALUES (?, ?)");
  put.bind(1, kMarksChangedKey);
  put.bind(2, std::to_string(now));
  put.exec();
}

Result<std::int64_t> FeedStore::MarksChangedAt() {
  try {
    SQLite::Statement get(*db_, "SELECT value FROM feed_meta WHERE key = ?");
    get.bind(1, kMarksChangedKey);
    if (!get.executeStep()) return std::int64_t{0};
    return static_cast<std::int64_t>(std::atoll(get.getColumn(0).getText()));
  } catch (const std::exception& e) {
    return SqliteError("read when the marks changed", e);
  }
}

Status FeedStore::Mute(const std::string& name) {
  const std::string key = NormalizeArtistName(name);
  if (key.empty()) return Status::Error(EINVAL, "no artist name given to mute");
  try {
    SQLite::Transaction tx(*db_);
    // The artist's MusicBrainz id, so releases filed under another spelling
    // of the name are muted too: a resolution, else a release, else Last.fm.
    std::string mbid;
    SQLite::Statement resolved(*db_, "SELECT mbid FROM feed_artists WHERE name_key = ?");
    resolved.bind(1, key);
    if (resolved.executeStep()) mbid = resolved.getColumn(0).getString();
    for (const char* sql : {"SELECT DISTINCT artist, artist_mbid FROM feed_releases",
                            "SELECT name, mbid FROM feed_listened"}) {
      SQLite::Statement q(*db_, sql);
      while (mbid.empty() && q.executeStep()) {
        if (NormalizeArtistName(q.getColumn(0).getString()) == key) mbid = q.getColumn(1).getString();
      }
    }
    SQLite::Statement mute(*db_,
                           "INSERT OR REPLACE INTO feed_muted (name_key, name, mbid, muted_at) VALUES (?,?,?,?)");
    const std::int64_t now = now_();
    mute.bind(1, key);
    mute.bind(2, name);
    mute.bind(3, mbid);
    mute.bind(4, now);
    mute.exec();
    NoteMarksChanged(now);
    tx.commit();
    return Status::Ok();
  } catch (const std::exception& e) {
    return SqliteError("mute " + name, e);
  }
}

Status FeedStore::Unmute(const std::string& name) {
  try {
    SQLite::Transaction tx(*db_);
    SQLite::Statement unmute(*db_, "DELETE FROM feed_muted WHERE name_key = ?");
    unmute.bind(1, NormalizeArtistName(name));
    if (unmute.exec() == 0) return Status::Error(ENOENT, name + " is not muted");
    NoteMarksChanged(now_());
    tx.commit();
    return Status::Ok();
  } catch (const std::exception& e) {
    return SqliteError("unmute " + name, e);
  }
}

Result<std::vector<MutedArtist>> FeedStore::ListMuted() {
  try {
    SQLite::Statement q(*db_, "SELECT name_key, name, mbid, muted_at FROM feed_muted ORDER BY name");
    std::vector<MutedArtist> out;
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                     q.getColumn(3).getInt64()});
    }
    return out;
  } catch (const std::exception& e) {
    return SqliteError("list muted artists", e);
  }
}

Status FeedStore::ReplaceListened(const std::vector<ListenedArtist>& artists) {
  try {
    SQLite::Transaction tx(*db_);
    db_->exec("DELETE FROM feed_listened");
    SQLite::Statement add(*db_, "INSERT INTO feed_listened (name, mbid, plays) VALUES (?, ?, ?)");
    for (const ListenedArtist& a : artists) {
      add.bind(1, a.name);
      add.bind(2, a.mbid);
      add.bind(3, static_cast<std::int64_t>(a.plays));
      add.exec();
      add.reset();
    }
    tx.commit();
    return Status::Ok();
  } catch (const std::exception& e) {
    return SqliteError("store the Last.fm import", e);
  }
}

Result<std::vector<ListenedArtist>> FeedStore::ListListened() {
  try {
    SQLite::Statement q(*db_, "SELECT name, mbid, plays FROM feed_listened ORDER BY plays DESC, name");
    std::vector<ListenedArtist> out;
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt64()});
    }
    return out;
  } catch (const std::exception& e) {
    return SqliteError("read the Last.fm import", e);
  }
}

Result<int> FeedStore::MarkOut(const std::string& today) {
  try {
    SQLite::Transaction tx(*db_);
    const std::int64_t now = now_();
    SQLite::Statement queue(*db_,
                            "INSERT OR IGNORE INTO feed_push_queue (rg_mbid, event, queued_at) "
                            "SELECT rg_mbid, 'out', ?1 FROM feed_releases "
                            "WHERE upcoming = 1 AND out_at = 0 AND date <> '' AND date <= ?2");
    queue.bind(1, now);
    queue.bind(2, today);
    queue.exec();
    SQLite::Statement out(*db_,
                          "UPDATE feed_releases SET out_at = ?1 "
                          "WHERE upcoming = 1 AND out_at = 0 AND date <> '' AND date <= ?2");
    out.bind(1, now);
    out.bind(2, today);
    const int count = out.exec();
    tx.commit();
    return count;
  } catch (const std::exception& e) {
    return SqliteError("mark releases out", e);
  }
}

Result<std::vector<PendingPush>> FeedStore::PendingPushes() {
  try {
    SQLite::Statement q(*db_, std::string("SELECT ") + kReleaseColumns +
                                  ", p.event FROM feed_push_queue p JOIN feed_releases r ON r.rg_mbid = p.rg_mbid "
                                  "WHERE " + kNotMuted + " ORDER BY p.queued_at, r.artist, r.title, p.event");
    std::vector<PendingPush> out;
    while (q.executeStep()) {
      StoredRelease release = ReadRelease(q);
      out.push_back({std::move(release), q.getColumn(16).getString()});
    }
    return out;
  } catch (const std::exception& e) {
    return SqliteError("list owed pushes", e);
  }
}

Status FeedStore::PushDone(const std::string& release_group_id, const std::string& event) {
  try {
    SQLite::Statement done(*db_, "DELETE FROM feed_push_queue WHERE rg_mbid = ? AND event = ?");
    done.bind(1, release_group_id);
    done.bind(2, event);
    done.exec();
    return Status::Ok();
  } catch (const std::exception& e) {
    return SqliteError("record the push of " + release_group_id, e);
  }
}

Status FeedStore::ClearPushes() {
  try {
    db_->exec("DELETE FROM feed_push_queue");
    return Status::Ok();
  } catch (const std::exception& e) {
    return SqliteError("clear owed pushes", e);
  }
}

}  // namespace hoard::feed
