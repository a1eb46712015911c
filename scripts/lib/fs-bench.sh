# shellcheck shell=bash
# Shared by the fs benchmarks (sourced): a throwaway sshd (scripts/lib/sshd.sh)
# serving $work/root, mount helpers for hoardfs and sshfs over it, a median,
# and cleanup of everything on exit (mounts, the sshd and its sessions, $work).
# Needs: $work (a fresh temp dir), $hoardfs (path of the binary).
#
#   mount_fs hoardfs|sshfs MOUNTPOINT [extra hoardfs -o options]   # returns once settled
#       connects to port $FS_BENCH_PORT when set (e.g. a latency proxy in front
#       of the sshd; the caller adds its line to $SSHD_KNOWN_HOSTS), else
#       $SSHD_PORT; a cache_dir= in the extra options wins over the fresh one
#   unmount_fs MOUNTPOINT
#   printf '%s\n' 3 1 2 | median     # 2
#   served                           # bytes sftp-server has sent so far

# shellcheck disable=SC2154  # both are the caller's
: "${work:?fs-bench.sh needs \$work}" "${hoardfs:?fs-bench.sh needs \$hoardfs}"
# shellcheck source=scripts/lib/sshd.sh
source "$(dirname "${BASH_SOURCE[0]}")/sshd.sh"

# Every mount under $work, whatever the benchmark named its mountpoints.
fs_bench_cleanup() {
  local m
  while read -r m; do
    fusermount3 -u "$m" 2>/dev/null || { mountpoint -q "$m" && fusermount3 -uz "$m"; }
  done < <(awk -v w="$work/" 'index($2, w) == 1 {print $2}' /proc/mounts)
  sshd_stop
  rm -rf "$work"
}
trap fs_bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$work/root"
sshd_start "$work/sshd"
remote="$(id -un)@127.0.0.1:$work/root"

mount_fs() {
  local kind=$1 mnt=$2 extra=${3:-} port=${FS_BENCH_PORT:-$SSHD_PORT}
  mkdir -p "$mnt"
  if [[ $kind == hoardfs ]]; then
    # A cache directory of its own for every mount: each read is cold, as
    # sshfs's is, instead of served from what the previous round cached.
    local cache
    cache=$(mktemp -d "$work/cache-XXXXXX")
    env -u SSH_AUTH_SOCK HOME="$work" "$hoardfs" "$remote" "$mnt" \
      -o "port=$port,identity=$SSHD_KEY,known_hosts=$SSHD_KNOWN_HOSTS,cache_dir=$cache${extra:+,$extra}"
  else
    sshfs "$remote" "$mnt" -o "port=$port,IdentityFile=$SSHD_KEY,UserKnownHostsFile=$SSHD_KNOWN_HOSTS" \
      -o StrictHostKeyChecking=yes,IdentitiesOnly=yes,BatchMode=yes
  fi
  settle_sessions
}

# Waits until no new SSH session has opened for a second (at most 20 s).
# hoardfs connects the rest of its session pool in the background once
# mounted, and every session costs the server a login (a key exchange, a
# shell, an sftp-server): a read started at once would race those logins
# on the same two cores. A user's mount is up long before the music plays, so
# both filesystems are measured settled.
settle_sessions() {
  local i count last=-1 quiet=0
  for ((i = 0; i < 200 && quiet < 10; i++)); do
    count=$(grep -c "session opened" "$SSHD_SFTP_LOG" 2>/dev/null || true)
    if [[ $count == "$last" ]]; then quiet=$((quiet + 1)); else quiet=0 last=$count; fi
    sleep 0.1
  done
}

unmount_fs() {
  fusermount3 -u "$1"
  rm -rf "$work"/cache-*
}

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

# Bytes sftp-server has sent so far (it logs each handle's total, "bytes read
# N", when the handle is closed: unmount first to count everything).
served() {
  awk 'match($0, /bytes read [0-9]+/) {split(substr($0, RSTART, RLENGTH), f, " "); s += f[3]} END {print s + 0}' \
    "$SSHD_SFTP_LOG" 2>/dev/null || echo 0
}
