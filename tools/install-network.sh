#!/bin/bash
# Install what nova_lite's guest networking needs on a host: nftables and
# conntrack (security groups), dnsmasq and dhcp_release (DHCP in qdhcp-
# namespaces), iproute2 (netns, bridges, veths, taps), and for the tests
# iputils-ping and busybox (udhcpc as a DHCP client in a fake guest
# namespace).
#
# Idempotent: when everything is present it is a fast no-op. `apt-get update`
# runs only when a package is missing.
#
# Usage: tools/install-network.sh
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

APT_PACKAGES=(
    nftables        # nft: the agent's inet/bridge nova_lite tables
    dnsmasq-base    # dnsmasq: one per network, inside qdhcp-<net id>
    dnsmasq-utils   # dhcp_release: frees the lease of a port that is gone
    conntrack       # conntrack -D: flows of a port end when its rules change
    iproute2        # ip netns / link / addr / tuntap
    iputils-ping    # ping from qdhcp- namespaces (tests)
    busybox         # udhcpc: the DHCP client of a fake guest (tests)
)

log() { echo "install-network: $*"; }

missing=()
for p in "${APT_PACKAGES[@]}"; do
    # "install ok installed" only when the package is fully configured.
    if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
        missing+=("$p")
    fi
done

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
APT_OPTS=(-y -q -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

if [ "${#missing[@]}" -gt 0 ]; then
    log "missing Debian packages: ${missing[*]}"
    $SUDO apt-get -q -o DPkg::Lock::Timeout=600 update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install "${APT_OPTS[@]}" \
        --no-install-recommends "${missing[@]}"
else
    log "Debian packages already installed"
fi
