// hoardfs: mounts [user@]host:[path] read-only over SFTP.
//
// Order matters here. Everything that can fail for a reason the user must
// fix (options, mountpoint, connection, host key, keys, remote path) is
// checked before mounting, so a failed mount prints one line, exits
// non-zero and leaves nothing mounted. The process daemonizes only after the
// kernel mount exists, so a script can use the mountpoint as soon as the
// command returns. Background threads start after the fork (threads do not
// survive it).
#include <algorithm>
#include <malloc.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/sinks/syslog_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "base/mount_info.h"
#include "base/xdg_dirs.h"
#include "fs/cache/cache_lock.h"
#include "fs/cache/cache_paths.h"
#include "fs/cache/caching_remote.h"
#include "fs/fuse/fuse_ops.h"
#include "fs/fuse/mount_options.h"
#include "fs/sftp/sftp_remote.h"
#include "hoard/version.h"

namespace hoard::fs {
namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "hoardfs: %s\n", message.c_str());
  return 1;
}

// Whether the cache's owner (its lock line, "hoardfs (pid N) on /mnt")
// still has its mount. A hoardfs whose mount is gone is finishing after an
// unmount; an owner without a mount (`hoard cache evict`) counts as there.
bool OwnerStillMounted(const std::filesystem::path& cache_dir) {
  const std::string owner = CacheLock::Owner(cache_dir);
  const std::size_t on = owner.find(") on ");
  if (owner.rfind("hoardfs ", 0) != 0 || on == std::string::npos) return true;
  return MountAt(owner.substr(on + 5)).has_value();
}

