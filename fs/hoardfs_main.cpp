// hoardfs: mounts [user@]host:[path] read-only over SFTP.
//
// Order matters here. Everything that can fail for a reason the user must
// fix (options, mountpoint, connection, host key, keys, remote path) is
// checked before mounting, so a failed mount prints one line, exits
// non-zero and leaves nothing mounted. The process daemonizes only after the
// kernel mount exists, so a script can use the mountpoint as soon as the
// command returns. Background threads start after the fork (threads do not
// survive it).
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/sinks/syslog_sink.h>
#include <spdlog/spdlog.h>

#include "fs/fuse_ops.h"
#include "fs/mount_options.h"
#include "fs/mount_table.h"
#include "fs/sftp_remote.h"
#include "hoard/version.h"

namespace hoard::fs {
namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "hoardfs: %s\n", message.c_str());
  return 1;
}

std::string HomeDir() {
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') return home;
  if (passwd* pw = getpwuid(getuid())) return pw->pw_dir;
  return "/";
}

std::string Absolute(const std::string& path) {
  if (path.starts_with("~/")) return HomeDir() + path.substr(1);
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  return ec ? path : absolute.string();
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
  if (MountedDevice(canonical)) {
    return Status::Error(EBUSY, "mountpoint " + mountpoint + " is busy: something is already mounted there");
  }
  return canonical;
}

SshTarget MakeTarget(const MountOptions& options) {
  SshTarget target;
  target.host = options.host;
  target.port = options.port;
  target.user = options.user;
  if (target.user.empty()) {
    passwd* pw = getpwuid(getuid());
    target.user = pw != nullptr ? pw->pw_name : "root";
  }
  for (const std::string& identity : options.identities) target.identities.push_back(Absolute(identity));
  target.known_hosts = options.known_hosts.empty() ? HomeDir() + "/.ssh/known_hosts" : Absolute(options.known_hosts);
  target.accept_new_host_key = options.accept_new_host_key;
  target.timeout = options.timeout;
  target.keepalive = options.keepalive;
  if (!options.ciphers.empty()) target.ciphers = options.ciphers;
  if (!options.macs.empty()) target.macs = options.macs;
  return target;
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

int Mount(const MountOptions& options, std::shared_ptr<RemoteSource> remote, const std::string& mountpoint,
          SftpRemote& sftp) {
  FuseContext context{std::move(remote), options.attr_timeout, options.entry_timeout};
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
  // Before the kernel's INIT is answered: INIT caps readahead at this value
  // (see fuse_init.cpp), and the default 128 KiB makes reads ~3x slower.
  if (!SetReadaheadKb(mountpoint, 1024)) spdlog::debug("could not raise the readahead of {}", mountpoint);
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
  sftp.Start();
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
  spdlog::set_pattern("hoardfs: %l: %v");
  spdlog::set_level(options.debug ? spdlog::level::debug : spdlog::level::warn);
  signal(SIGPIPE, SIG_IGN);

  Result<std::string> mountpoint = CheckMountpoint(options.mountpoint);
  if (!mountpoint.ok()) return Fail(mountpoint.status().message());

  // ---- The RemoteSource chain: FUSE -> [CachingRemote, issue 4] -> SftpRemote.
  auto sftp = std::make_shared<SftpRemote>(MakeTarget(options), options.remote_path, options.connections);
  if (Status connected = sftp->Connect(); !connected.ok()) return Fail(connected.message());
  std::shared_ptr<RemoteSource> remote = sftp;
  // ---- End of the chain.

  return Mount(options, std::move(remote), *mountpoint, *sftp);
}

}  // namespace
}  // namespace hoard::fs

int main(int argc, char** argv) { return hoard::fs::Main(argc, argv); }
