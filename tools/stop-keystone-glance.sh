#!/bin/bash
# Stop the Keystone and Glance that tools/start-keystone-glance.sh WORKDIR
# started: only the uwsgi masters named by WORKDIR's pid files (their
# workers follow), nothing else; and its Cinder services (by their pid
# files) when it started Cinder, unmounting the bind-mounted NFS share,
# dropping Cinder's MariaDB database and deleting the RabbitMQ vhost it
# made. Leaves WORKDIR's configs, SQLite databases, keys and image files in
# place, so a later start reuses them.
#
# Usage: tools/stop-keystone-glance.sh WORKDIR
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# stop_one
# shellcheck source=lib/service-helpers.sh
. "$HERE/lib/service-helpers.sh"

log() { echo "stop-keystone-glance: $*" >&2; }

[ $# -eq 1 ] || { echo "usage: $0 WORKDIR" >&2; exit 1; }
[ -d "$1" ] || { log "no such directory: $1"; exit 0; }
WORKDIR="$(cd "$1" && pwd)"

CINDER_DIR="$WORKDIR/cinder"
if [ -d "$CINDER_DIR" ]; then
    for svc in cinder-api cinder-volume cinder-scheduler; do
        stop_one "$svc" "$CINDER_DIR/$svc.pid" "$svc"
    done
    # the share's bind mount(s) under WORKDIR/cinder/mnt
    for mnt in "$CINDER_DIR"/mnt/*; do
        [ -d "$mnt" ] || continue
        if mountpoint -q "$mnt"; then
            umount "$mnt" || umount -l "$mnt" || log "umount $mnt failed"
            log "unmounted $mnt"
        fi
    done
    # the RabbitMQ vhost the start script created for it
    if [ -s "$CINDER_DIR/vhost.env" ]; then
        # shellcheck disable=SC1091
        . "$CINDER_DIR/vhost.env"
        rabbitmqctl -q delete_vhost "$CINDER_VHOST" \
            && rm -f "$CINDER_DIR/vhost.env" && log "deleted Cinder's vhost $CINDER_VHOST" \
            || log "deleting Cinder's vhost $CINDER_VHOST failed"
    fi
    # Cinder's database is in MariaDB (tools/keystone-glance/cinder.sh)
    if [ -s "$CINDER_DIR/database.env" ]; then
        # shellcheck disable=SC1091
        . "$CINDER_DIR/database.env"
        "$CINDER_PYTHON" "$CINDER_DB_TOOL" drop "$CINDER_DB_HOST" "$CINDER_DB_NAME" \
            && rm -f "$CINDER_DIR/database.env" && log "dropped Cinder's database $CINDER_DB_NAME" \
            || log "dropping Cinder's database $CINDER_DB_NAME failed"
    fi
fi
stop_one glance "$WORKDIR/glance/glance.pid"
stop_one keystone "$WORKDIR/keystone/keystone.pid"
