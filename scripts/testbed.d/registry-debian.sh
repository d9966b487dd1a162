# shellcheck shell=bash
# Test bed part: a Debian bookworm image with nodejs, git and python3 (for JavaScript actions and checkouts),
# pushed to the test bed's registry as test/debian-node:bookworm. Built once with debootstrap from Debian's
# package mirror (the only outside traffic, like apt-get) and cached under $TESTBED_CACHE, so reruns only push.
# Sourced by scripts/testbed after registry.sh; defines registry-debian_up and registry-debian_down.

debian_image=test/debian-node
debian_tag=bookworm

registry-debian_up() {
  registry_up
  registry_has_tag "$debian_tag" "$debian_image" && return 0
  command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null
  local work="$TESTBED_CACHE/debian-node"
  if [ ! -x "$work/rootfs/usr/bin/node" ]; then
    echo "registry-debian: debootstrap bookworm with nodejs, git, python3 (about a minute, once)"
    rm -rf "$work/rootfs"
    mkdir -p "$work"
    debootstrap --variant=minbase --include=nodejs,git,python3,ca-certificates bookworm "$work/rootfs" >"$work/debootstrap.log" 2>&1 \
      || { echo "registry-debian: debootstrap failed; see $work/debootstrap.log" >&2; return 1; }
    rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
  fi
  echo "registry-debian: pushing $registry_address/$debian_image:$debian_tag"
  rm -rf "$work/oci"
  {
    umoci init --layout "$work/oci"
    umoci new --image "$work/oci:$debian_tag"
    umoci insert --image "$work/oci:$debian_tag" "$work/rootfs" /
    umoci config --image "$work/oci:$debian_tag" --config.env PATH=/usr/local/bin:/usr/bin:/bin \
      --config.workingdir / --config.cmd /bin/bash --os linux --architecture amd64
  } >/dev/null
  skopeo --insecure-policy copy -q --dest-tls-verify=false "oci:$work/oci:$debian_tag" \
    "docker://$registry_address/$debian_image:$debian_tag"
}

# The image lives in the registry's storage; the registry part stops the registry.
registry-debian_down() {
  return 0
}
