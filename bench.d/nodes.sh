# Simulated nodes for ./bench-collect and ./bench-fleet (sourced, not run): one throwaway sshd per node, each with
# its own host key and store, whose forced command is `sudo -n kaizen serve --store STORE --allow-rsync`, reached
# with one collector key pinned in one known_hosts file.
#
# The sourcing script sets W (its work directory, mode 755), K (the kaizen launcher both sides run) and USER_NAME
# (the throwaway account), then calls nodes_init, node for each node, nodes_sudoers once all are made, and
# nodes_cleanup at exit. FORCED_PREFIX, when set, goes before `sudo` in the forced command (an accounting wrapper;
# it must keep stdout, the protocol channel, untouched).
#
#   nodes_init                        the account, the collector key, an empty known_hosts and sudoers file
#   node NAME ADDRESS PORT            an sshd on ADDRESS:PORT serving $W/NAME/store (made empty if missing)
#   nodes_sudoers                     checks and installs the sudoers drop-in of every node made
#   nodes_cleanup                     stops every sshd made, removes the drop-in, and the account if this run made it
#
# Two benches may run at once (each its own drop-in, named with its pid); the account is left to the run that made it.

NODES_SUDOERS=/etc/sudoers.d/$USER_NAME-$$
NODES_MADE_USER=

nodes_init() {
  if ! id "$USER_NAME" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /bin/sh "$USER_NAME"
    NODES_MADE_USER=1
  fi
  usermod -p '*' "$USER_NAME"
  mkdir -p /run/sshd
  ssh-keygen -q -t ed25519 -N '' -C bench -f "$W/id_ed25519"
  : > "$W/known_hosts"
  echo "Defaults:$USER_NAME env_keep += \"SSH_ORIGINAL_COMMAND\"" > "$W/sudoers"
}

node() {
  local name=$1 address=$2 port=$3 dir=$W/$1
  mkdir -p "$dir/auth" "$dir/store"
  ssh-keygen -q -t ed25519 -N '' -f "$dir/hostkey"
  echo "restrict,command=\"${FORCED_PREFIX:+$FORCED_PREFIX }sudo -n $K serve --store $dir/store --allow-rsync\" $(cat "$W/id_ed25519.pub")" \
    > "$dir/auth/$USER_NAME"
  echo "$USER_NAME ALL=(root) NOPASSWD: $K serve --store $dir/store --allow-rsync" >> "$W/sudoers"
  cat > "$dir/sshd_config" <<CFG
Port $port
ListenAddress $address
HostKey $dir/hostkey
AuthorizedKeysFile $dir/auth/%u
PidFile $dir/sshd.pid
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
AllowUsers $USER_NAME
MaxStartups 100
CFG
  /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
  # pinned by node name for kaizen collect, and by address for plain ssh and rsync
  echo "[$address]:$port,kaizen-node:$name $(cut -d' ' -f1,2 "$dir/hostkey.pub")" >> "$W/known_hosts"
}

nodes_sudoers() {
  visudo -cf "$W/sudoers" >/dev/null
  install -m 0440 "$W/sudoers" "$NODES_SUDOERS"
}

nodes_cleanup() {
  local pidfile
  for pidfile in "$W"/*/sshd.pid; do
    if [ -f "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
  done
  rm -f "$NODES_SUDOERS"
  if [ -n "$NODES_MADE_USER" ]; then userdel "$USER_NAME" 2>/dev/null || true; fi
}
