// `hoard feed update|list|artists|unresolved|atom|rss|ical|dismiss|undismiss|mute|unmute`:
// the new-release feed's front end.
// The pipeline lives in feed/; this file only parses options, opens the
// database and configuration, and renders results for people and programs.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "base/json_text.h"
#include "catalog/catalog_db.h"
#include "feed/atom_writer.h"
#include "feed/atomic_file.h"
#include "feed/catalog_owned_music.h"
#include "feed/feed_clients.h"
#include "feed/feed_config.h"
#include "feed/feed_document.h"
#include "feed/feed_store.h"
#include "feed/feed_updater.h"
#include "feed/ical_writer.h"
#include "feed/owned_music.h"
#include "feed/release_json.h"
#include "feed/rss_writer.h"
#include "feed/title_normalizer.h"
#include "feed/watch_list.h"
#include "tools/commands.h"

namespace hoard::tools {
namespace {

struct FeedOptions {
  std::string db;
  std::string config;
  std::string owned;
  bool quiet = false;
  bool json = false;
  std::string artist;
  std::string since;
  std::string type;
  std::string output;
  int limit = 0;
  bool dismissed = false;
  bool upcoming = false;
  std::string reason;
  std::vector<std::string> names;
  std::vector<std::string> release_groups;
};

void AddCommonOptions(CLI::App* cmd, FeedOptions& o) {
  cmd->add_option("--db", o.db, "Catalog database (default: $HOARD_DB, else $XDG_DATA_HOME/hoard/catalog.db)");
  cmd->add_option("--config", o.config,
                  "Configuration file (default: $HOARD_CONFIG, else $XDG_CONFIG_HOME/hoard/config.toml)");
}

// "2026-11-01" or "2026-11-01T12:00:00Z" -> unix seconds (UTC).
Result<std::int64_t> ParseSince(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%d", &tm);
  if (end != nullptr && *end == 'T') end = strptime(end, "T%H:%M:%S", &tm);
  if (end != nullptr && (*end == 'Z' || *end == '\0') && (*end == '\0' || end[1] == '\0')) {
    return static_cast<std::int64_t>(timegm(&tm));
  }
  return Status::Error(EINVAL, "--since: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, got \"" + text + "\"");
}

// The user's albums: the catalog, unless --owned names a JSON file instead
// (for music that is not indexed, or for trying the feed out).
Result<std::unique_ptr<feed::OwnedMusicSource>> OpenOwnedMusic(const FeedOptions& o) {
  if (!o.owned.empty()) return std::unique_ptr<feed::OwnedMusicSource>(new feed::JsonOwnedMusicSource(o.owned));
  Result<std::string> path = catalog::ResolveCatalogPath(o.db);
  if (!path.ok()) return path.status();
  return std::unique_ptr<feed::OwnedMusicSource>(new feed::CatalogOwnedMusicSource(*path));
}

// The feed's tables live in the catalog's file.
Result<std::unique_ptr<feed::FeedStore>> OpenStore(const FeedOptions& o) {
  Result<std::string> path = catalog::ResolveCatalogPath(o.db);
  if (!path.ok()) return path.status();
  return feed::FeedStore::Open(*path);
}

int RunUpdate(const FeedOptions& o) {
  auto config = feed::LoadFeedConfig(o.config);
  if (!config.ok()) return Fail(config.status());
  if (Status s = feed::CheckReadyForNetwork(*config); !s.ok()) return Fail(s);
  auto owned = OpenOwnedMusic(o);
  if (!owned.ok()) return Fail(owned.status());
  auto artists = (*owned)->ListAlbumArtists();
  if (!artists.ok()) return Fail(artists.status());
  auto store = OpenStore(o);
  if (!store.ok()) return Fail(store.status());
  feed::FeedClients clients = feed::MakeFeedClients(*config, **store);
  feed::FeedUpdater updater(*config, **store, clients);
  const bool progress = !o.quiet && ::isatty(STDERR_FILENO) == 1;
  const feed::UpdateSummary summary =
      updater.Run(*artists, [progress](int index, int total, const std::string& name) {
        if (progress) std::fprintf(stderr, "\r\033[K[%d/%d] %s", index, total, name.c_str());
      });
  if (progress) std::fprintf(stderr, "\r\033[K");
  if (summary.NothingReached()) {
    return Fail(Status::Error(ECONNREFUSED, "nothing could be reached (" + summary.ToString() + ")"));
  }
  if (!o.quiet) std::printf("%s\n", summary.ToString().c_str());
  return 0;
}

Result<std::vector<feed::StoredRelease>> LoadReleases(const FeedOptions& o) {
  feed::ReleaseQuery query{o.artist, 0, o.type, o.limit, o.dismissed,
                           o.upcoming ? feed::IsoDay(std::time(nullptr)) : std::string()};
  if (!o.since.empty()) {
    auto since = ParseSince(o.since);
    if (!since.ok()) return since.status();
    query.since = *since;
  }
  auto store = OpenStore(o);
  if (!store.ok()) return store.status();
  return (*store)->ListReleases(query);
}

int RunList(const FeedOptions& o) {
  auto releases = LoadReleases(o);
  if (!releases.ok()) return Fail(releases.status());
  if (o.json) {
    std::fputs(JsonText(feed::ReleasesToJson(*releases)).c_str(), stdout);
    return 0;
  }
  for (const auto& r : *releases) {
    // The page's address: a terminal link, and what `dismiss` takes.
    std::printf("%s  %s  %s\n", feed::Rfc3339(r.discovered).substr(0, 10).c_str(), feed::EntryTitle(r).c_str(),
                feed::ReleaseGroupUrl(r.mbid).c_str());
  }
  return 0;
}

// Who `feed update` watches and why, from the catalog, the last Last.fm
// import and the mutes: no network.
int RunArtists(const FeedOptions& o) {
  auto config = feed::LoadFeedConfig(o.config);
  if (!config.ok()) return Fail(config.status());
  auto owned = OpenOwnedMusic(o);
  if (!owned.ok()) return Fail(owned.status());
  auto artists = (*owned)->ListAlbumArtists();
  if (!artists.ok()) return Fail(artists.status());
  auto store = OpenStore(o);
  if (!store.ok()) return Fail(store.status());
  auto listened = (*store)->ListListened();
  if (!listened.ok()) return Fail(listened.status());
  auto muted = (*store)->ListMuted();
  if (!muted.ok()) return Fail(muted.status());
  for (const feed::WatchEntry& e :
       feed::BuildWatchList(*artists, config->lastfm_user.empty() ? std::vector<feed::ListenedArtist>{} : *listened,
                            *muted, *config, !config->lastfm_user.empty())) {
    std::printf("%s\t%s\t%s\n", e.artist.name.c_str(), e.watched ? "watched" : "not watched", e.why.c_str());
  }
  // A mute of an artist neither owned nor played still stands; show it.
  for (const feed::MutedArtist& m : *muted) {
    bool listed = false;
    for (const auto& a : *artists) listed = listed || feed::NormalizeArtistName(a.name) == m.name_key;
    for (const auto& l : *listened) listed = listed || feed::NormalizeArtistName(l.name) == m.name_key;
    if (!listed) std::printf("%s\tnot watched\tmuted\n", m.name.c_str());
  }
  return 0;
}

// `mute` when `mute` is true, else `unmute`; every name is tried.
int RunMute(const FeedOptions& o, bool mute) {
  auto store = OpenStore(o);
  if (!store.ok()) return Fail(store.status());
  int exit_code = 0;
  for (const std::string& name : o.names) {
    const Status s = mute ? (*store)->Mute(name) : (*store)->Unmute(name);
    if (!s.ok()) exit_code = Fail(s);
  }
  return exit_code;
}

int RunUnresolved(const FeedOptions& o) {
  auto store = OpenStore(o);
  if (!store.ok()) return Fail(store.status());
  auto unresolved = (*store)->ListUnresolved();
  if (!unresolved.ok()) return Fail(unresolved.status());
  for (const auto& a : *unresolved) {
    std::printf("%s\t%s\t%s\n", a.name.c_str(), a.status.c_str(), a.reason.c_str());
  }
  return 0;
}

// A release group id, or its MusicBrainz page as the feeds link to it (what
// a feed reader lets the user copy).
std::string ReleaseGroupId(const std::string& arg) {
  const std::string marker = "/release-group/";
  const auto at = arg.rfind(marker);
  if (at == std::string::npos) return arg;
  const std::string id = arg.substr(at + marker.size());
  return id.substr(0, id.find_first_of("/?#"));
}

// `dismiss` when `reason` is set, else `undismiss`. Every id is tried; the
// exit status says whether all of them worked.
int RunMark(const FeedOptions& o, const std::optional<feed::DismissReason>& reason) {
  auto store = OpenStore(o);
  if (!store.ok()) return Fail(store.status());
  int exit_code = 0;
  for (const std::string& arg : o.release_groups) {
    const std::string id = ReleaseGroupId(arg);
    const Status s = reason ? (*store)->Dismiss(id, *reason) : (*store)->Undismiss(id);
    if (!s.ok()) exit_code = Fail(s);
  }
  return exit_code;
}

enum class Format { kAtom, kRss, kICal };

int RunWrite(const FeedOptions& o, Format format) {
  auto config = feed::LoadFeedConfig(o.config);
  if (!config.ok()) return Fail(config.status());
  auto releases = LoadReleases(o);
  if (!releases.ok()) return Fail(releases.status());
  feed::FeedDocument doc;
  doc.title = config->title;
  doc.self_url = config->self_url;
  if (doc.self_url.empty() && !o.output.empty() && o.output != "-") {
    // Without a configured public URL the file itself is the feed's address.
    doc.self_url = "file://" + std::filesystem::absolute(o.output).lexically_normal().string();
  }
  doc.now = std::time(nullptr);
  doc.releases = std::move(*releases);
  doc.cover_art = config->cover_art;
  const std::string text = format == Format::kAtom  ? feed::RenderAtom(doc)
                           : format == Format::kRss ? feed::RenderRss(doc)
                                                    : feed::RenderICalendar(doc);
  if (o.output.empty() || o.output == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  if (Status s = feed::WriteFileAtomically(o.output, text); !s.ok()) return Fail(s);
  return 0;
}

}  // namespace

void AddFeedCommands(CLI::App& app, int& exit_code) {
  CLI::App* feed = app.add_subcommand("feed", "New releases by the artists you own (MusicBrainz, Last.fm)");
  feed->require_subcommand(1);
  auto options = std::make_shared<FeedOptions>();
  FeedOptions& o = *options;

  CLI::App* update = feed->add_subcommand("update", "Look for new releases and remember them");
  AddCommonOptions(update, o);
  update->add_option("--owned", o.owned,
                     "JSON file listing the artists and albums you own (default: the catalog)");
  update->add_flag("-q,--quiet", o.quiet, "No progress and no summary (for cron)");
  update->callback([options, &exit_code] { exit_code = RunUpdate(*options); });

  CLI::App* list = feed->add_subcommand("list", "List the new releases found so far, newest first");
  AddCommonOptions(list, o);
  list->add_flag("--json", o.json, "A JSON array of releases");
  list->add_option("--artist", o.artist, "Only this artist");
  list->add_option("--since", o.since, "Only discovered on or after DATE (YYYY-MM-DD)");
  list->add_option("--type", o.type, "Only this primary or secondary type (Album, EP, Live, ...)");
  list->add_flag("--dismissed", o.dismissed, "Only the releases marked got-it or not-interested");
  list->add_flag("--upcoming", o.upcoming, "Only the releases not out yet (dated after today)");
  list->callback([options, &exit_code] { exit_code = RunList(*options); });

  CLI::App* artists = feed->add_subcommand("artists", "Who is watched and why: owned, played N times, muted");
  AddCommonOptions(artists, o);
  artists->add_option("--owned", o.owned, "JSON file listing the artists and albums you own (default: the catalog)");
  artists->callback([options, &exit_code] { exit_code = RunArtists(*options); });

  for (const auto& [name, mute, help] :
       {std::tuple{"mute", true, "Never ask about nor announce these artists again"},
        std::tuple{"unmute", false, "Watch muted artists again"}}) {
    CLI::App* cmd = feed->add_subcommand(name, help);
    AddCommonOptions(cmd, o);
    cmd->add_option("artist", o.names, "Artist name, as the catalog or Last.fm spells it (any case)")->required();
    const bool m = mute;
    cmd->callback([options, m, &exit_code] { exit_code = RunMute(*options, m); });
  }

  CLI::App* unresolved = feed->add_subcommand("unresolved", "Artists not matched to MusicBrainz, and why");
  AddCommonOptions(unresolved, o);
  unresolved->callback([options, &exit_code] { exit_code = RunUnresolved(*options); });

  CLI::App* dismiss =
      feed->add_subcommand("dismiss", "Mark releases got-it or not-interested: no listing or feed shows them again");
  AddCommonOptions(dismiss, o);
  dismiss->add_option("release-group", o.release_groups, "Release group id or its musicbrainz.org URL")->required();
  dismiss->add_option("--reason", o.reason, "got-it or not-interested")->required();
  dismiss->callback([options, &exit_code] {
    auto reason = feed::ParseDismissReason(options->reason);
    if (!reason.ok()) {
      Fail(Status::Error(EINVAL, "--reason: " + reason.status().message()));
      exit_code = 2;
      return;
    }
    exit_code = RunMark(*options, *reason);
  });

  CLI::App* undismiss = feed->add_subcommand("undismiss", "Take back a mark: the releases are listed again");
  AddCommonOptions(undismiss, o);
  undismiss->add_option("release-group", o.release_groups, "Release group id or its musicbrainz.org URL")->required();
  undismiss->callback([options, &exit_code] { exit_code = RunMark(*options, std::nullopt); });

  for (const auto& [name, format, help] :
       {std::tuple{"atom", Format::kAtom, "Write the feed as Atom 1.0"},
        std::tuple{"rss", Format::kRss, "Write the feed as RSS 2.0"},
        std::tuple{"ical", Format::kICal, "Write the dated releases as an iCalendar file (RFC 5545)"}}) {
    CLI::App* write = feed->add_subcommand(name, help);
    AddCommonOptions(write, o);
    write->add_option("-o,--output", o.output, "Write to FILE atomically (default: standard output)");
    write->add_option("--limit", o.limit, "At most N entries (default: all)")->check(CLI::NonNegativeNumber);
    write->add_option("--artist", o.artist, "Only this artist");
    write->add_option("--type", o.type, "Only this primary or secondary type");
    const Format f = format;
    write->callback([options, f, &exit_code] { exit_code = RunWrite(*options, f); });
  }
}

}  // namespace hoard::tools
