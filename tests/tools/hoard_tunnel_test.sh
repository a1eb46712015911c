#!/usr/bin/env bash
# hoard-tunnel against a real sshd on loopback: one ssh however often and
# however concurrently it runs, a dead one replaced, the forward carries
# traffic, --stop leaves none, a refused key fails with ssh's reason; runs
# with and without XDG_RUNTIME_DIR (a shell and cron) see the same tunnel,
# before and after /run/user/UID comes and goes; the /tmp state directory is
# refused when it is a symlink, someone else's, not mode 700 or not a
# directory; killing the first process `pgrep -f SPEC` finds and running
# again gives exactly one working tunnel.
#
# hoard-tunnel keeps its state in fixed places (/run/user/UID/hoard-tunnel,
# else /tmp/hoard-tunnel-UID), so the test runs in a mount namespace of its
# own with empty tmpfs over /tmp and /run/user: it makes, removes and spoils
# those without touching the machine's. That needs root, as the test sshd's
# root@127.0.0.1 login does.
set -uo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
tunnel=$(realpath "${1:-$here/tools/hoard-tunnel}")

if [[ -z ${HOARD_TUNNEL_TEST_NS:-} ]]; then
  unshare --mount --propagation private true 2>/dev/null ||
    { echo "this test needs a mount namespace of its own (unshare --mount: run it as root)" >&2; exit 1; }
  HOARD_TUNNEL_TEST_NS=1 exec unshare --mount --propagation private -- "$BASH" "$0" "$tunnel"
fi
# The tunnel and the sshd helper are copied out of the way first: the empty
# /tmp would hide them when the checkout is under /tmp (as a CI clone may be).
keep=$(mktemp -d /run/hoard-tunnel-test.XXXXXX) || { echo "cannot make a directory under /run" >&2; exit 1; }
cp "$tunnel" "$keep/hoard-tunnel" && cp "$here/scripts/lib/sshd.sh" "$keep/sshd.sh" ||
  { echo "cannot copy $tunnel and scripts/lib/sshd.sh to $keep" >&2; rm -rf "$keep"; exit 1; }
tunnel=$keep/hoard-tunnel
if ! mount -t tmpfs -o mode=1777 hoard-tunnel-test /tmp || ! mount -t tmpfs -o mode=755 hoard-tunnel-test /run/user; then
  echo "cannot mount tmpfs over /tmp and /run/user in the test's namespace" >&2
  rm -rf "$keep"
  exit 1
fi

cd / # the working directory may have been under the old /tmp
source "$keep/sshd.sh"

uid=$(id -u)
rundir=/run/user/$uid
fallback=/tmp/hoard-tunnel-$uid
work=$(mktemp -d /tmp/hoard-tunnel-test.XXXXXX)
mkdir -p "$work/xdg"
unset XDG_RUNTIME_DIR # as under cron; with_xdg sets it, as a login shell has it
passed=0 failed=0
check() {
  local what=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $what" >&2
  fi
}
cleanup() {
  [[ -n ${lport:-} ]] && pkill -f -- "-L $lport:" 2>/dev/null
  sshd_stop
  rm -rf "$work" "$keep"
}
trap cleanup EXIT

sshd_start "$work/sshd" || exit 1
lport=$(sshd_free_port)
spec="$lport:127.0.0.1:$SSHD_PORT"
dest=root@127.0.0.1
ssh_args=(-p "$SSHD_PORT" -i "$SSHD_KEY" -o "UserKnownHostsFile=$SSHD_KNOWN_HOSTS" -o IdentitiesOnly=yes)
ssh_count() { pgrep -fc -- "^ssh -N -T -L $spec " || true; }
run() { "$tunnel" "$@" "$spec" "$dest" "${ssh_args[@]}"; }
with_xdg() { XDG_RUNTIME_DIR=$work/xdg "$@"; }
# How many processes listen on the forward's port.
listeners() { ss -Hltnp "sport = :$lport" | grep -o 'pid=[0-9]*' | sort -u | wc -l; }
# The first bytes read through the forward: the test sshd's banner.
through_forward() { timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$lport; head -c 8 <&3" 2>/dev/null; }
# Waits until process $1 is gone (or a zombie).
wait_gone() {
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -e /proc/$1 && $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]] || return 0
    sleep 0.1
  done
  return 1
}
# Ends every ssh of the tunnel however it was started, so that a case an old
# script gets wrong does not spoil the next one.
reset_tunnels() {
  pkill -9 -f -- "^ssh -N -T -L $spec " 2>/dev/null
  local i
  for ((i = 0; i < 50; i++)); do [[ $(ssh_count) -eq 0 ]] && break; sleep 0.1; done
}
has_lock() { compgen -G "$1/*.lock" >/dev/null; }
mode_of() { stat -c '%F:%u:%a' -- "$1" 2>/dev/null; }

