#!/usr/bin/env bash
# Issue 19: `apt-get install ./hoard_*.deb` on a machine without the build
# dependencies must give working commands. This proves it in a clean Debian 12
# root made with debootstrap (minbase: Essential packages and apt, nothing
# else), so a library or program that the package uses but does not depend on
# shows up here instead of on a user's machine.
#
#   clean_machine_check.sh DEB
#
# Environment:
#   HOARD_CLEAN_ROOT=DIR  bootstrap into DIR, or reuse DIR when an earlier run
#                         bootstrapped it; DIR is kept. Before a reused root is
#                         used, every package not in its freshly bootstrapped
#                         set is purged, so each run's install starts from the
#                         bare root. Without it a root is made in /var/tmp and
#                         deleted at the end.
#   HOARD_MIRROR=URL      Debian mirror (default: the one this machine's
#                         /etc/apt/sources.list(.d) uses for bookworm, as only
#                         that one may be reachable; else deb.debian.org)
#   HOARD_NO_RECOMMENDS=1 install with --no-install-recommends (what a lean
#                         machine or a Dockerfile does), so what only comes as
#                         a Recommends of a dependency is missing
#   HOARD_EXTRA_PACKAGES="P Q"  install these Debian packages along with the
#                         .deb: to try out a fix of its Depends before
#                         rebuilding it
#
# It prints one "ok"/"FAIL"/"skip" line per check (and "info" lines), the
# time the bootstrap and the install took, and exits 1 when a check failed.
# Needs root (debootstrap, chroot, mounts) and, for the index check, ffmpeg
# on this machine to make a one-second FLAC (the root has no ffmpeg).
# /proc, /dev (bound, for /dev/fuse), /dev/pts and /sys are mounted into the
# root while it runs and unmounted on any exit.
set -uo pipefail

suite=bookworm
prog=clean_machine_check

die() {
  echo "$prog: $*" >&2
  exit 2
}

