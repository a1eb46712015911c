// Parsing of hoardfs's command line. Table-free on purpose: each option has
// its own validation (a port is not a size), and the error must name the
// option exactly as the user typed it.
#include "fs/fuse/mount_options.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <string_view>

#include "base/units.h"

namespace hoard::fs {
namespace {

Status Invalid(const std::string& message) { return Status::Error(EINVAL, message); }

// Splits "a,b=c\,d" at unescaped commas; "\," stands for a literal comma.
std::vector<std::string> SplitOptions(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == ',') {
      current += ',';
      ++i;
    } else if (text[i] == ',') {
      if (!current.empty()) out.push_back(current);
      current.clear();
    } else {
      current += text[i];
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

Result<long long> ParseInteger(const std::string& name, std::string_view value, long long min,
                               long long max) {
  long long number = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (ec != std::errc() || end != value.data() + value.size() || number < min || number > max) {
    return Invalid("invalid value '" + std::string(value) + "' for option " + name + " (expected " +
                   std::to_string(min) + ".." + std::to_string(max) + ")");
  }
  return number;
}

Result<double> ParseSeconds(const std::string& name, std::string_view value) {
  double number = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (ec != std::errc() || end != value.data() + value.size() || number < 0 ||
      !std::isfinite(number)) {
    return Invalid("invalid value '" + std::string(value) + "' for option " + name +
                   " (expected seconds, e.g. 20 or 0.5)");
  }
  return number;
}

Result<std::chrono::seconds> ParseDurationOption(const std::string& name, std::string_view value) {
  Result<std::chrono::seconds> duration = ParseDuration(value);
  if (!duration.ok()) return duration.status().WithContext("option " + name);
  return duration;
}

Result<std::uint64_t> ParseSizeOption(const std::string& name, std::string_view value) {
  Result<std::uint64_t> size = ParseSize(value);
  if (!size.ok()) return size.status().WithContext("option " + name);
  return size;
}

// Options libfuse understands, handed over as they are.
bool IsFuseOption(std::string_view name) {
  static constexpr std::string_view kFuse[] = {
      "allow_other", "allow_root", "default_permissions", "fsname", "subtype",  "ro",
      "dev",         "nodev",      "suid",                "nosuid", "exec",     "noexec",
      "atime",       "noatime",    "relatime",            "sync",   "async",    "dirsync",
      "auto_unmount", "max_read",  "kernel_cache",        "auto_cache", "noforget", "umask",
      "uid",         "gid"};
  for (std::string_view known : kFuse) {
    if (name == known) return true;
  }
  return false;
}

// Options only mount(8) acts on (they arrive through fstab); hoardfs is
// read-only anyway, so "rw" from "defaults" is dropped too.
bool IsMountOnlyOption(std::string_view name) {
  static constexpr std::string_view kMountOnly[] = {
      "rw", "defaults", "auto", "noauto", "user", "users", "nouser", "owner", "group", "_netdev",
      "nofail", "comment"};
  for (std::string_view known : kMountOnly) {
    if (name == known) return true;
  }
  return name.starts_with("x-");
}

Status ApplyOption(const std::string& option, MountOptions& out) {
  std::size_t eq = option.find('=');
  std::string name = option.substr(0, eq);
  bool has_value = eq != std::string::npos;
  std::string value = has_value ? option.substr(eq + 1) : "";
  auto need_value = [&]() -> Status {
    if (!has_value || value.empty()) return Invalid("option " + name + " needs a value (" + name + "=...)");
    return Status::Ok();
  };
  auto no_value = [&]() -> Status {
    if (has_value) return Invalid("option " + name + " takes no value");
    return Status::Ok();
  };

  if (name == "port") {
    HOARD_RETURN_IF_ERROR(need_value());
    Result<long long> port = ParseInteger(name, value, 1, 65535);
    if (!port.ok()) return port.status();
    out.port = static_cast<int>(*port);
  } else if (name == "identity" || name == "IdentityFile") {
    HOARD_RETURN_IF_ERROR(need_value());
    out.identities.push_back(value);
  } else if (name == "known_hosts") {
    HOARD_RETURN_IF_ERROR(need_value());
    out.known_hosts = value;
  } else if (name == "accept_new_host_key") {
    HOARD_RETURN_IF_ERROR(no_value());
    out.accept_new_host_key = true;
  } else if (name == "connections") {
    HOARD_RETURN_IF_ERROR(need_value());
    Result<long long> n = ParseInteger(name, value, 1, 64);
    if (!n.ok()) return n.status();
    out.connections = static_cast<int>(*n);
  } else if (name == "timeout") {
    HOARD_RETURN_IF_ERROR(need_value());
    Result<std::chrono::seconds> d = ParseDurationOption(name, value);
    if (!d.ok()) return d.status();
    if (d->count() == 0) return Invalid("option timeout must be at least 1 second");
    out.timeout = *d;
  } else if (name == "keepalive") {
    HOARD_RETURN_IF_ERROR(need_value());
    Result<std::chrono::seconds> d = ParseDurationOption(name, value);
    if (!d.ok()) return d.status();
    out.keepalive = *d;
  } else if (name == "ciphers" || name == "macs") {
    HOARD_RETURN_IF_ERROR(need_value());
    std::string list = value;
    std::replace(list.begin(), list.end(), ':', ',');
    (name == "ciphers" ? out.ciphers : out.macs) = list;
  } else if (name == "attr_timeout" || name == "entry_timeout") {
    HOARD_RETURN_IF_ERROR(need_value());
    Result<double> s = ParseSeconds(name, value);
    if (!s.ok()) return s.status();
    (name == "attr_timeout" ? out.attr_timeout : out.entry_timeout) = *s;
  } else if (name == "cache_dir") {
    HOARD_RETURN_IF_ERROR(need_value());
    out.cache_dir = value;
  } else if (name == "cache_size") {
    HOARD_RETURN_IF_ERROR(need_value());
    Result<std::uint64_t> size = ParseSizeOption(name, value);
    if (!size.ok()) return size.status();
    out.cache_size = *size;
  } else if (name == "dir_ttl") {
    HOARD_RETURN_IF_ERROR(need_value());
    Result<std::chrono::seconds> d = ParseDurationOption(name, value);
    if (!d.ok()) return d.status();
    out.dir_ttl = *d;
  } else if (name == "offline") {
    HOARD_RETURN_IF_ERROR(no_value());
    out.offline = true;
  } else if (name == "prefetch") {
    HOARD_RETURN_IF_ERROR(need_value());
    Result<PrefetchMode> mode = ParsePrefetchMode(value);
    if (!mode.ok()) return mode.status();
    out.prefetch = *mode;
  } else if (name == "bwlimit") {
    HOARD_RETURN_IF_ERROR(need_value());
    Result<std::uint64_t> rate = ParseSizeOption(name, value);
    if (!rate.ok()) return rate.status();
    if (*rate == 0) return Invalid("option bwlimit must be more than 0 bytes/s");
    out.bwlimit = *rate;
  } else if (name == "no_cache") {
    HOARD_RETURN_IF_ERROR(no_value());
    out.no_cache = true;
  } else if (IsFuseOption(name)) {
    out.fuse_options.push_back(option);
  } else if (!IsMountOnlyOption(name)) {
    return Invalid("unknown option '" + name + "' (see hoardfs -h)");
  }
  return Status::Ok();
}

// "[user@]host:[path]"; the host may be a bracketed IPv6 address.
Status ParseSource(const std::string& source, MountOptions& out) {
  std::string rest = source;
  std::size_t at = rest.find('@');
  std::size_t colon_probe = rest.find(':');
  if (at != std::string::npos && (colon_probe == std::string::npos || at < colon_probe)) {
    out.user = rest.substr(0, at);
    rest = rest.substr(at + 1);
    if (out.user.empty()) return Invalid("empty user name in '" + source + "'");
  }
  std::size_t colon;
  if (!rest.empty() && rest[0] == '[') {
    std::size_t close = rest.find(']');
    if (close == std::string::npos || close + 1 >= rest.size() || rest[close + 1] != ':') {
      return Invalid("invalid source '" + source + "' (expected [user@]host:[path])");
    }
    out.host = rest.substr(1, close - 1);
    colon = close + 1;
  } else {
    colon = rest.find(':');
    if (colon == std::string::npos) {
      return Invalid("invalid source '" + source + "' (expected [user@]host:[path])");
    }
    out.host = rest.substr(0, colon);
  }
  if (out.host.empty()) return Invalid("no host in '" + source + "' (expected [user@]host:[path])");
  out.remote_path = rest.substr(colon + 1);
  return Status::Ok();
}

}  // namespace

Result<MountOptions> ParseMountArgs(const std::vector<std::string>& args) {
  MountOptions out;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-o") {
      if (i + 1 >= args.size()) return Invalid("-o needs a list of options");
      for (const std::string& option : SplitOptions(args[++i])) {
        HOARD_RETURN_IF_ERROR(ApplyOption(option, out));
      }
    } else if (arg.starts_with("-o")) {
      for (const std::string& option : SplitOptions(std::string_view(arg).substr(2))) {
        HOARD_RETURN_IF_ERROR(ApplyOption(option, out));
      }
    } else if (arg == "-f") {
      out.foreground = true;
    } else if (arg == "-d" || arg == "--debug") {
      out.debug = true;
      out.foreground = true;
    } else if (arg == "-h" || arg == "--help") {
      out.show_help = true;
    } else if (arg == "-V" || arg == "--version") {
      out.show_version = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      return Invalid("unknown argument '" + arg + "' (see hoardfs -h)");
    } else {
      positional.push_back(arg);
    }
  }
  if (out.show_help || out.show_version) return out;
  if (positional.size() < 2) {
    return Invalid("expected a source and a mountpoint: hoardfs [user@]host:[path] MOUNTPOINT");
  }
  if (positional.size() > 2) return Invalid("unexpected argument '" + positional[2] + "'");
  HOARD_RETURN_IF_ERROR(ParseSource(positional[0], out));
  out.mountpoint = positional[1];
  return out;
}