# --- one run after another, as before (XDG_RUNTIME_DIR set, no /run/user/UID)
out=$(with_xdg run 2>&1)
check "first run succeeds: $out" test $? -eq 0
check "first run starts one ssh" test "$(ssh_count)" -eq 1
pid1=$(pgrep -f -- "^ssh -N -T -L $spec ")
check "without /run/user/$uid the state is in $fallback, mode 700 ($(mode_of "$fallback"))" \
  test "$(mode_of "$fallback")" = "directory:$uid:700"
check "nothing is written under XDG_RUNTIME_DIR: $(ls -A "$work/xdg")" test -z "$(ls -A "$work/xdg")"

out=$(with_xdg run 2>&1)
check "second run exits 0" test $? -eq 0
check "second run says already running: $out" grep -q "already running" <<<"$out"
check "second run starts no ssh" test "$(ssh_count)" -eq 1

pids=()
for _ in 1 2 3 4 5 6; do with_xdg run -q & pids+=($!); done
for p in "${pids[@]}"; do wait "$p"; check "concurrent run exits 0" test $? -eq 0; done
check "concurrent runs keep one ssh" test "$(ssh_count)" -eq 1

banner=$(through_forward)
check "forward carries traffic (got '$banner')" test "$banner" = "SSH-2.0-"

status=$(with_xdg "$tunnel" --status)
check "status lists the tunnel: $status" grep -q "$spec.*$dest.*pid $pid1" <<<"$status"

kill -9 "$pid1"
for _ in $(seq 50); do [[ $(ssh_count) -eq 0 ]] && break; sleep 0.1; done
out=$(with_xdg run 2>&1)
check "run after kill -9 succeeds: $out" test $? -eq 0
pid2=$(pgrep -f -- "^ssh -N -T -L $spec ")
check "a new ssh replaced the dead one" test -n "$pid2" -a "$pid2" != "$pid1"
check "still one ssh" test "$(ssh_count)" -eq 1

out=$(with_xdg "$tunnel" --stop "$spec" "$dest" 2>&1)
check "stop succeeds: $out" test $? -eq 0
check "stop leaves no ssh" test "$(ssh_count)" -eq 0
status=$(with_xdg "$tunnel" --status)
check "status after stop lists nothing: $status" grep -q "no tunnels running" <<<"$status"
reset_tunnels

# --- a login shell (XDG_RUNTIME_DIR set) and cron (unset) see one tunnel.
# $1 names where the state is, for the messages.
shell_and_cron() {
  local where=$1 pid
  out=$(with_xdg run 2>&1)
  check "$where: a shell's run starts the tunnel: $out" test $? -eq 0
  pid=$(pgrep -f -- "^ssh -N -T -L $spec ")
  out=$("$tunnel" --status "$spec" "$dest" 2>&1)
  check "$where: cron's --status SPEC DEST sees the shell's tunnel: $out" test $? -eq 0
  check "$where: ... with its pid: $out" grep -q "pid $pid" <<<"$out"
  out=$("$tunnel" --status 2>&1)
  check "$where: cron's --status lists it: $out" grep -q "$spec.*$dest.*pid $pid" <<<"$out"
  out=$(run 2>&1)
  check "$where: cron's run exits 0: $out" test $? -eq 0
  check "$where: cron's run says already running: $out" grep -q "already running" <<<"$out"
  check "$where: cron's run starts no second ssh" test "$(ssh_count)" -eq 1
  out=$("$tunnel" --stop "$spec" "$dest" 2>&1)
  check "$where: cron's --stop stops the shell's tunnel: $out" test $? -eq 0 -a "$(ssh_count)" -eq 0
  out=$(with_xdg "$tunnel" --status "$spec" "$dest" 2>&1)
  check "$where: the shell's --status sees it stopped: $out" test $? -ne 0
  reset_tunnels

  # Both at once, from nothing: one ssh, every run exits 0.
  local p ps=()
  for _ in 1 2 3; do with_xdg run -q & ps+=($!); run -q & ps+=($!); done
  for p in "${ps[@]}"; do wait "$p"; check "$where: concurrent shell and cron start exits 0" test $? -eq 0; done
  check "$where: concurrent shell and cron starts give one ssh ($(ssh_count))" test "$(ssh_count)" -eq 1
  check "$where: ... and one listener ($(listeners))" test "$(listeners)" -eq 1
  out=$(with_xdg "$tunnel" --stop "$spec" "$dest" 2>&1)
  check "$where: the shell's --stop stops it: $out" test $? -eq 0 -a "$(ssh_count)" -eq 0
  reset_tunnels
}
shell_and_cron "no /run/user/$uid"

