# shellcheck shell=bash
# Test bed part: a fence host on this machine. Network namespace srfence, joined to the host by a veth pair
# (10.200.0.1 here, 10.200.0.2 there); forwarding from the veth is dropped so nothing leaves the machine. sshd
# in the namespace listens on 10.200.0.2:2222 and forces `swift-runner fence serve --stdio` for the one client
# key it knows. Everything lives under $TESTBED_STATE/fence:
#   client_key        the runner's private key     known_hosts   pins the fence host's key
#   sandboxes/        the HostSandbox root the agent serves
# Needs root. SWIFT_RUNNER names the binary to serve (default: the debug build of this checkout).

fence_netns=srfence
fence_host_link=srfence0
fence_peer_link=srfence1
fence_host_address=10.200.0.1
fence_address=10.200.0.2
fence_port=2222

fence_up() {
  local state="$TESTBED_STATE/fence"
  local repository
  repository="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  local binary="${SWIFT_RUNNER:-$repository/.build/debug/swift-runner}"
  [ -x "$binary" ] || { echo "fence: $binary is missing; run swift build first (or set SWIFT_RUNNER)" >&2; return 1; }
  if [ ! -x /usr/sbin/sshd ] || ! command -v ssh >/dev/null || ! command -v iptables >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q openssh-server openssh-client iptables >/dev/null
  fi
  if ip netns list | grep -qw "$fence_netns"; then
    # Left by a run that was killed before its teardown: the namespace is this test bed's own, so remove it.
    echo "fence: removing the stale namespace $fence_netns of an earlier run" >&2
    iptables -D FORWARD -i "$fence_host_link" -j DROP 2>/dev/null || true
    ip netns pids "$fence_netns" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns delete "$fence_netns"
    ip link delete "$fence_host_link" 2>/dev/null || true
  fi
  mkdir -p "$state/sandboxes" "$state/oci"
  # Passable, not listable: sandboxes of the oci agent (host uid 100000) reach their rootfs below it.
  chmod 711 "$state"

  ip netns add "$fence_netns"
  ip link add "$fence_host_link" type veth peer name "$fence_peer_link"
  ip link set "$fence_peer_link" netns "$fence_netns"
  ip addr add "$fence_host_address/24" dev "$fence_host_link"
  ip link set "$fence_host_link" up
  ip -n "$fence_netns" addr add "$fence_address/24" dev "$fence_peer_link"
  ip -n "$fence_netns" link set "$fence_peer_link" up
  ip -n "$fence_netns" link set lo up
  iptables -A FORWARD -i "$fence_host_link" -j DROP
  touch "$state/forward-rule"

  ssh-keygen -q -t ed25519 -N '' -C fence-host -f "$state/host_key"
  ssh-keygen -q -t ed25519 -N '' -C fence-runner -f "$state/client_key"
  ssh-keygen -q -t ed25519 -N '' -C fence-runner-oci -f "$state/oci_key"
  # Two keys, two forced commands: client_key gets host sandboxes (fast protocol tests), oci_key the production
  # agent with LocalSandbox (jobs routed to the fence by exec and the daemon).
  {
    echo "command=\"$binary fence serve --stdio --runtime host --root $state/sandboxes\",restrict $(cat "$state/client_key.pub")"
    echo "command=\"$binary fence serve --stdio --runtime oci --allow-native --root $state/oci\",restrict $(cat "$state/oci_key.pub")"
  } > "$state/authorized_keys"
  echo "[$fence_address]:$fence_port $(cut -d' ' -f1,2 "$state/host_key.pub")" > "$state/known_hosts"
  cat > "$state/sshd_config" <<CONFIG
Port $fence_port
ListenAddress $fence_address
HostKey $state/host_key
PidFile $state/sshd.pid
AuthorizedKeysFile $state/authorized_keys
PermitRootLogin forced-commands-only
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
MaxSessions 50
MaxStartups 50:30:100
CONFIG
  mkdir -p /run/sshd
  # nsenter joins only the network namespace: `ip netns exec` would also remount /sys, hiding the cgroup
  # hierarchies a sandbox runtime needs.
  nsenter --net="/run/netns/$fence_netns" /usr/sbin/sshd -f "$state/sshd_config" -E "$state/sshd.log"
  local tries
  for tries in $(seq 50); do
    if [ -s "$state/sshd.pid" ] && timeout 1 bash -c "exec 3<>/dev/tcp/$fence_address/$fence_port" 2>/dev/null; then
      echo "fence: sshd (pid $(cat "$state/sshd.pid")) on $fence_address:$fence_port serves $binary"
      return 0
    fi
    sleep 0.1
  done
  echo "fence: sshd did not start; see $state/sshd.log" >&2
  return 1
}

fence_down() {
  local state="$TESTBED_STATE/fence"
  local status=0
  if [ -s "$state/sshd.pid" ]; then
    kill "$(cat "$state/sshd.pid")" 2>/dev/null || true
    rm -f "$state/sshd.pid"
  fi
  if [ -e "$state/forward-rule" ]; then
    iptables -D FORWARD -i "$fence_host_link" -j DROP || status=1
    rm -f "$state/forward-rule"
  fi
  if ip netns list | grep -qw "$fence_netns"; then ip netns delete "$fence_netns" || status=1; fi
  if ip link show "$fence_host_link" >/dev/null 2>&1; then
    # Deleting the namespace removes its end of the pair, and the host's end goes with it, maybe just now: only a
    # link that is still there after a failed delete is a failure.
    ip link delete "$fence_host_link" 2>/dev/null || ! ip link show "$fence_host_link" >/dev/null 2>&1 || status=1
  fi
  rm -rf "$state"
  return $status
}
