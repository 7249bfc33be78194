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
. "$(dirname "${BASH_SOURCE[0]}")/lib/debian-packages.sh"

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

ensure_debian_packages install-network "${APT_PACKAGES[@]}"
