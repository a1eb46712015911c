#include "tests/doc/documented_forms.h"

#include <stdexcept>

namespace hoard::test {
namespace {

// The scenario's new release "Sånger från skärgården" by Åsa Öberg
// (tests/data/api/README.md), which `feed update` finds for the sample hoard.
const std::string kSongsGroup = "5f1d2a3b-0000-4000-9000-000000001006";

// hoard.1. Values: {db} {config} {owned} a catalog, a config naming the fake
// MusicBrainz, an owned-music file; {music} the sample hoard, {empty} an
// empty folder; {cache} a hoardfs cache; {out} a folder for output files;
// {user} {sshd_port} {key} {wrong_key} {known_hosts} {root} the test sshd.
std::vector<DocumentedForm> HoardForms() {
  return {
      {"hoard.1", "hoard [-h] [-V]",
       {{{"hoard", "-V"}, 0, "hoard "}, {{"hoard", "-h"}, 0, "Subcommands:"}}},
      {"hoard.1", "hoard version", {{{"hoard", "version"}, 0, "hoard "}}},
      {"hoard.1", "hoard index [--db FILE] [-j N] [-q] [--prune] PATH...",
       {{{"hoard", "index", "--db", "{db}", "-j", "2", "{music}"}, 0, "indexed "},
        {{"hoard", "index", "--db", "{db}", "-q", "--prune", "{music}", "{empty}"}, 0, ""}}},
      {"hoard.1", "hoard ls [--db FILE] [-a|--albums] [--format TEMPLATE] [--sort KEYS] [--json] [QUERY...]",
       {{{"hoard", "ls", "--db", "{db}"}, 0, "Åsa Öberg"},
        {{"hoard", "ls", "--db", "{db}", "--sort", "year-", "--json", "year:2000..2010", "-genre:jazz"}, 0, "["},
        {{"hoard", "ls", "--db", "{db}", "-a", "albumartist:=Åsa Öberg"}, 0, "Åsa Öberg - Första albumet"},
        {{"hoard", "ls", "--db", "{db}", "--albums", "--format", "${year} $album", "åsa", "year-"}, 0, "2001 Första"}}},
      {"hoard.1", "hoard albums [--db FILE] [--format TEMPLATE] [--sort KEYS] [--json] [QUERY...]",
       {{{"hoard", "albums", "--db", "{db}", "åsa"}, 0, "Första albumet"},
        {{"hoard", "albums", "--db", "{db}", "--format", "$album", "--sort", "year+", "--json"}, 0, "["}}},
      {"hoard.1", "hoard artists [--db FILE] [--json]",
       {{{"hoard", "artists", "--db", "{db}", "--json"}, 0, "Åsa Öberg"}}},
      {"hoard.1", "hoard stats [--db FILE] [--json] [--unreadable]",
       {{{"hoard", "stats", "--db", "{db}", "--json", "--unreadable"}, 0, "unreadable"}}},
      {"hoard.1", "hoard feed update [--db FILE] [--config FILE] [--owned FILE] [-q]",
       {{{"hoard", "feed", "update", "--db", "{db}", "--config", "{config}"}, 0, ""},
        {{"hoard", "feed", "update", "--db", "{db}", "--config", "{config}", "--owned", "{owned}", "-q"}, 0, ""}}},
      {"hoard.1",
       "hoard feed list [--db FILE] [--config FILE] [--artist NAME] [--since DATE] [--type TYPE] [--dismissed] "
       "[--upcoming] [--json]",
       {{{"hoard", "feed", "list", "--db", "{db}", "--config", "{config}", "--artist", "Åsa Öberg", "--since",
          "2000-01-01", "--type", "Album", "--json"},
         0,
         kSongsGroup},
        {{"hoard", "feed", "list", "--db", "{db}", "--dismissed"}, 0, ""},
        {{"hoard", "feed", "list", "--db", "{db}", "--upcoming"}, 0, ""}}},
      {"hoard.1", "hoard feed artists [--db FILE] [--config FILE] [--owned FILE]",
       {{{"hoard", "feed", "artists", "--db", "{db}", "--config", "{config}"}, 0, "Åsa Öberg\twatched\towned"},
        {{"hoard", "feed", "artists", "--db", "{db}", "--owned", "{owned}"}, 0, "\twatched\t"}}},
      {"hoard.1", "hoard feed unresolved [--db FILE] [--config FILE]",
       {{{"hoard", "feed", "unresolved", "--db", "{db}", "--config", "{config}"}, 0, ""}}},
      {"hoard.1",
       "hoard feed atom [--db FILE] [--config FILE] [-o FILE] [--limit N] [--artist NAME] [--type TYPE]",
       {{{"hoard", "feed", "atom", "--db", "{db}", "--config", "{config}", "-o", "{out}/hoard.atom", "--limit", "5",
          "--artist", "Åsa Öberg", "--type", "Album"},
         0,
         ""},
        {{"hoard", "feed", "atom", "--db", "{db}"}, 0, "<feed"}}},
      {"hoard.1",
       "hoard feed rss [--db FILE] [--config FILE] [-o FILE] [--limit N] [--artist NAME] [--type TYPE]",
       {{{"hoard", "feed", "rss", "--db", "{db}", "--config", "{config}", "-o", "{out}/hoard.rss", "--limit", "5",
          "--artist", "Åsa Öberg", "--type", "Album"},
         0,
         ""},
        {{"hoard", "feed", "rss", "--db", "{db}"}, 0, "<rss"}}},
      {"hoard.1",
       "hoard feed ical [--db FILE] [--config FILE] [-o FILE] [--limit N] [--artist NAME] [--type TYPE]",
       {{{"hoard", "feed", "ical", "--db", "{db}", "--config", "{config}", "-o", "{out}/hoard.ics", "--limit", "5",
          "--artist", "Åsa Öberg", "--type", "Album"},
         0,
         ""},
        {{"hoard", "feed", "ical", "--db", "{db}"}, 0, "BEGIN:VCALENDAR"}}},
      {"hoard.1", "hoard feed dismiss [--db FILE] [--config FILE] --reason got-it|not-interested RELEASE-GROUP...",
       {{{"hoard", "feed", "dismiss", "--db", "{db}", "--config", "{config}", "--reason", "got-it",
          "https://musicbrainz.org/release-group/" + kSongsGroup},
         0,
         ""},
        {{"hoard", "feed", "dismiss", "--db", "{db}", "--reason", "not-interested", kSongsGroup}, 0, ""}}},
      {"hoard.1", "hoard feed undismiss [--db FILE] [--config FILE] RELEASE-GROUP...",
       {{{"hoard", "feed", "undismiss", "--db", "{db}", "--config", "{config}", kSongsGroup}, 0, ""}}},
      {"hoard.1", "hoard feed mute [--db FILE] [--config FILE] ARTIST...",
       {{{"hoard", "feed", "mute", "--db", "{db}", "--config", "{config}", "åsa öberg", "Nobody"}, 0, ""}}},
      {"hoard.1", "hoard feed unmute [--db FILE] [--config FILE] ARTIST...",
       {{{"hoard", "feed", "unmute", "--db", "{db}", "--config", "{config}", "Åsa Öberg", "nobody"}, 0, ""}}},
      {"hoard.1", "hoard cache stats --cache-dir DIR [--json]",
       {{{"hoard", "cache", "stats", "--cache-dir", "{cache}", "--json"}, 0, "bytes_cached"}}},
      {"hoard.1", "hoard cache pin --cache-dir DIR [--mount MOUNTPOINT] [--json] PATH...",
       {{{"hoard", "cache", "pin", "--cache-dir", "{cache}", "--mount", "{music}", "/"}, 0, "pinned /"},
        {{"hoard", "cache", "pin", "--cache-dir", "{cache}", "--json", "/Artist/2001_Album/", "/Other"}, 0,
         "pinned /Artist/2001_Album"}}},
      {"hoard.1", "hoard cache unpin --cache-dir DIR [--json] PATH...",
       {{{"hoard", "cache", "unpin", "--cache-dir", "{cache}", "--json", "/", "/Other"}, 0, "unpinned /"}}},
      {"hoard.1", "hoard cache evict --cache-dir DIR [--json] --all|PATH...",
       {{{"hoard", "cache", "evict", "--cache-dir", "{cache}", "--json", "--all"}, 0, "bytes_freed"},
        {{"hoard", "cache", "evict", "--cache-dir", "{cache}", "/Artist"}, 0, "evicted "}}},
      {"hoard.1", "hoard cache verify --cache-dir DIR [--mount MOUNTPOINT] [--json]",
       {{{"hoard", "cache", "verify", "--cache-dir", "{cache}", "--mount", "{music}", "--json"}, 0, "checked"}}},
      {"hoard.1",
       "hoard link probe [-q] [-p PORT] [-i FILE]... [--known-hosts FILE] [--db FILE] [--interval SECONDS] "
       "[--timeout SECONDS] [user@]host[:path]",
       {{{"hoard", "link", "probe", "-q", "-p", "{sshd_port}", "-i", "{key}", "--known-hosts", "{known_hosts}",
          "--db", "{cache}/link.db", "--interval", "60", "--timeout", "10", "{user}@127.0.0.1"},
         0,
         ""},
        {{"hoard", "link", "probe", "--port", "{sshd_port}", "--identity", "{wrong_key}", "--identity", "{key}",
          "--known-hosts", "{known_hosts}", "--interval", "60", "{user}@127.0.0.1:{root}"},
         0,
         "up: "}}},
      {"hoard.1",
       "hoard link status [--db FILE|--cache-dir DIR] [--since DURATION] [--interval SECONDS] [--json]",
       {{{"hoard", "link", "status", "--since", "1h", "--interval", "60", "--json"}, 0, "\"state\": \"up\""},
        {{"hoard", "link", "status", "--cache-dir", "{cache}", "--interval", "60"}, 0, "state: up"},
        {{"hoard", "link", "status", "--db", "{cache}/link.db"}, 0, "state: up"}}},
      {"hoard.1", "hoard serve [--db FILE] [--config FILE] [--listen HOST:PORT] [--allow-host NAME[:PORT]]...",
       {{{"hoard", "serve", "--db", "{db}", "--config", "{config}", "--listen", "127.0.0.1:0", "--allow-host",
          "hoard.example", "--allow-host", "localhost:9000"},
         0,
         "hoard serve: http://127.0.0.1:",
         5}}},
  };
}

// hoardfs.1. Values: {user}, {mnt} an empty folder, {refused} a loopback
// port nothing listens on: a mount that gets past its command line fails
// there, naming it.
std::vector<DocumentedForm> HoardfsForms() {
  return {
      {"hoardfs.1", "hoardfs [user@]host:[path] MOUNTPOINT [-o opt[,opt...]] [-f] [-d]",
       {{{"hoardfs", "{user}@127.0.0.1:/srv/music", "{mnt}", "-o", "port={refused}"}, 1,
         "connection refused by 127.0.0.1:{refused}"},
        {{"hoardfs", "127.0.0.1:", "{mnt}", "-oport={refused},timeout=5s", "-f"}, 1,
         "connection refused by 127.0.0.1:{refused}"},
        {{"hoardfs", "[127.0.0.1]:music", "{mnt}", "-d", "-o", "port={refused}", "-o", "connections=2"}, 1,
         "connection refused by 127.0.0.1:{refused}"}}},
      {"hoardfs.1", "hoardfs -h", {{{"hoardfs", "-h"}, 0, "usage: hoardfs"}}},
      {"hoardfs.1", "hoardfs -V", {{{"hoardfs", "-V"}, 0, "hoardfs "}}},
  };
}

// hoard-tunnel.1, run in a mount namespace of its own (see the test).
// Values: {spec} {spec2} forwards to the test sshd, the first with LISTEN,
// {dest} its user@127.0.0.1, {sshd_port} {key} {known_hosts}.
std::vector<DocumentedForm> HoardTunnelForms() {
  return {
      {"hoard-tunnel.1", "hoard-tunnel [-q] [LISTEN:]PORT:HOST:HOSTPORT DESTINATION [SSH_ARGS...]",
       {{{"hoard-tunnel", "{spec}", "{dest}", "-p", "{sshd_port}", "-i", "{key}", "-o",
          "UserKnownHostsFile={known_hosts}", "-o", "IdentitiesOnly=yes"},
         0,
         "started {spec} to {dest}"},
        {{"hoard-tunnel", "{spec}", "{dest}", "-p", "{sshd_port}", "-i", "{key}", "-o",
          "UserKnownHostsFile={known_hosts}", "-o", "IdentitiesOnly=yes"},
         0,
         "already running: {spec} to {dest}"},
        {{"hoard-tunnel", "-q", "{spec2}", "{dest}", "-p", "{sshd_port}", "-i", "{key}", "-o",
          "UserKnownHostsFile={known_hosts}", "-o", "IdentitiesOnly=yes"},
         0,
         ""}}},
      {"hoard-tunnel.1", "hoard-tunnel [-q] --status [SPEC DESTINATION]",
       {{{"hoard-tunnel", "--status"}, 0, "{spec2}\t{dest}\tpid "},
        {{"hoard-tunnel", "-q", "--status", "{spec}", "{dest}"}, 0, ""}}},
      {"hoard-tunnel.1", "hoard-tunnel [-q] --stop SPEC DESTINATION",
       {{{"hoard-tunnel", "--stop", "{spec}", "{dest}"}, 0, "stopped {spec} to {dest}"},
        {{"hoard-tunnel", "-q", "--stop", "{spec2}", "{dest}"}, 0, ""}}},
  };
}

}  // namespace

const std::vector<DocumentedForm>& DocumentedForms() {
  static const std::vector<DocumentedForm> forms = [] {
    std::vector<DocumentedForm> all;
    for (auto&& page : {HoardForms(), HoardfsForms(), HoardTunnelForms()}) {
      all.insert(all.end(), page.begin(), page.end());
    }
    return all;
  }();
  return forms;
}

std::string Expand(const std::string& text, const std::map<std::string, std::string>& vars) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::size_t close = text[i] == '{' ? text.find('}', i) : std::string::npos;
    std::string name = close == std::string::npos ? "" : text.substr(i + 1, close - i - 1);
    // "${year}" in a --format template is the command's own placeholder.
    if (name.empty() || (i > 0 && text[i - 1] == '$')) {
      out += text[i];
      continue;
    }
    auto value = vars.find(name);
    if (value == vars.end()) throw std::out_of_range("no value for {" + name + "} in \"" + text + "\"");
    out += value->second;
    i = close;
  }
  return out;
}

}  // namespace hoard::test
