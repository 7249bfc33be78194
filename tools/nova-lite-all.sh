#!/bin/bash
# Install nova_lite into .venv (first run, or when setup.cfg changed) and
# start nova-lite-all: every daemon in one process, SQLite under
# ~/.local/share/nova-lite, in-process messaging, noauth, the fake driver,
# default flavors and a bootable image, listening on 127.0.0.1:8774.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${NOVA_LITE_VENV:-.venv}
STAMP="$VENV/.nova-lite-installed"
if [ ! -x "$VENV/bin/nova-lite-all" ] || [ setup.cfg -nt "$STAMP" ]; then
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
    "$VENV/bin/pip" install --quiet -e .
    touch "$STAMP"
fi
exec "$VENV/bin/nova-lite-all" "$@"
