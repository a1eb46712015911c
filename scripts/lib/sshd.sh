# shellcheck shell=bash disable=SC2034  # the SSHD_* variables are for the caller
# A throwaway OpenSSH server on a free loopback port, for the demo and the
# benchmarks (the C++ tests have their own fixture in tests/support/).
#
#   source scripts/lib/sshd.sh
#   sshd_start DIR      # keys, config and logs go in DIR; sets SSHD_PORT,
#                       # SSHD_KEY (client key), SSHD_KNOWN_HOSTS, SSHD_PID,
#                       # SSHD_SFTP_LOG (sftp-server's INFO log: "bytes read")
#   sshd_stop           # the server and every session it forked
# It serves as the current user; authorizes only the generated client key.

sshd_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

sshd_start() {
  local dir=$1
  mkdir -p "$dir" /run/sshd 2>/dev/null || mkdir -p "$dir"
  chmod 700 "$dir"
  ssh-keygen -q -t ed25519 -N '' -f "$dir/host_key" <<<y >/dev/null
  ssh-keygen -q -t ed25519 -N '' -f "$dir/client_key" <<<y >/dev/null
  cp "$dir/client_key.pub" "$dir/authorized_keys"
  cat >"$dir/sftp-server" <<SFTP
#!/bin/sh
exec /usr/lib/openssh/sftp-server -e -l INFO 2>>"$dir/sftp.log"
SFTP
  chmod 755 "$dir/sftp-server"
  SSHD_PORT=$(sshd_free_port)
  cat >"$dir/sshd_config" <<CONF
ListenAddress 127.0.0.1:$SSHD_PORT
HostKey $dir/host_key
AuthorizedKeysFile $dir/authorized_keys
PidFile $dir/sshd.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
Subsystem sftp $dir/sftp-server
LogLevel ERROR
# Sessions run through the login shell; with SHLVL=1 bash does not read
# ~/.bashrc (the machine's shell start-up must not run on every session).
SetEnv SHLVL=1
CONF
  /usr/sbin/sshd -D -e -f "$dir/sshd_config" 2>>"$dir/sshd.log" &
  SSHD_PID=$!
  SSHD_KEY=$dir/client_key
  SSHD_SFTP_LOG=$dir/sftp.log
  SSHD_KNOWN_HOSTS=$dir/known_hosts
  echo "[127.0.0.1]:$SSHD_PORT $(cut -d' ' -f1-2 "$dir/host_key.pub")" >"$SSHD_KNOWN_HOSTS"
  local i
  for ((i = 0; i < 100; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$SSHD_PORT") 2>/dev/null; then return 0; fi
    kill -0 "$SSHD_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "sshd did not start: $(cat "$dir/sshd.log")" >&2
  return 1
}

# The pid and every descendant pid of $1. sshd puts each connection in a
# session of its own, so neither the listener's death nor a process-group
# signal reaches the sessions: they are found through their parents.
sshd_process_tree() {
  local child
  echo "$1"
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do sshd_process_tree "$child"; done
}

sshd_stop() {
  [[ -n ${SSHD_PID:-} ]] || return 0
  local pids
  pids=$(sshd_process_tree "$SSHD_PID")
  # shellcheck disable=SC2086  # one pid per word
  kill $pids 2>/dev/null || true
  wait "$SSHD_PID" 2>/dev/null || true
  SSHD_PID=
}
