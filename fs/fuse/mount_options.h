// MountOptions: what `hoardfs [user@]host:[path] MOUNTPOINT [-o ...] [-f] [-d]`
// asked for, parsed and validated before anything touches the network.
//
// The command line follows sshfs so its users feel at home: every setting
// goes through `-o a,b=c` (repeatable), the source is scp-like. Options that
// hoardfs does not know are an error naming the option, except the standard
// FUSE and mount(8) options, which are passed on to libfuse (or dropped when
// only mount(8) cares about them, so fstab lines work).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "fs/cache/prefetch_mode.h"

namespace hoard::fs {


struct MountOptions {
  // Source and target.
  std::string user;         // empty: the local user name
  std::string host;
  std::string remote_path;  // as given; empty means the login directory
  std::string mountpoint;

  // SSH and SFTP.
  int port = 22;
  std::vector<std::string> identities;  // identity=FILE, in the order given
  std::string known_hosts;              // empty: ~/.ssh/known_hosts
  bool accept_new_host_key = false;
  int connections = 64;
  std::chrono::seconds timeout{20};
  std::chrono::seconds keepalive{15};
  // SSH cipher and MAC preferences, best first, ':'-separated (commas
  // separate -o options); empty: hoardfs's measured defaults (ssh_target.h).
  std::string ciphers;
  std::string macs;

  // Kernel caching of attributes and names, in seconds.
  double attr_timeout = 20;
  double entry_timeout = 20;

  // Persistent cache (issue 4): parsed and validated here, used by the cache.
  std::string cache_dir;
  std::optional<std::uint64_t> cache_size;  // bytes; unset: the cache's default
  std::chrono::seconds dir_ttl{60};
  bool offline = false;
  std::optional<PrefetchMode> prefetch;          // unset: the cache's default
  std::optional<std::uint64_t> bwlimit;     // bytes per second
  bool no_cache = false;

  // Process.
  bool foreground = false;
  bool debug = false;
  bool show_help = false;
  bool show_version = false;

  // Standard FUSE mount options to hand to libfuse as they are ("allow_other",
  // "fsname=x", "ro", ...).
  std::vector<std::string> fuse_options;
};

// Parses argv (without argv[0]). Fails with EINVAL and a one-line message
// naming the offending argument or option. With -h or -V the source and
// mountpoint may be missing.
Result<MountOptions> ParseMountArgs(const std::vector<std::string>& args);

// The -h text.
std::string MountUsage();

}  // namespace hoard::fs
