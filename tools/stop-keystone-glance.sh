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

log() { echo "stop-keystone-glance: $*" >&2; }

[ $# -eq 1 ] || { echo "usage: $0 WORKDIR" >&2; exit 1; }
[ -d "$1" ] || { log "no such directory: $1"; exit 0; }
WORKDIR="$(cd "$1" && pwd)"

# stop_one NAME PIDFILE [COMMAND-LINE WORD (default uwsgi)]
stop_one() {
    local name="$1" pidfile="$2" word="${3:-uwsgi}" pid
    if [ ! -s "$pidfile" ]; then
        log "$name: no pid file ($pidfile), not running"
        return 0
    fi
    pid=$(tr -dc '0-9' < "$pidfile")
    if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
        log "$name: pid ${pid:-?} not running"
        rm -f "$pidfile"
        return 0
    fi
    # Never signal a recycled pid: it must still be what we started.
    if ! tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qi "$word"; then
        log "$name: pid $pid is not a $word any more; leaving it alone"
        rm -f "$pidfile"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "$name: pid $pid ignored SIGTERM for 10 s, sending SIGKILL"
        # the master and its workers (children of that master only)
        pkill -KILL -P "$pid" 2>/dev/null || true
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
    log "$name: stopped (pid $pid)"
}

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
