// hoardfs's command line (fs/fuse/mount_options.h): ParseMountArgs over the
// arguments of one input, one argument a line, as mount.fuse3 or a user's
// shell hands them over: `-o` lists with escaped commas, sizes, durations,
// the scp-like source.
//
// Invariants beyond not crashing:
//   - a refusal says why (EINVAL and a message);
//   - what is accepted is within the documented ranges (port 1..65535,
//     1..64 connections, a timeout of at least 1 s, finite non-negative
//     kernel timeouts, a bandwidth cap above 0) and names a host and a
//     mountpoint;
//   - the options written back as `-o name=value` arguments (commas escaped,
//     numbers in their plainest form) parse to the same options.
#include <cerrno>
#include <charconv>
#include <cmath>

#include "fs/fuse/mount_options.h"
#include "tests/fuzz/fuzz_check.h"

namespace hoard::fs {
namespace {

std::string Escaped(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == ',') out += '\\';
    out += c;
  }
  return out;
}

std::string Seconds(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  FUZZ_CHECK(ec == std::errc());
  return std::string(buffer, end);
}

std::string Colons(std::string list) {
  for (char& c : list) {
    if (c == ',') c = ':';
  }
  return list;
}

const char* PrefetchName(PrefetchMode mode) {
  switch (mode) {
    case PrefetchMode::kNone: return "none";
    case PrefetchMode::kFile: return "file";
    case PrefetchMode::kAlbum: return "album";
  }
  return "";
}

// The arguments that ask for `o` again; the source is written only when it
// has one spelling (no '@' or brackets inside the host).
std::vector<std::string> Arguments(const MountOptions& o) {
  std::vector<std::string> args;
  std::string source = o.user.empty() ? "" : o.user + "@";
  const bool bracket = o.host.find(':') != std::string::npos || o.host.starts_with('-');  // [-f]: is a host
  source += bracket ? "[" + o.host + "]" : o.host;
  args.push_back(source + ":" + o.remote_path);
  args.push_back(o.mountpoint);
  auto option = [&args](const std::string& text) {
    args.push_back("-o");
    args.push_back(Escaped(text));
  };
  option("port=" + std::to_string(o.port));
  for (const std::string& identity : o.identities) option("identity=" + identity);
  if (!o.known_hosts.empty()) option("known_hosts=" + o.known_hosts);
  if (o.accept_new_host_key) option("accept_new_host_key");
  option("connections=" + std::to_string(o.connections));
  option("timeout=" + std::to_string(o.timeout.count()) + "s");
  option("keepalive=" + std::to_string(o.keepalive.count()));
  if (!o.ciphers.empty()) option("ciphers=" + Colons(o.ciphers));
  if (!o.macs.empty()) option("macs=" + Colons(o.macs));
  option("attr_timeout=" + Seconds(o.attr_timeout));
  option("entry_timeout=" + Seconds(o.entry_timeout));
  if (!o.cache_dir.empty()) option("cache_dir=" + o.cache_dir);
  if (o.cache_size) option("cache_size=" + std::to_string(*o.cache_size));
  option("dir_ttl=" + std::to_string(o.dir_ttl.count()));
  if (o.offline) option("offline");
  if (o.prefetch) option(std::string("prefetch=") + PrefetchName(*o.prefetch));
  if (o.bwlimit) option("bwlimit=" + std::to_string(*o.bwlimit) + "B");
  if (o.no_cache) option("no_cache");
  for (const std::string& fuse : o.fuse_options) option(fuse);
  if (o.debug) args.push_back("-d");
  if (o.foreground) args.push_back("-f");
  return args;
}

bool Same(const MountOptions& a, const MountOptions& b) {
  return a.user == b.user && a.host == b.host && a.remote_path == b.remote_path && a.mountpoint == b.mountpoint &&
         a.port == b.port && a.identities == b.identities && a.known_hosts == b.known_hosts &&
         a.accept_new_host_key == b.accept_new_host_key && a.connections == b.connections &&
         a.timeout == b.timeout && a.keepalive == b.keepalive && a.ciphers == b.ciphers && a.macs == b.macs &&
         a.attr_timeout == b.attr_timeout && a.entry_timeout == b.entry_timeout && a.cache_dir == b.cache_dir &&
         a.cache_size == b.cache_size && a.dir_ttl == b.dir_ttl && a.offline == b.offline &&
         a.prefetch == b.prefetch && a.bwlimit == b.bwlimit && a.no_cache == b.no_cache &&
         a.foreground == b.foreground && a.debug == b.debug && a.fuse_options == b.fuse_options;
}

}  // namespace
}  // namespace hoard::fs

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hoard::fs;
  auto options = ParseMountArgs(hoard::fuzz::SplitLines(hoard::fuzz::AsText(data, size)));
  if (!options.ok()) {
    FUZZ_CHECK(options.status().code() == EINVAL && !options.status().message().empty());
    return 0;
  }
  const MountOptions& o = *options;
  FUZZ_CHECK(o.port >= 1 && o.port <= 65535);
  FUZZ_CHECK(o.connections >= 1 && o.connections <= 64);
  FUZZ_CHECK(o.timeout.count() >= 1 && o.keepalive.count() >= 0 && o.dir_ttl.count() >= 0);
  FUZZ_CHECK(std::isfinite(o.attr_timeout) && o.attr_timeout >= 0);
  FUZZ_CHECK(std::isfinite(o.entry_timeout) && o.entry_timeout >= 0);
  FUZZ_CHECK(!o.bwlimit || *o.bwlimit > 0);
  FUZZ_CHECK(o.ciphers.find(':') == std::string::npos && o.macs.find(':') == std::string::npos);
  if (o.show_help || o.show_version) return 0;  // source and mountpoint may be missing
  FUZZ_CHECK(!o.host.empty());
  for (const std::string& identity : o.identities) FUZZ_CHECK(!identity.empty());

  if (o.host.find_first_of("@[]") != std::string::npos) return 0;
  auto again = ParseMountArgs(Arguments(o));
  if (!again.ok()) std::fprintf(stderr, "written back: %s\n", again.status().message().c_str());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(Same(o, *again));
  return 0;
}
