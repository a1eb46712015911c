# Shared by the fs benchmarks (sourced): a throwaway sshd on a free loopback
# port serving $work/root, with a client key and known_hosts; mount helpers
# for hoardfs and sshfs; cleanup of everything on exit.
# Needs: $work (a fresh temp dir), $hoardfs (path of the binary).

sshd_pid=""
cleanup() {
  for m in "$work"/mnt-*; do
    [[ -d $m ]] && mountpoint -q "$m" && { fusermount3 -u "$m" 2>/dev/null || fusermount3 -uz "$m"; }
  done
  if [[ -n $sshd_pid ]]; then kill "$sshd_pid" 2>/dev/null || true; wait "$sshd_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
for key in host_key client_key; do ssh-keygen -q -t ed25519 -N '' -C hoard-bench -f "$work/$key"; done
cp "$work/client_key.pub" "$work/authorized_keys"
echo "[127.0.0.1]:$port $(cat "$work/host_key.pub")" >"$work/known_hosts"
mkdir -p /run/sshd "$work/root"
cat >"$work/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $work/host_key
PidFile none
AuthorizedKeysFile $work/authorized_keys
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
PasswordAuthentication no
Subsystem sftp /usr/lib/openssh/sftp-server
CONF
/usr/sbin/sshd -D -e -f "$work/sshd_config" 2>"$work/sshd.log" &
sshd_pid=$!
for _ in $(seq 100); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
remote="$(id -un)@127.0.0.1:$work/root"

# mount_fs hoardfs|sshfs MOUNTPOINT [extra hoardfs -o options]
mount_fs() {
  local kind=$1 mnt=$2 extra=${3:-}
  mkdir -p "$mnt"
  if [[ $kind == hoardfs ]]; then
    env -u SSH_AUTH_SOCK HOME="$work" "$hoardfs" "$remote" "$mnt" \
      -o "port=$port,identity=$work/client_key,known_hosts=$work/known_hosts${extra:+,$extra}"
  else
    sshfs "$remote" "$mnt" -o "port=$port,IdentityFile=$work/client_key,UserKnownHostsFile=$work/known_hosts" \
      -o StrictHostKeyChecking=yes,IdentitiesOnly=yes,BatchMode=yes
  fi
}

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
