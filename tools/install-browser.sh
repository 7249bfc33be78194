#!/bin/bash
# Install the headless browser the dashboard tests drive: Debian's
# chromium and chromium-driver (chromedriver, which Selenium talks to), and
# Debian's noVNC (/usr/share/novnc), the console page nova-lite-novncproxy
# serves to the browser ([DEFAULT] web, as Nova's novncproxy on Debian).
#
# Run it as root on this kind of machine, Chromium needs (the tests pass
# them, tests/integration/browser.py): --headless --no-sandbox --disable-gpu
# --disable-quic --no-first-run --disable-background-networking
# --disable-component-update --disable-sync and an empty --user-data-dir;
# without the background-networking ones it keeps trying to reach Google's
# services and floods the closed network with connection attempts.
#
# Idempotent: when both are present it is a fast no-op. `apt-get update`
# runs only when a package is missing.
#
# Usage: tools/install-browser.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/debian-packages.sh"

ensure_debian_packages install-browser chromium chromium-driver novnc
chromium --version
chromedriver --version
