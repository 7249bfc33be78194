#!/bin/bash
# Stop the Horizon that tools/start-horizon.sh WORKDIR started: only the
# gunicorn master named by WORKDIR/horizon/gunicorn.pid (its workers
# follow). Leaves local_settings.py and the secret key for a later start.
#
# Usage: tools/stop-horizon.sh WORKDIR
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/service-helpers.sh
. "$HERE/lib/service-helpers.sh"

log() { echo "stop-horizon: $*" >&2; }

[ $# -eq 1 ] || { echo "usage: $0 WORKDIR" >&2; exit 1; }
[ -d "$1" ] || { log "no such directory: $1"; exit 0; }
stop_one horizon "$(cd "$1" && pwd)/horizon/gunicorn.pid" gunicorn