mkdir -m 700 "$rundir"
shell_and_cron "with /run/user/$uid"
check "with /run/user/$uid the state is in $rundir/hoard-tunnel, mode 700 ($(mode_of "$rundir/hoard-tunnel"))" \
  test "$(mode_of "$rundir/hoard-tunnel")" = "directory:$uid:700"
check "with /run/user/$uid its lock is there" has_lock "$rundir/hoard-tunnel"

# logind removes /run/user/UID at the last logout and makes it again at the
# next login: a tunnel started before either is still the tunnel after.
out=$(run 2>&1)
check "logged in: run starts the tunnel: $out" test $? -eq 0
rm -rf "$rundir"
out=$(run 2>&1)
check "after logout: run exits 0: $out" test $? -eq 0
check "after logout: run says already running: $out" grep -q "already running" <<<"$out"
check "after logout: still one ssh" test "$(ssh_count)" -eq 1
mkdir -m 700 "$rundir"
out=$(with_xdg run 2>&1)
check "after login again: run exits 0: $out" test $? -eq 0
check "after login again: run says already running: $out" grep -q "already running" <<<"$out"
check "after login again: still one ssh" test "$(ssh_count)" -eq 1
out=$("$tunnel" --stop "$spec" "$dest" 2>&1)
check "after login again: --stop stops it: $out" test $? -eq 0 -a "$(ssh_count)" -eq 0
reset_tunnels
rm -rf "$rundir"

# --- the /tmp fallback is used only when it is the user's own.
# $1 describes the spoilt directory, $2 the reason the refusal must give.
refused() {
  local what=$1 why=$2 rc
  out=$(run 2>&1)
  rc=$?
  check "$what: run exits non-zero: $out" test $rc -ne 0
  check "$what: refused in one line: $out" test "$(wc -l <<<"$out")" -eq 1
  check "$what: the line names $fallback: $out" grep -qF "$fallback" <<<"$out"
  check "$what: the line says '$why': $out" grep -qF "$why" <<<"$out"
  check "$what: no ssh started" test "$(ssh_count)" -eq 0
  out=$("$tunnel" --stop "$spec" "$dest" 2>&1)
  check "$what: --stop is refused too: $out" test $? -ne 0
  reset_tunnels
}
rm -rf "$fallback"
mkdir -m 700 "$work/elsewhere"
ln -s "$work/elsewhere" "$fallback"
refused "a symlink to the user's own directory" "symlink"
check "nothing was written through the symlink: $(ls -A "$work/elsewhere")" test -z "$(ls -A "$work/elsewhere")"
rm -f "$fallback"

mkdir -m 700 "$fallback"
chown nobody "$fallback"
refused "a directory of nobody's" "owned by uid $(id -u nobody)"
check "nothing was written in nobody's directory: $(ls -A "$fallback")" test -z "$(ls -A "$fallback")"
chown "$uid" "$fallback"
chmod 755 "$fallback"
refused "the user's directory with mode 755" "mode is 755"
rm -rf "$fallback"
touch "$fallback"
refused "a plain file" "not a directory"
rm -f "$fallback"

