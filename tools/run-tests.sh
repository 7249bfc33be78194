#!/bin/bash
# The whole test suite, on a fresh machine or a clean clone: installs tox in
# a bootstrap venv, the system packages the real-guest tests need, then runs
# pytest once over tests/ through tox. pytest's summary is the last line.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
BOOT=.tox/bootstrap
if [ ! -x "$BOOT/bin/tox" ]; then
    "$PYTHON" -m venv "$BOOT"
    "$BOOT/bin/pip" install --quiet --upgrade pip
    "$BOOT/bin/pip" install --quiet 'tox>=4'
fi

# tox prints its own report after pytest's; keep pytest's summary last by
# letting tox build the env first, then running pytest in it.
"$BOOT/bin/tox" run -e py3 --notest -qq

# Real guests: libvirt + QEMU from Debian, libvirt-python into the test env,
# and the daemons started by hand (no systemd here); Chromium for the
# dashboard tests.
PYTHON=.tox/py3/bin/python tools/install-libvirt.sh
tools/install-network.sh
tools/install-browser.sh
tools/start-libvirt.sh
exec .tox/py3/bin/pytest "${@:-tests}"
