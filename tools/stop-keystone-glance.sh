#!/bin/bash
# Stop the Keystone and Glance that tools/start-keystone-glance.sh WORKDIR
# started: only the uwsgi masters named by WORKDIR's pid files (their
# workers follow), nothing else. Leaves WORKDIR's configs, databases, keys
# and image files in place, so a later start reuses them.
#
# Usage: tools/stop-keystone-glance.sh WORKDIR
set -euo pipefail

log() { echo "stop-keystone-glance: $*" >&2; }

[ $# -eq 1 ] || { echo "usage: $0 WORKDIR" >&2; exit 1; }
[ -d "$1" ] || { log "no such directory: $1"; exit 0; }
WORKDIR="$(cd "$1" && pwd)"

# stop_one NAME PIDFILE
stop_one() {
    local name="$1" pidfile="$2" pid
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
    # Never signal a recycled pid: it must still be a uwsgi.
    if ! tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qi uwsgi; then
        log "$name: pid $pid is not a uwsgi any more; leaving it alone"
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

stop_one glance "$WORKDIR/glance/glance.pid"
stop_one keystone "$WORKDIR/keystone/keystone.pid"
