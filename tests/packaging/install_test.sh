#!/usr/bin/env bash
# The .deb installed on this machine, used the way its documentation says:
# lintian has no errors on it, apt-get installs it, every command and man
# page is there, the systemd user units pass systemd-analyze verify, and the
# README's fstab line mounts a throwaway sshd's folder with mount(8) (through
# mount.fuse.hoardfs, and through mount.fuse3 with the hoardfs#SOURCE form),
# reads a file and unmounts. The package is removed again at the end.
#
#   install_test.sh BUILD_DIR     (the .deb: BUILD_DIR/hoard_*.deb, from scripts/package)
# It changes the machine (installs to /usr), so it runs only as root with
# HOARD_INSTALL_TESTS=1 (CI sets it); otherwise it reports itself skipped
# (exit 77).
set -uo pipefail

build=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../../scripts/lib/sshd.sh"

if ((EUID != 0)) || [[ ${HOARD_INSTALL_TESTS:-} != 1 ]]; then
  echo "install test skipped: it installs the .deb into /usr; run as root with HOARD_INSTALL_TESTS=1"
  exit 77
fi
debs=("$build"/hoard_*_amd64.deb)
if [[ ! -f ${debs[0]} ]]; then
  echo "install test: no $build/hoard_*_amd64.deb: run scripts/package first" >&2
  exit 1
fi
deb=$(readlink -f "${debs[0]}")
if dpkg-query -W -f='${Status}' hoard 2>/dev/null | grep -q 'install ok installed'; then
  echo "install test: a hoard package is already installed here; not touching it" >&2
  exit 1
fi

failures=0
check() {  # check DESCRIPTION COMMAND...: the command must succeed
  local what=$1
  shift
  if "$@" >/tmp/hoard-install-check.$$ 2>&1; then
    echo "ok   $what"
  else
    echo "FAIL $what"
    sed 's/^/     /' /tmp/hoard-install-check.$$
    failures=$((failures + 1))
  fi
}

work=$(mktemp -d)
cleanup() {
  for m in "$work"/mnt-*; do mountpoint -q "$m" 2>/dev/null && umount -l "$m"; done
  sshd_stop 2>/dev/null
  dpkg -r hoard >/dev/null 2>&1
  rm -rf "$work" /tmp/hoard-install-check.$$
}
trap cleanup EXIT

# -- lintian: warnings are reported, errors fail
if command -v lintian >/dev/null; then
  lintian --tag-display-limit 0 "$deb" >"$work/lintian" 2>/dev/null
  sed 's/^/     lintian: /' "$work/lintian"
  check "lintian reports no errors" bash -c "! grep -q '^E:' '$work/lintian'"
else
  check "lintian is installed (scripts/setup)" false
fi

# -- installing
check "apt-get install ./$(basename "$deb")" \
  env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb"
for tool in /usr/bin/hoardfs /usr/bin/hoard /usr/bin/hoard-serve /usr/bin/hoard-link /usr/bin/hoard-tunnel \
  /usr/sbin/mount.fuse.hoardfs; do
  check "$tool is installed and executable" test -x "$tool"
done
check "hoard --version runs" /usr/bin/hoard --version
check "hoardfs --version runs" /usr/bin/hoardfs --version
check "hoard-tunnel --help runs" bash -c '/usr/bin/hoard-tunnel --help 2>&1 | grep -q usage'
for page in hoardfs hoard hoard-tunnel; do
  check "man page $page(1) is installed" man -w "$page"
done

# -- systemd user units
units=/usr/lib/systemd/user
mkdir -p "$work/runtime" && chmod 700 "$work/runtime"
cp "$units/hoardfs@.service" "$work/hoardfs@home-me-music.service"
for unit in "$units/hoard-feed.service" "$units/hoard-feed.timer" "$units/hoard-serve.service" \
  "$units/hoard-link-probe.service" "$units/hoard-link-probe.timer" "$work/hoardfs@home-me-music.service"; do
  check "systemd-analyze verify $(basename "$unit")" bash -c \
    "out=\$(XDG_RUNTIME_DIR='$work/runtime' systemd-analyze --user verify --man=no '$unit' 2>&1) && [[ -z \$out ]] || { echo \"\$out\"; false; }"
done

# -- fstab with mount(8)
sshd_start "$work/sshd"
mkdir -p "$work/hoard/Artist/2001_Album"
echo "a track's bytes" >"$work/hoard/Artist/2001_Album/01_-_Song.flac"
opts="noauto,_netdev,user,port=$SSHD_PORT,identity=$SSHD_KEY,known_hosts=$SSHD_KNOWN_HOSTS,cache_dir=$work/cache"
mkdir -p "$work/mnt-helper" "$work/mnt-fuse3"
cat >"$work/fstab" <<FSTAB
# the README's line, for a throwaway sshd
root@127.0.0.1:$work/hoard  $work/mnt-helper  fuse.hoardfs  $opts  0 0
hoardfs#root@127.0.0.1:$work/hoard  $work/mnt-fuse3  fuse  $opts  0 0
FSTAB
for m in mnt-helper mnt-fuse3; do
  check "mount -T fstab $m" mount -T "$work/fstab" "$work/$m"
  check "a file reads through the $m mount" grep -qx "a track's bytes" "$work/$m/Artist/2001_Album/01_-_Song.flac"
  check "mount(8) lists $m as fuse.hoardfs" bash -c "findmnt -n -o FSTYPE '$work/$m' | grep -qx fuse.hoardfs"
  check "umount $m" umount "$work/$m"
  check "$m is no longer mounted" bash -c "! mountpoint -q '$work/$m'"
done

# -- hoardfs@.service's command lines, as systemd would run them (no user
# manager runs here): ExecStart with the instance's env file, then ExecStop.
mkdir -p "$work/mnt-unit"
instance=$(systemd-escape --path "$work/mnt-unit")
printf 'HOARD_SOURCE=root@127.0.0.1:%s\nHOARD_OPTIONS="-o port=%s,identity=%s,known_hosts=%s,cache_dir=%s"\n' \
  "$work/hoard" "$SSHD_PORT" "$SSHD_KEY" "$SSHD_KNOWN_HOSTS" "$work/cache-unit" >"$work/$instance.env"
unit_line() {  # unit_line KEY: that line of hoardfs@.service with %f and the env file's variables put in
  local line HOARD_SOURCE HOARD_OPTIONS
  line=$(sed -n "s/^$1=//p" "$units/hoardfs@.service")
  source "$work/$instance.env"
  line=${line//%f/$work/mnt-unit}
  line=${line//\$HOARD_SOURCE/$HOARD_SOURCE}
  printf '%s' "${line//\$HOARD_OPTIONS/$HOARD_OPTIONS}"
}
start=$(unit_line ExecStart)
stop=$(unit_line ExecStop)
# shellcheck disable=SC2086  # systemd splits an unbraced $VAR into words too
$start >"$work/unit.log" 2>&1 &
unit_pid=$!
for _ in $(seq 100); do mountpoint -q "$work/mnt-unit" && break; sleep 0.1; done
check "hoardfs@$instance.service's ExecStart mounts" mountpoint -q "$work/mnt-unit"
check "a file reads through the unit's mount" grep -qx "a track's bytes" "$work/mnt-unit/Artist/2001_Album/01_-_Song.flac"
check "its ExecStop unmounts" $stop
check "and hoardfs then exits 0" wait "$unit_pid"

check "dpkg -r hoard removes it" dpkg -r hoard
check "no hoard binary is left in /usr/bin" bash -c '! ls /usr/bin/hoard* 2>/dev/null | grep -q .'
if ((failures)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all install checks passed"