// The canonical mountpoint, or a one-line reason it cannot be used.
Result<std::string> CheckMountpoint(const std::string& mountpoint) {
  struct stat st;
  if (stat(mountpoint.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::Error(ENOENT, "mountpoint " + mountpoint + " does not exist");
    // ENOTCONN: a dead FUSE mount is still sitting there.
    return Status::Error(errno, "mountpoint " + mountpoint + " is not usable: " + std::strerror(errno) +
                                    (errno == ENOTCONN ? " (stale mount? fusermount3 -uz " + mountpoint + ")" : ""));
  }
  if (!S_ISDIR(st.st_mode)) return Status::Error(ENOTDIR, "mountpoint " + mountpoint + " is not a directory");
  std::error_code ec;
  std::string canonical = std::filesystem::canonical(mountpoint, ec).string();
  if (ec) return Status::Error(EINVAL, "mountpoint " + mountpoint + ": " + ec.message());
  if (MountAt(canonical)) {
    return Status::Error(EBUSY, "mountpoint " + mountpoint + " is busy: something is already mounted there");
  }
  return canonical;
}

SshTarget MakeTarget(const MountOptions& options) {
  SshTarget target = ResolveSshTarget(options.user, options.host, options.port, options.identities,
                                      options.known_hosts);
  target.accept_new_host_key = options.accept_new_host_key;
  target.timeout = options.timeout;
  target.keepalive = options.keepalive;
  if (!options.ciphers.empty()) target.ciphers = options.ciphers;
  if (!options.macs.empty()) target.macs = options.macs;
  return target;
}

Result<CacheOptions> MakeCacheOptions(const MountOptions& options) {
  CacheOptions cache;
  if (!options.cache_dir.empty()) {
    cache.dir = ExpandPath(options.cache_dir);
  } else {
    Result<std::filesystem::path> dir =
        DefaultCacheDir(MakeTarget(options).user, options.host, options.port, options.remote_path);
    if (!dir.ok()) return dir.status();
    cache.dir = *dir;
  }
  cache.size_cap = options.cache_size.value_or(0);
  cache.dir_ttl = options.dir_ttl;
  if (options.prefetch) cache.prefetch = *options.prefetch;
  cache.bwlimit = options.bwlimit.value_or(0);
  // Fifteen workers list ahead (with a smaller pool, all sessions but one;
  // with a pool of one, that one). More do not pay: at 100 ms, 31 of them
  // listed a cold tree 1.2x as fast but revalidated one past dir_ttl 2.6x
  // as slowly, their background listings crowding the walk's own requests.
  constexpr int kListAheadWorkers = 15;
  cache.list_ahead_workers = std::max(1, std::min(options.connections - 1, kListAheadWorkers));
  return cache;
}

std::string Source(const MountOptions& options) {
  return (options.user.empty() ? "" : options.user + "@") + options.host + ":" + options.remote_path;
}

// libfuse's argv: our fixed choices first, the user's FUSE options after.
std::vector<std::string> FuseArgs(const MountOptions& options) {
  std::string fsname = Source(options);
  std::string escaped;
  for (char c : fsname) {
    if (c == ',' || c == '\\') escaped += '\\';
    escaped += c;
  }
  std::vector<std::string> args = {"hoardfs", "-o",
                                   "ro,nosuid,nodev,subtype=hoardfs,max_read=1048576,fsname=" + escaped};
  for (const std::string& option : options.fuse_options) {
    args.push_back("-o");
    args.push_back(option);
  }
  if (options.debug) args.push_back("-d");
  return args;
}

// Builds the RemoteSource the mount serves; called in the process that will
// serve it, after daemonizing (see Main).
using RemoteFactory = std::function<Result<std::shared_ptr<RemoteSource>>()>;

int Mount(const MountOptions& options, const RemoteFactory& make_remote, const std::string& mountpoint,
          SftpRemote* sftp) {
  FuseContext context{nullptr, options.attr_timeout, options.entry_timeout};
  std::vector<std::string> arg_strings = FuseArgs(options);
  std::vector<char*> argv;
  for (std::string& arg : arg_strings) argv.push_back(arg.data());
  fuse_args args = FUSE_ARGS_INIT(static_cast<int>(argv.size()), argv.data());
  fuse_operations ops = MakeFuseOperations();
  fuse* f = fuse_new(&args, &ops, sizeof(ops), &context);
  if (f == nullptr) {
    fuse_opt_free_args(&args);
    return Fail("invalid FUSE options (see above)");
  }
  fuse_session* session = fuse_get_session(f);
  // Before mounting: a SIGTERM arriving between mount and loop must end the
  // loop at once (and unmount), not kill the process with a mount left behind.
  fuse_set_signal_handlers(session);
  if (fuse_mount(f, mountpoint.c_str()) != 0) {
    fuse_remove_signal_handlers(session);
    fuse_destroy(f);
    fuse_opt_free_args(&args);
    return Fail("cannot mount on " + mountpoint);
  }
  if (fuse_daemonize(options.foreground ? 1 : 0) != 0) {
    fuse_remove_signal_handlers(session);
    fuse_unmount(f);
    fuse_destroy(f);
    fuse_opt_free_args(&args);
    return Fail("cannot daemonize");
  }
  if (!options.foreground) {
    auto logger = spdlog::syslog_logger_mt("hoardfs", "hoardfs", LOG_PID);
    logger->set_level(spdlog::get_level());
    spdlog::set_default_logger(logger);
  }
  // No request is served before the loop runs, so the chain can still be
  // put in place now.
  Result<std::shared_ptr<RemoteSource>> remote = make_remote();
  if (!remote.ok()) {
    spdlog::error("{}", remote.status().message());
    fuse_remove_signal_handlers(session);
    fuse_unmount(f);
    fuse_destroy(f);
    fuse_opt_free_args(&args);
    return 1;
  }
  context.remote = std::move(remote).value();
  if (sftp != nullptr) sftp->Start();
  fuse_loop_config* loop = fuse_loop_cfg_create();
  // A slow remote read holds its worker; plenty of workers keep other
  // reads (and ls) moving meanwhile.
  fuse_loop_cfg_set_max_threads(loop, 64);
  fuse_loop_cfg_set_idle_threads(loop, 8);
  int rc = fuse_loop_mt(f, loop);
  fuse_loop_cfg_destroy(loop);
  fuse_remove_signal_handlers(session);
  fuse_unmount(f);
  fuse_destroy(f);
  fuse_opt_free_args(&args);
  // A signal (SIGTERM, SIGINT, SIGHUP) ends the loop with its number: a
  // requested, clean exit.
  return rc < 0 ? 1 : 0;
}

int Main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  Result<MountOptions> parsed = ParseMountArgs(args);
  if (!parsed.ok()) return Fail(parsed.status().message());
  const MountOptions& options = *parsed;
  if (options.show_help) {
    std::fputs(MountUsage().c_str(), stdout);
    return 0;
  }
  if (options.show_version) {
    std::printf("hoardfs %s\n", kVersion);
    return 0;
  }
  // Diagnostics go to stderr: stdout carries the command's output.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("stderr"));
  spdlog::set_pattern("hoardfs: %l: %v");
  spdlog::set_level(options.debug ? spdlog::level::debug : spdlog::level::warn);
  signal(SIGPIPE, SIG_IGN);

  Result<std::string> mountpoint = CheckMountpoint(options.mountpoint);
  if (!mountpoint.ok()) return Fail(mountpoint.status().message());

  // ---- The RemoteSource chain: FUSE -> CachingRemote -> SftpRemote.
  auto sftp = std::make_shared<SftpRemote>(MakeTarget(options), options.remote_path, options.connections);
  if (options.no_cache) {
    if (Status connected = sftp->Connect(); !connected.ok()) return Fail(connected.message());
    return Mount(
        options, [&]() -> Result<std::shared_ptr<RemoteSource>> { return std::shared_ptr<RemoteSource>(sftp); },
        *mountpoint, sftp.get());
  }
  Result<CacheOptions> cache_options = MakeCacheOptions(options);
  if (!cache_options.ok()) return Fail(cache_options.status().message());
  const std::filesystem::path& cache_dir = cache_options->dir;
  // Offline mounts serve what an earlier mount cached; without a cache
  // there is nothing to serve, so they fail like an unreachable server.
  std::shared_ptr<RemoteSource> upstream = sftp;
  Status connected = Status::Ok();
  if (options.offline) {
    if (!CacheExists(cache_dir)) return Fail("offline: no cache of this source in " + cache_dir.string());
    spdlog::warn("offline: serving the cache in {} without asking the server", cache_dir.string());
    upstream = nullptr;
  } else if (connected = sftp->Connect(); !connected.ok()) {
    if (!IsLinkError(connected) || !CacheExists(cache_dir)) return Fail(connected.message());
    std::fprintf(stderr, "hoardfs: warning: %s; mounting from the cache in %s until the server is back\n",
                 connected.message().c_str(), cache_dir.string().c_str());
  }
  // One mount per cache dir (cache_lock.h): refused here, on the terminal,
  // naming the mount that has it. Held until this process ends; the fork of
  // daemonizing keeps it. An owner whose mount is already gone is a hoardfs
  // finishing after an unmount (closing its index): a remount right after
  // an unmount waits for it, up to the timeout, instead of being refused.
  Result<CacheLock> lock = CacheLock::Acquire(cache_dir, "hoardfs on " + *mountpoint, std::chrono::seconds(2));
  if (!lock.ok() && lock.status().code() == EBUSY && !OwnerStillMounted(cache_dir)) {
    lock = CacheLock::Acquire(cache_dir, "hoardfs on " + *mountpoint, options.timeout);
  }
  if (!lock.ok()) return Fail(lock.status().message());
  auto make_cache = [&]() -> Result<std::shared_ptr<RemoteSource>> {
    // The daemon's pid, for whoever is refused next.
    if (Status s = lock->Refresh(); !s.ok()) spdlog::warn("{}", s.message());
    auto cache = CachingRemote::Create(*cache_options, upstream);
    if (!cache.ok()) return cache.status();
    if (upstream != nullptr) (*cache)->ObserveLink(connected);
    return std::shared_ptr<RemoteSource>(std::move(*cache));
  };
  // The cache's SQLite connection must not cross the fork of daemonizing:
  // the daemon would share the parent's lock state without holding its
  // locks, and another process closing the index (`hoard cache stats`)
  // would then take the WAL away from under it. So the daemon opens the
  // cache itself; opening (and closing) it here first still reports an
  // unusable cache on the terminal.
  if (!options.foreground) {
    if (auto check = CachingRemote::Create(*cache_options, nullptr); !check.ok()) {
      return Fail(check.status().message());
    }
  }
  // ---- End of the chain.

  // A forced offline mount never asks the server, not even in the background.
  return Mount(options, make_cache, *mountpoint, upstream ? sftp.get() : nullptr);
}

}  // namespace
}  // namespace hoard::fs

int main(int argc, char** argv) {
  // Every read moves up to 1 MiB through buffers malloc'd per request (in
  // libfuse, and for each fetch here). Above glibc's mmap threshold each such
  // buffer is a fresh mapping whose every page faults in, and trimming hands
  // freed heap back the same way. Kept in the heap for reuse, a cold read
  // here went from 0.84x to about 1.0x sshfs's speed.
  mallopt(M_MMAP_THRESHOLD, 8 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  return hoard::fs::Main(argc, argv);
}
