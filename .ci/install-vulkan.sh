#!/usr/bin/env bash
# Installs a Vulkan driver so that the WebGPU backend (Dawn, from the `webgpu` npm package) finds an adapter on
# a machine without a GPU: Mesa's lavapipe (a CPU Vulkan implementation). Dawn needs Mesa 25.x from
# bookworm-backports; bookworm's own 22.3 driver lacks a feature Dawn requires. Idempotent: does nothing when a
# new enough driver is installed. Debian bookworm only; elsewhere it says so and leaves the system alone (the
# WebGPU test then skips, naming the missing adapter).
set -euo pipefail

MIN_VERSION=25
installed=$(dpkg-query -W -f='${Status} ${Version}' mesa-vulkan-drivers 2>/dev/null || true)
if [[ "$installed" == "install ok installed "* ]] && dpkg --compare-versions "${installed##* }" ge "$MIN_VERSION" \
  && dpkg-query -W -f='${Status}' libvulkan1 2>/dev/null | grep -q 'install ok installed'; then
  echo "install-vulkan: mesa-vulkan-drivers ${installed##* } already installed"
  exit 0
fi

codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
if [[ "$codename" != bookworm ]]; then
  echo "install-vulkan: not Debian bookworm ('${codename:-unknown}'); skipped (install a Vulkan driver by hand)"
  exit 0
fi

# The mirror of the existing bookworm entry (deb822 .sources files or one-line .list files).
mirror_of_bookworm() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] || continue
    # Stanzas are separated by blank lines; print the URI of a stanza whose Suites include 'bookworm'.
    awk 'BEGIN { RS = ""; FS = "\n" }
      { uri = ""; suite = 0
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { split($i, u, /[ \t]+/); uri = u[2] }
          if ($i ~ /^Suites:/ && $i ~ /[ \t]bookworm([ \t]|$)/) suite = 1
        }
        if (suite && uri != "") { print uri; exit } }' "$f"
  done
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk '$1 == "deb" { for (i = 2; i < NF; i++) if ($i !~ /^\[/ && $(i + 1) == "bookworm") { print $i; exit } }'
}

mirror=$(mirror_of_bookworm | head -n 1) || true
if [[ -z "$mirror" ]]; then
  echo "install-vulkan: no bookworm entry found in the apt sources; cannot add bookworm-backports" >&2
  exit 1
fi

list=/etc/apt/sources.list.d/bookworm-backports.list
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm-backports main" > "$list"
  echo "install-vulkan: added $list ($mirror)"
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q -t bookworm-backports mesa-vulkan-drivers libvulkan1
echo "install-vulkan: installed mesa-vulkan-drivers $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers)"