std::string MountUsage() {
  return R"(usage: hoardfs [user@]host:[path] MOUNTPOINT [-o opt[,opt...]] [-f] [-d] [-h] [-V]

Mounts a remote directory read-only over SSH (SFTP).

  -f                     stay in the foreground
  -d                     debug log (implies -f)
  -h                     this help
  -V                     version

SSH options:
  -o port=N              SSH port (22)
  -o identity=FILE       private key to try (repeatable), after ssh-agent
  -o known_hosts=FILE    host keys to trust (~/.ssh/known_hosts)
  -o accept_new_host_key record the key of a host not yet known (never a changed one)
  -o connections=N       most SFTP sessions in the pool (64; 32 at first)
  -o timeout=SECONDS     deadline of every remote operation (20)
  -o keepalive=SECONDS   keepalive interval while idle, 0 = off (15)
  -o ciphers=A:B, -o macs=A:B   SSH cipher/MAC preference (default: measured fastest)

Kernel caching:
  -o attr_timeout=SECONDS, -o entry_timeout=SECONDS   (20)

Persistent cache:
  -o cache_dir=DIR, cache_size=SIZE, dir_ttl=SECONDS, offline,
     prefetch=none|file|album, bwlimit=RATE, no_cache

FUSE options such as allow_other, default_permissions, fsname=NAME, auto_unmount
are passed to libfuse.
)";
}

}  // namespace hoard::fs
