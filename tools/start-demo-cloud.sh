#!/bin/bash
# The whole demo cloud with one command, in the foreground until Ctrl-C:
# Keystone, Glance and Cinder from PyPI, nova_lite's four daemons with the
# network service (DHCP on its agent) and a libvirt compute running QEMU
# guests, nova-lite-novncproxy and the real Horizon 27 in front of them:
# the cloud tests/integration/test_horizon.py drives in a browser. Where
# libvirt cannot be installed or started, the fake driver runs the guests.
#
# Needs what the test suite needs: root (or sudo) for the Debian packages
# and network namespaces, RabbitMQ on 127.0.0.1:5672 and MariaDB on
# 127.0.0.1:3306 (each run gets its own vhost and database, dropped at the
# end). Prints Horizon's URL and the demo users' passwords.
set -euo pipefail
cd "$(dirname "$0")/.."

. tools/lib/test-env.sh

prepare_test_venv
tools/install-browser.sh     # noVNC, Chromium
REAL_GUESTS=1
if ! prepare_real_guests; then
    echo "start-demo-cloud: libvirt is not usable here: the fake driver runs the guests" >&2
    REAL_GUESTS=0
fi
exec env PYTHONPATH="$PWD" NOVA_LITE_DEMO_REAL_GUESTS=$REAL_GUESTS \
    .tox/py3/bin/python -m tests.integration.horizon_cloud
