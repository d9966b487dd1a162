# Test bed part: Debian's docker-registry on 127.0.0.1:5000 with a busybox-static test image,
# 127.0.0.1:5000/test/busybox:latest (OCI) and :v2s2 (Docker v2 schema 2). The registry's storage lives under
# $TESTBED_CACHE, so a rerun finds the image already pushed and only starts the registry.
# Sourced by scripts/testbed; defines registry_up and registry_down.

registry_address=127.0.0.1:5000
registry_image=test/busybox

registry_answers() {
  curl -fsS -o /dev/null --max-time 2 "http://$registry_address/v2/" 2>/dev/null
}

# registry_has_tag TAG [REPOSITORY]: whether the registry serves REPOSITORY:TAG (default: the busybox image).
registry_has_tag() {
  curl -fsS -o /dev/null --max-time 5 \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' \
    "http://$registry_address/v2/${2:-$registry_image}/manifests/$1" 2>/dev/null
}

registry_install() {
  local missing=() package
  for package in docker-registry busybox-static umoci skopeo curl; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "registry: installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y "${missing[@]}" >/dev/null
  fi
}

registry_start() {
  if [ -f "$TESTBED_STATE/registry.pid" ] && kill -0 "$(cat "$TESTBED_STATE/registry.pid")" 2>/dev/null && registry_answers; then
    return 0
  fi
  if registry_answers; then
    echo "registry: something not started by the test bed already answers on $registry_address; stop it first" >&2
    return 1
  fi
  mkdir -p "$TESTBED_CACHE/registry"
  cat > "$TESTBED_STATE/registry.yml" <<CONFIG
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $TESTBED_CACHE/registry
  delete:
    enabled: true
http:
  addr: $registry_address
CONFIG
  # The daemon keeps no descriptor of whoever started it (a test runner waits for its pipes to close).
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd="${fd##*/}"
      [ "$fd" -gt 2 ] && eval "exec $fd>&-"
    done
    exec setsid /usr/bin/docker-registry serve "$TESTBED_STATE/registry.yml" </dev/null >"$TESTBED_STATE/registry.log" 2>&1
  ) &
  echo $! > "$TESTBED_STATE/registry.pid"
  for _ in $(seq 50); do
    registry_answers && return 0
    sleep 0.1
  done
  echo "registry: did not answer on $registry_address within 5 s; see $TESTBED_STATE/registry.log" >&2
  return 1
}

# A rootfs with the static busybox and the applets the tests use, as an OCI layout under $TESTBED_CACHE.
registry_build_busybox() {
  local work="$TESTBED_CACHE/busybox-build"
  rm -rf "$work"
  mkdir -p "$work/rootfs/bin" "$work/rootfs/tmp" "$work/rootfs/etc" "$work/rootfs/root"
  cp /bin/busybox "$work/rootfs/bin/busybox"
  local applet
  for applet in sh true false sleep cat echo tar id ls env mkdir rm cp mv printf test wc head grep sed pwd; do
    ln -s busybox "$work/rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$work/rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$work/rootfs/etc/group"
  chmod 1777 "$work/rootfs/tmp"
  {
    umoci init --layout "$work/oci"
    umoci new --image "$work/oci:latest"
    umoci insert --image "$work/oci:latest" "$work/rootfs" /
    umoci config --image "$work/oci:latest" --config.env PATH=/bin --config.workingdir / --config.cmd /bin/sh \
      --os linux --architecture amd64
  } >&2  # stdout carries only the layout's path
  echo "$work/oci"
}

registry_push_busybox() {
  registry_has_tag latest && registry_has_tag v2s2 && return 0
  echo "registry: building and pushing $registry_address/$registry_image"
  local layout
  layout="$(registry_build_busybox)"
  skopeo --insecure-policy copy -q --dest-tls-verify=false "oci:$layout:latest" "docker://$registry_address/$registry_image:latest"
  skopeo --insecure-policy copy -q --dest-tls-verify=false --format v2s2 "oci:$layout:latest" "docker://$registry_address/$registry_image:v2s2"
}

registry_up() {
  registry_install
  registry_start
  registry_push_busybox
}

registry_down() {
  local pidfile="$TESTBED_STATE/registry.pid"
  [ -f "$pidfile" ] || return 0
  local pid
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$pidfile"
}
