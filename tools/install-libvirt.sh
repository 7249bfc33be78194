#!/bin/bash
# Install what nova_lite's libvirt driver and the test-image build need:
# Debian packages (libvirt daemon + headers, QEMU, image tooling) and the
# libvirt-python binding into $PYTHON (default: python3 on PATH).
#
# Idempotent: when everything is present it is a fast no-op. `apt-get update`
# runs only when a package is missing.
#
# Usage: PYTHON=/path/to/venv/bin/python tools/install-libvirt.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/debian-packages.sh"

PYTHON="${PYTHON:-python3}"
export DEBIAN_FRONTEND=noninteractive

APT_PACKAGES=(
    libvirt-daemon-system   # libvirtd, virtlogd, virsh, default configs
    libvirt-dev             # headers + libvirt.pc for building libvirt-python
    qemu-system-x86         # qemu-system-x86_64 (TCG here; KVM on real hosts)
    qemu-utils              # qemu-img
    pkg-config              # libvirt-python's build finds libvirt through it
    gcc                     # libvirt-python builds a C extension
    binutils                # strings(1): module dependency check in build-test-image.sh
    python3-dev             # (system python headers; venvs from pyenv bring their own)
    dnsmasq-base            # DHCP on the project's bridge
    iproute2                # ip link/addr for the bridge
    cpio                    # initramfs for the test image
    gzip
    syslinux syslinux-common mtools dosfstools   # bootable FAT superfloppy
)

log() { echo "install-libvirt: $*"; }

ensure_debian_packages install-libvirt "${APT_PACKAGES[@]}"

if "$PYTHON" -c 'import libvirt' >/dev/null 2>&1; then
    log "libvirt-python already importable in $("$PYTHON" -c 'import sys; print(sys.executable)')"
else
    log "pip install libvirt-python into $PYTHON (builds against libvirt-dev, ~1 min)"
    "$PYTHON" -m pip install -q libvirt-python
    "$PYTHON" -c 'import importlib.metadata as m, libvirt; print("install-libvirt: libvirt-python %s (libvirt %d)" % (m.version("libvirt-python"), libvirt.getVersion()))'
fi