(($# == 1)) || die "usage: $0 DEB"
deb=$(readlink -f "$1") || die "no such file: $1"
[[ -f $deb ]] || die "no such file: $1"
((EUID == 0)) || die "needs root (debootstrap, chroot and mounts)"
deb_name=$(basename "$deb")
deb_version=$(dpkg-deb -f "$deb" Version) || die "$deb is not a .deb"

# -- the mirror: the first "deb" source of this machine for $suite (one-line
# .list files and deb822 .sources files, the two forms apt reads).
mirror_from_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    awk -v s="$suite" '
      $1 == "deb" {
        i = 2
        if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == s) { print $i; exit }
      }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    awk -v s="$suite" '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " s " ") && enabled != "no" && uris != "") {
          split(uris, u, " "); print u[1]; done = 1; exit
        }
        types = uris = suites = ""; enabled = "yes"
      }
      BEGIN { enabled = "yes" }
      /^#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      /^[[:space:]]/ { next }
      {
        key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, ""); val = $0
        if (key == "types") types = val
        else if (key == "uris") uris = val
        else if (key == "suites") suites = val
        else if (key == "enabled") enabled = tolower(val)
      }
      END { if (!done) flush() }' "$f"
  done
}
mirror=${HOARD_MIRROR:-$(mirror_from_sources | head -n1)}
mirror=${mirror:-http://deb.debian.org/debian}

# -- the root
keep_root=0
if [[ -n ${HOARD_CLEAN_ROOT:-} ]]; then
  keep_root=1
  mkdir -p "$HOARD_CLEAN_ROOT" || die "cannot make $HOARD_CLEAN_ROOT"
  root=$(readlink -f "$HOARD_CLEAN_ROOT")
else
  root=$(mktemp -d /var/tmp/hoard-clean-root.XXXXXX) || die "cannot make a directory in /var/tmp"
fi
[[ $root != / ]] || die "refusing / as the root"
# Written once debootstrap succeeded: the bootstrapped package set, which a
# reuse returns to.
baseline=$root/var/lib/hoard-clean-check/baseline
work=$(mktemp -d)
here=$(cd "$(dirname "$0")" && pwd)

unmount_all() {  # everything mounted at or under $root, deepest first
  local m
  awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r m; do
      umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || echo "$prog: cannot unmount $m" >&2
    done
}
root_pids() {  # processes running in the root: only this script starts any
  local d
  for d in /proc/[0-9]*; do
    [[ $(readlink "$d/root" 2>/dev/null) == "$root" ]] && echo "${d#/proc/}"
  done
}
cleanup() {
  local pids i
  # FUSE mounts first (their hoardfs then exits), then whatever still runs
  # in the root (a tunnel's ssh, a hoard serve), then the rest.
  awk -v r="$root/tmp/" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null
  pids=$(root_pids)
  if [[ -n $pids ]]; then
    # shellcheck disable=SC2086  # one pid per word
    kill $pids 2>/dev/null
    for ((i = 0; i < 20; i++)); do [[ -z $(root_pids) ]] && break; sleep 0.1; done
    pids=$(root_pids)
    # shellcheck disable=SC2086
    [[ -n $pids ]] && kill -KILL $pids 2>/dev/null
  fi
  [[ -n ${SSHD_PID:-} ]] && sshd_stop
  unmount_all
  if awk -v r="$root" '$2 == r || index($2, r "/") == 1 { f = 1 } END { exit !f }' /proc/mounts; then
    echo "$prog: mounts are left under $root; not deleting it" >&2
  elif ((!keep_root)); then
    rm -rf --one-file-system "$root"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

failures=0
result() {  # result ok|FAIL|skip|info TEXT [OUTPUT-FILE]
  printf '%-4s %s\n' "$1" "$2"
  if [[ $1 == FAIL ]]; then
    failures=$((failures + 1))
    [[ -n ${3:-} && -s $3 ]] && sed 's/^/     /' "$3" | head -n 40
  fi
  return 0
}

# Runs a bash script inside the root with a small, fixed environment.
in_root() {
  chroot "$root" /usr/bin/env -i \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LC_ALL=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive \
    /bin/bash -c "$1"
}
check() {  # check DESCRIPTION SCRIPT: SCRIPT, run in the root, must succeed
  if in_root "$2" >"$work/out" 2>&1; then
    result ok "$1"
  else
    result FAIL "$1" "$work/out"
  fi
}
mounted() { awk -v m="$1" '$2 == m { f = 1 } END { exit !f }' /proc/mounts; }
mount_root() {
  local d
  for d in proc sys dev; do mkdir -p "$root/$d"; done
  mounted "$root/proc" || mount -t proc proc "$root/proc" || return 1
  mounted "$root/sys" || mount --bind /sys "$root/sys" || return 1
  mounted "$root/dev" || mount --bind /dev "$root/dev" || return 1
  mkdir -p "$root/dev/pts"
  mounted "$root/dev/pts" || mount --bind /dev/pts "$root/dev/pts" || return 1
}
installed_packages() {  # the root's installed packages, sorted
  in_root "dpkg-query -W -f='\${db:Status-Status} \${Package}\n' | awk '\$1 == \"installed\" { print \$2 }' | sort"
}
duration() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

echo "$prog: $deb_name (version $deb_version) in a clean Debian $suite root"
echo "info Depends: $(dpkg-deb -f "$deb" Depends)"
echo "info mirror $mirror, root $root"

# -- bootstrap, or reuse
if ! command -v debootstrap >/dev/null; then
  echo "info installing debootstrap on this machine"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >"$work/out" 2>&1 ||
    { result FAIL "apt-get install debootstrap" "$work/out"; exit 1; }
fi
if [[ -s $baseline ]]; then
  result info "reusing the root bootstrapped earlier ($(wc -l <"$baseline") packages)"
  mount_root || { result FAIL "mounting /proc, /sys, /dev and /dev/pts in the root"; exit 1; }
  # Back to the bare root: purge whatever an earlier run installed (hoard,
  # its dependencies, man-db), so this run's install is a fresh one.
  installed_packages >"$work/now"
  extra=$(comm -13 "$baseline" "$work/now" | tr '\n' ' ')
  if [[ -n ${extra// /} ]]; then
    check "purging what an earlier run installed: $extra" \
      "apt-get purge -y -q $extra >/dev/null && [[ -z \$(dpkg-query -W -f='\${db:Status-Status}' hoard 2>/dev/null | grep -x installed) ]]"
  fi
  rm -rf "$root/tmp/hoard-check" "$root"/tmp/hoard_*.deb
else
  if [[ -n $(ls -A "$root" 2>/dev/null) ]]; then
    keep_root=1  # not ours to delete
    die "$root is not empty and was not bootstrapped by this script"
  fi
  echo "info debootstrap --variant=minbase $suite (takes a few minutes)"
  start=$(date +%s)
  if ! debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tail -n 20 "$work/debootstrap.log" >"$work/out"
    result FAIL "debootstrap --variant=minbase $suite" "$work/out"
    exit 1
  fi
  result info "bootstrap took $(duration $(($(date +%s) - start))) ($(du -sh --one-file-system "$root" | cut -f1))"
  # No daemons started by package scripts inside the chroot.
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d" && chmod 755 "$root/usr/sbin/policy-rc.d"
  mount_root || { result FAIL "mounting /proc, /sys, /dev and /dev/pts in the root"; exit 1; }
  mkdir -p "$(dirname "$baseline")"
  installed_packages >"$baseline.new" && mv "$baseline.new" "$baseline"
fi
check "the root is a bare Debian $suite" \
  "grep -qx 'VERSION_CODENAME=$suite' /etc/os-release && [[ -z \$(dpkg-query -W -f='\${db:Status-Status}' hoard 2>/dev/null | grep -x installed) ]]"

# -- installing
cp "$deb" "$root/tmp/$deb_name"
mkdir -p "$root/tmp/hoard-check/music/Artist/2001_Album" "$root/tmp/hoard-check/home"
flac=$root/tmp/hoard-check/music/Artist/2001_Album/01_-_Song.flac
make_flac() {  # make_flac FILE ARTIST ALBUM TITLE YEAR: one second of sine
  command -v ffmpeg >/dev/null || return 1
  ffmpeg -nostdin -loglevel error -y -f lavfi -i sine=d=1 -metadata artist="$2" -metadata album="$3" \
    -metadata title="$4" -metadata date="$5" -metadata track=1 -c:a flac "$1" || { rm -f "$1"; return 1; }
}
make_flac "$flac" Artist Album Song 2001

recommends=
[[ ${HOARD_NO_RECOMMENDS:-} == 1 ]] && recommends=--no-install-recommends
in_root "apt-get update -qq" >"$work/out" 2>&1 || result FAIL "apt-get update in the root" "$work/out"
# What the install brings only because apt installs Recommends by default.
in_root "apt-get install -s ./tmp/$deb_name" 2>/dev/null | awk '$1 == "Inst" { print $2 }' | sort >"$work/with"
in_root "apt-get install -s --no-install-recommends ./tmp/$deb_name" 2>/dev/null |
  awk '$1 == "Inst" { print $2 }' | sort >"$work/without"
result info "only as Recommends of a dependency: $(comm -23 "$work/with" "$work/without" | grep -vx hoard | tr '\n' ' ')"
installed_packages >"$work/before"
extra_packages=${HOARD_EXTRA_PACKAGES:-}
[[ -n $extra_packages ]] && result info "also installing, as HOARD_EXTRA_PACKAGES asks: $extra_packages"
start=$(date +%s)
check "apt-get install -y ${recommends:+$recommends }./$deb_name${extra_packages:+ $extra_packages}" \
  "cd /tmp && apt-get install -y -q $recommends ./$deb_name $extra_packages"
installed_packages >"$work/after"
result info "install took $(duration $(($(date +%s) - start))): $(comm -13 "$work/before" "$work/after" | grep -vxc hoard) packages besides hoard: $(comm -13 "$work/before" "$work/after" | grep -vx hoard | tr '\n' ' ')"
check "hoard $deb_version is installed" \
  "[[ \$(dpkg-query -W -f='\${Status} \${Version}' hoard) == 'install ok installed $deb_version' ]]"

# The brief's `dpkg -l | grep -E -- '-dev |g\+\+|gcc'` would match gcc-12-base
# and libgcc-s1, which every Debian system has (libc6 needs them); so this
# matches whole package names: any *-dev, and the compiler and toolchain
# packages themselves.
check "no -dev package and no compiler installed" \
  "! dpkg-query -W -f='\${db:Status-Status} \${Package}\n' | awk '\$1 == \"installed\" { print \$2 }' | grep -E '(-dev$|^(gcc|g\+\+|cpp|clang|llvm|binutils|build-essential|make|cmake|ninja-build|pkgconf|pkg-config)(-[0-9.]+)?$)' &&
   ! command -v cc gcc g++ c++ clang clang++"

for tool in /usr/bin/hoard /usr/bin/hoardfs /usr/bin/hoard-serve /usr/bin/hoard-link /usr/bin/hoard-tunnel \
  /usr/sbin/mount.fuse.hoardfs; do
  check "$tool is installed and executable" "test -x $tool"
done
for f in "$root"/usr/bin/hoard*; do
  [[ $(head -c4 "$f" 2>/dev/null) == $'\x7fELF' ]] || continue
  check "ldd /usr/bin/${f##*/}: no library 'not found'" \
    "out=\$(ldd /usr/bin/${f##*/} 2>&1) || { echo \"\$out\"; exit 1; }; ! grep 'not found' <<<\"\$out\""
done
check "libcurl.so.4 (dlopen'ed by the feed) is known to ld.so and its libraries are found" \
  "p=\$(ldconfig -p | awk '/^[[:space:]]*libcurl\.so\.4 \(/ { print \$NF; exit }'); [[ -n \$p ]] || { echo 'libcurl.so.4 not in ldconfig -p'; exit 1; }
   out=\$(ldd \"\$p\" 2>&1) || { echo \"\$out\"; exit 1; }; ! grep 'not found' <<<\"\$out\""

# -- the commands
check "hoard --version prints $deb_version" "[[ \$(hoard --version) == 'hoard $deb_version' ]]"
check "hoardfs --version prints $deb_version" "[[ \$(hoardfs --version) == 'hoardfs $deb_version' ]]"
check "hoard-serve --help" "out=\$(hoard-serve --help) && grep -q '^  serve ' <<<\"\$out\""
check "hoard-link --help" "out=\$(hoard-link --help) && grep -q '^  link ' <<<\"\$out\""
check "hoard-tunnel --help prints its usage" \
  "out=\$(hoard-tunnel --help 2>&1); rc=\$?; echo \"\$out\"; [[ \$rc == 2 ]] && grep -q '^usage: hoard-tunnel ' <<<\"\$out\""
# hoard-tunnel is a bash script: the programs it runs must come with the
# package's dependencies (or be Essential) too.
check "every program hoard-tunnel runs is installed (ssh setsid flock pgrep ps ss sha256sum stat date)" \
  "rc=0; for p in ssh setsid flock pgrep ps ss sha256sum stat date cut grep sed tr id sleep; do
     command -v \$p >/dev/null || { echo \"missing: \$p\"; rc=1; }
   done; exit \$rc"
check "hoard-tunnel --status runs (pgrep)" \
  "out=\$(hoard-tunnel --status 2>&1); rc=\$?; echo \"\$out\"; [[ \$rc == 0 && \$out == 'hoard-tunnel: no tunnels running' ]]"
check "mount.fuse.hoardfs's mount.fuse3 and hoardfs@.service's fusermount3 are installed" \
  "command -v mount.fuse3 && test -x /usr/bin/fusermount3"

db=/tmp/hoard-check/catalog.db
env_user="HOME=/tmp/hoard-check/home"
if [[ -s $flac ]]; then
  check "hoard index on a folder with one FLAC" \
    "out=\$($env_user hoard index --db $db /tmp/hoard-check/music 2>&1); echo \"\$out\"; grep -q '^indexed 1 (1 new' <<<\"\$out\""
  check "hoard ls shows its track" \
    "out=\$($env_user hoard ls --db $db 2>&1); echo \"\$out\"; [[ \$out == 'Artist - Album - Song' ]]"
else
  result FAIL "hoard index: no test FLAC (ffmpeg missing on this machine?)"
fi

# The feed reaches libcurl.so.4 with dlopen: a missing libcurl shows only
# when it runs, as "cannot load libcurl.so.4".
curl_errors='cannot load libcurl|libcurl\.so\.4 lacks|cannot initialise libcurl|error while loading shared'
check "hoard feed update without a config says what to set" \
  "out=\$($env_user hoard feed update --db $db 2>&1); rc=\$?; echo \"\$out\";
   [[ \$rc != 0 ]] && grep -q 'musicbrainz.contact' <<<\"\$out\" && ! grep -Eq '$curl_errors' <<<\"\$out\""
printf '[musicbrainz]\ncontact = "clean-machine-check@example.org"\n[http]\nretries = 0\n' \
  >"$root/tmp/hoard-check/config.toml"
check "hoard feed update with a config: a network error, not a library error" \
  "out=\$($env_user timeout 120 hoard feed update --db $db --config /tmp/hoard-check/config.toml 2>&1); rc=\$?; echo \"\$out\";
   ! grep -Eq '$curl_errors' <<<\"\$out\" && { [[ \$rc == 0 ]] || grep -q 'GET https://musicbrainz.org/' <<<\"\$out\"; }"
# HTTPS with certificate checks, against the one HTTPS server reachable from
# here (Debian's archive answers 404 to a MusicBrainz query): fails when no
# CA certificates are installed.
printf '[musicbrainz]\ncontact = "clean-machine-check@example.org"\nurl = "https://deb.debian.org/debian"\n[http]\nretries = 0\n' \
  >"$root/tmp/hoard-check/tls.toml"
tls_run() { in_root "$env_user timeout 120 hoard feed update --db $db --config /tmp/hoard-check/tls.toml 2>&1" >"$work/out"; }
tls_ok() { grep -q 'MusicBrainz: not found: https://deb.debian.org/' "$work/out"; }
check "CA certificates for the feed's HTTPS are installed (/etc/ssl/certs/ca-certificates.crt)" \
  "dpkg-query -W -f='\${db:Status-Status}\n' ca-certificates 2>/dev/null | grep -qx installed && test -s /etc/ssl/certs/ca-certificates.crt"
tls_run
tls_note=
if ! tls_ok && grep -q 'self-signed certificate in certificate chain' "$work/out" &&
  [[ -s $root/etc/ssl/certs/ca-certificates.crt && -s /etc/ssl/certs/ca-certificates.crt ]]; then
  # This machine's HTTPS goes through an intercepting proxy whose CA only
  # this machine's bundle has: try again with that bundle in place of the
  # root's own (bound over it for this one run; Debian's bundle is unchanged).
  mount --bind /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt" && {
    tls_run
    umount "$root/etc/ssl/certs/ca-certificates.crt"
    tls_note=" (with this machine's CA bundle: its HTTPS is intercepted by a proxy only that bundle trusts)"
  }
fi
if tls_ok; then
  result ok "the feed's HTTPS verifies a server certificate: https://deb.debian.org answered$tls_note"
elif grep -Eqi 'certificate|ssl|ca file|ca cert' "$work/out"; then
  result FAIL "the feed's HTTPS verifies a server certificate" "$work/out"
elif grep -Eqi 'resolve host|connect|timed out|timeout' "$work/out"; then
  result skip "the feed's HTTPS: https://deb.debian.org is not reachable from here"
else
  result FAIL "the feed's HTTPS verifies a server certificate" "$work/out"
fi

port=$((20000 + RANDOM % 20000))
check "hoard serve answers GET / on 127.0.0.1:$port" \
  "$env_user hoard serve --listen 127.0.0.1:$port --db $db >/tmp/hoard-check/serve.log 2>&1 & pid=\$!
   trap 'kill \$pid 2>/dev/null' EXIT
   for i in \$(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
   exec 3<>/dev/tcp/127.0.0.1/$port && printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1:$port\r\nConnection: close\r\n\r\n' >&3
   status=\$(timeout 5 head -n1 <&3); exec 3<&-; kill \$pid; wait \$pid; echo \"\$status\"; cat /tmp/hoard-check/serve.log
   [[ \$status == 'HTTP/1.1 200 OK'* ]]"
check "hoard link probe reaches the network code (connection refused by 127.0.0.1:1)" \
  "out=\$($env_user timeout 30 hoard link probe --db /tmp/hoard-check/link.db -p 1 --timeout 5 root@127.0.0.1:/ 2>&1); echo \"\$out\"
   grep -q 'connection refused' <<<\"\$out\""
check "hoardfs reaches the network code (connection refused by 127.0.0.1:1)" \
  "mkdir -p /tmp/hoard-check/mnt; out=\$($env_user timeout 30 hoardfs root@127.0.0.1:/ /tmp/hoard-check/mnt -f -o port=1,timeout=5 2>&1); echo \"\$out\"
   grep -q 'connection refused' <<<\"\$out\""

# -- against a throwaway sshd on this machine's loopback (the root shares its
# network): hoardfs mounts a folder and reads it, hoard indexes the mount,
# hoard link probe records "up", hoard-tunnel opens a forward and stops it.
# shellcheck source=SCRIPTDIR/../../scripts/lib/sshd.sh
if [[ -x /usr/sbin/sshd && -x /usr/lib/openssh/sftp-server ]] && command -v ssh-keygen python3 >/dev/null &&
  source "$here/../../scripts/lib/sshd.sh" && sshd_start "$work/sshd" >"$work/out" 2>&1; then
  served=$work/served
  mkdir -p "$served/Other/2002_Second"
  make_flac "$served/Other/2002_Second/01_-_Far.flac" Other Second Far 2002
  echo "a track's bytes" >"$served/readme.txt"
  mkdir -p "$root/tmp/hoard-check/ssh"
  cp "$SSHD_KEY" "$SSHD_KNOWN_HOSTS" "$root/tmp/hoard-check/ssh/"
  key=/tmp/hoard-check/ssh/client_key kh=/tmp/hoard-check/ssh/known_hosts
  mnt=/tmp/hoard-check/remote
  check "hoardfs mounts a folder over SSH and reads a file" \
    "mkdir -p $mnt && $env_user timeout 60 hoardfs root@127.0.0.1:$served $mnt -o port=$SSHD_PORT,identity=$key,known_hosts=$kh,cache_dir=/tmp/hoard-check/cache &&
     grep -qx \"a track's bytes\" $mnt/readme.txt && grep -q ' $mnt fuse.hoardfs ' /proc/mounts"
  if [[ -s $served/Other/2002_Second/01_-_Far.flac ]]; then
    check "hoard index on the hoardfs mount" \
      "out=\$($env_user hoard index --db $db $mnt 2>&1); echo \"\$out\"; grep -q '^indexed 1 (1 new' <<<\"\$out\" &&
       $env_user hoard ls --db $db | grep -qx 'Other - Second - Far'"
  fi
  check "fusermount3 -u unmounts it" "fusermount3 -u $mnt && ! grep -q ' $mnt ' /proc/mounts"
  check "hoard link probe: the server is up" \
    "out=\$($env_user timeout 60 hoard link probe --db /tmp/hoard-check/link.db -p $SSHD_PORT -i $key --known-hosts $kh root@127.0.0.1:$served 2>&1); rc=\$?; echo \"\$out\"
     [[ \$rc == 0 ]] && $env_user hoard link status --db /tmp/hoard-check/link.db"
  fwd=$(sshd_free_port)
  spec=127.0.0.1:$fwd:127.0.0.1:$SSHD_PORT
  ssh_args="-p $SSHD_PORT -i $key -o UserKnownHostsFile=$kh -o StrictHostKeyChecking=yes"
  tunnel_start=$(date +%s)
  check "hoard-tunnel opens a forward (an SSH banner through 127.0.0.1:$fwd)" \
    "$env_user hoard-tunnel $spec root@127.0.0.1 $ssh_args || exit 1
     exec 3<>/dev/tcp/127.0.0.1/$fwd && banner=\$(timeout 5 head -n1 <&3); echo \"\$banner\"; [[ \$banner == SSH-2.0-* ]]"
  result info "hoard-tunnel's start took $(($(date +%s) - tunnel_start)) s"
  check "hoard-tunnel --status lists it and --stop ends it" \
    "$env_user hoard-tunnel --status $spec root@127.0.0.1 && $env_user hoard-tunnel --stop $spec root@127.0.0.1 &&
     ! $env_user hoard-tunnel -q --status $spec root@127.0.0.1"
else
  result skip "sshd checks (hoardfs mount, link probe, tunnel): no usable /usr/sbin/sshd here"
fi

# -- man pages: man-db only now, after the hoard checks, so it cannot have
# brought something hoard needed.
pages=$(dpkg-deb -c "$deb" | awk '{ print $NF }' | sed -n 's#^\./usr/share/man/man[0-9]/\([^/]*\)\.[0-9][^/]*$#\1#p' | sort -u)
if [[ -z $pages ]]; then
  result skip "man pages: the package has none (README's Installing section names hoardfs(1), hoard(1), hoard-tunnel(1))"
else
  check "apt-get install man-db (for the man page checks)" "apt-get install -y -q --no-install-recommends man-db"
  for page in $pages; do
    check "man -w $page" "man -w $page"
  done
fi

check "apt-get purge hoard removes its commands" \
  "apt-get purge -y -q hoard && ! test -e /usr/bin/hoard && ! test -e /usr/sbin/mount.fuse.hoardfs"

unmount_all
if awk -v r="$root" '$2 == r || index($2, r "/") == 1 { f = 1 } END { exit !f }' /proc/mounts; then
  result FAIL "nothing is left mounted under $root"
else
  result ok "nothing is left mounted under $root"
fi
((keep_root)) && result info "kept the root $root (HOARD_CLEAN_ROOT)"
if ((failures)); then
  echo "$prog: $failures check(s) failed"
  exit 1
fi
echo "$prog: all checks passed"
