#!/usr/bin/env bash
# hoard-tunnel against a real sshd on loopback: one ssh however often and
# however concurrently it runs, a dead one replaced, the forward carries
# traffic, --stop leaves none, a refused key fails with ssh's reason.
set -uo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
tunnel=${1:-$here/tools/hoard-tunnel}
source "$here/scripts/lib/sshd.sh"

work=$(mktemp -d /tmp/hoard-tunnel-test.XXXXXX)
export XDG_RUNTIME_DIR=$work/run
mkdir -p "$XDG_RUNTIME_DIR"
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
  pkill -f -- "-L $lport:" 2>/dev/null
  sshd_stop
  rm -rf "$work"
}
trap cleanup EXIT

sshd_start "$work/sshd" || exit 1
lport=$(sshd_free_port)
spec="$lport:127.0.0.1:$SSHD_PORT"
dest=root@127.0.0.1
ssh_args=(-p "$SSHD_PORT" -i "$SSHD_KEY" -o "UserKnownHostsFile=$SSHD_KNOWN_HOSTS" -o IdentitiesOnly=yes)
ssh_count() { pgrep -fc -- "^ssh -N -T -L $spec " || true; }
run() { "$tunnel" "$@" "$spec" "$dest" "${ssh_args[@]}"; }

out=$(run 2>&1)
check "first run succeeds: $out" test $? -eq 0
check "first run starts one ssh" test "$(ssh_count)" -eq 1
pid1=$(pgrep -f -- "^ssh -N -T -L $spec ")

out=$(run 2>&1)
check "second run exits 0" test $? -eq 0
check "second run says already running: $out" grep -q "already running" <<<"$out"
check "second run starts no ssh" test "$(ssh_count)" -eq 1

pids=()
for _ in 1 2 3 4 5 6; do run -q & pids+=($!); done
for p in "${pids[@]}"; do wait "$p"; check "concurrent run exits 0" test $? -eq 0; done
check "concurrent runs keep one ssh" test "$(ssh_count)" -eq 1

# The forward carries traffic: through it we reach the test sshd's banner.
banner=$(timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$lport; head -c 8 <&3")
check "forward carries traffic (got '$banner')" test "$banner" = "SSH-2.0-"

status=$("$tunnel" --status)
check "status lists the tunnel: $status" grep -q "$spec.*$dest.*pid $pid1" <<<"$status"

kill -9 "$pid1"
for _ in $(seq 50); do [[ $(ssh_count) -eq 0 ]] && break; sleep 0.1; done
out=$(run 2>&1)
check "run after kill -9 succeeds: $out" test $? -eq 0
pid2=$(pgrep -f -- "^ssh -N -T -L $spec ")
check "a new ssh replaced the dead one" test -n "$pid2" -a "$pid2" != "$pid1"
check "still one ssh" test "$(ssh_count)" -eq 1

out=$("$tunnel" --stop "$spec" "$dest" 2>&1)
check "stop succeeds: $out" test $? -eq 0
check "stop leaves no ssh" test "$(ssh_count)" -eq 0
status=$("$tunnel" --status)
check "status after stop lists nothing: $status" grep -q "no tunnels running" <<<"$status"

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