out=$(run 2>&1)
check "a missing fallback is made: $out" test $? -eq 0 -a "$(mode_of "$fallback")" = "directory:$uid:700"
out=$("$tunnel" --stop "$spec" "$dest" 2>&1)
check "... and that tunnel stops: $out" test $? -eq 0 -a "$(ssh_count)" -eq 0
reset_tunnels

# /run/user/UID is used only when it is the user's directory.
mkdir -m 700 "$rundir" "$work/run-elsewhere"
chown nobody "$rundir"
out=$(run 2>&1)
check "a /run/user/$uid of nobody's is passed over: $out" test $? -eq 0 -a ! -e "$rundir/hoard-tunnel"
check "... for the fallback" has_lock "$fallback"
out=$("$tunnel" --stop "$spec" "$dest" 2>&1)
check "... and that tunnel stops: $out" test $? -eq 0 -a "$(ssh_count)" -eq 0
reset_tunnels
rm -rf "$rundir"
ln -s "$work/run-elsewhere" "$rundir"
out=$(run 2>&1)
check "a /run/user/$uid that is a symlink is passed over: $out" test $? -eq 0 -a -z "$(ls -A "$work/run-elsewhere")"
out=$("$tunnel" --stop "$spec" "$dest" 2>&1)
check "... and that tunnel stops: $out" test $? -eq 0 -a "$(ssh_count)" -eq 0
reset_tunnels
rm -f "$rundir"

# --- kill the first process `pgrep -f SPEC` finds (the lowest pid), run again.
kill_first_then_run() {
  local where=$1 victim pid
  out=$(run 2>&1)
  check "$where: the tunnel starts: $out" test $? -eq 0
  victim=$(pgrep -f -- "$spec" | sort -n | head -1)
  check "$where: pgrep -f SPEC finds a process" test -n "$victim"
  kill -9 "$victim"
  check "$where: the killed pid $victim is gone" wait_gone "$victim"
  out=$(run 2>&1)
  check "$where: the run after killing pid $victim exits 0: $out" test $? -eq 0
  check "$where: ... and there is exactly one ssh ($(ssh_count))" test "$(ssh_count)" -eq 1
  check "$where: ... exactly one process listens on $lport ($(listeners))" test "$(listeners)" -eq 1
  pid=$(pgrep -f -- "^ssh -N -T -L $spec ")
  check "$where: ... it is that ssh" grep -q "pid=$pid," <<<"$(ss -Hltnp "sport = :$lport")"
  banner=$(through_forward)
  check "$where: ... and the forward carries traffic (got '$banner')" test "$banner" = "SSH-2.0-"
  out=$("$tunnel" --status "$spec" "$dest" 2>&1)
  check "$where: --status shows that ssh: $out" grep -q "pid $pid" <<<"$out"
  out=$("$tunnel" --stop "$spec" "$dest" 2>&1)
  check "$where: --stop succeeds: $out" test $? -eq 0
  check "$where: --stop leaves no ssh" test "$(ssh_count)" -eq 0
  check "$where: --stop leaves nothing listening on $lport" test "$(listeners)" -eq 0
  out=$("$tunnel" --status "$spec" "$dest" 2>&1)
  check "$where: --status after --stop finds none: $out" test $? -ne 0
  reset_tunnels
}
kill_first_then_run "no /run/user/$uid"
mkdir -m 700 "$rundir"
kill_first_then_run "with /run/user/$uid"
rm -rf "$rundir"

# --- failures name their cause.
ssh-keygen -q -t ed25519 -N '' -f "$work/wrong_key"
ssh_args=(-p "$SSHD_PORT" -i "$work/wrong_key" -o "UserKnownHostsFile=$SSHD_KNOWN_HOSTS" -o IdentitiesOnly=yes)
out=$(run 2>&1)
rc=$?
check "refused key exits non-zero" test $rc -ne 0
check "refused key names the cause: $out" grep -q "Permission denied" <<<"$out"
check "refused key leaves no ssh" test "$(ssh_count)" -eq 0

out=$("$tunnel" not-a-spec "$dest" 2>&1)
check "bad spec exits non-zero" test $? -ne 0
check "bad spec is named: $out" grep -q "bad forward spec 'not-a-spec'" <<<"$out"

echo "$passed passed, $failed failed"
((failed == 0))
