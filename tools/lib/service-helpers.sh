# Sourced by the start/stop scripts of the services nova_lite's tests run
# from PyPI (tools/start-keystone-glance.sh, tools/start-horizon.sh, their
# stop scripts). The caller defines log and die, and for ensure_venv the
# variables PYTHON, PYVER and VENVS; wait_http uses START_TIMEOUT.

# ensure_venv NAME REQ... -> prints the venv path. One virtualenv per
# pinned requirement list: its directory name carries a hash of the list,
# so changing a pin builds a fresh venv next to the old one.
ensure_venv() {
    local name="$1"; shift
    local key venv
    key=$(printf '%s\n' "$PYVER" "$@" | sha256sum | cut -c1-12)
    venv="$VENVS/$name-$key"
    mkdir -p "$VENVS"
    (
        flock 8
        if [ -f "$venv/.complete" ]; then
            exit 0
        fi
        log "installing $name venv ($*) into $venv"
        local t0=$SECONDS
        rm -rf "$venv"
        "$PYTHON" -m venv "$venv"
        "$venv/bin/pip" install --quiet --upgrade pip >&2
        "$venv/bin/pip" install --quiet "$@" >&2
        "$venv/bin/pip" check >&2 || log "WARNING: pip check reports conflicts in $venv"
        printf '%s\n' "$@" > "$venv/.complete"
        log "$name venv ready in $((SECONDS - t0)) s"
    ) 8>"$VENVS/.$name-$key.lock" || die "installing the $name venv failed"
    echo "$venv"
}

# pid_alive PIDFILE [WORD]: is the process PIDFILE names alive, and is its
# command line still that of a WORD (default uwsgi), not a recycled pid?
pid_alive() {
    local pidfile="$1" word="${2:-uwsgi}" pid
    [ -s "$pidfile" ] || return 1
    pid=$(cat "$pidfile")
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qi "$word"
}

port_busy() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# http_answers URL: any HTTP answer below 500 (Keystone's /v3 is 200, a
# version document may be 300, a login redirect 302)
http_answers() {
    local code
    if command -v curl >/dev/null; then
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1") || true
        [ -n "$code" ] && [ "$code" != 000 ] && [ "$code" -lt 500 ]
    else
        "$PYTHON" - "$1" <<'PY'
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(sys.argv[1], timeout=5)
except urllib.error.HTTPError as e:
    sys.exit(0 if e.code < 500 else 1)
except Exception:
    sys.exit(1)
PY
    fi
}

# wait_http NAME URL PIDFILE LOG [WORD]: until URL answers; fails early when
# the process of PIDFILE (a WORD, default uwsgi) is gone.
wait_http() {
    local name="$1" url="$2" pidfile="$3" logf="$4" word="${5:-uwsgi}"
    local deadline=$((SECONDS + START_TIMEOUT))
    until http_answers "$url"; do
        if [ $SECONDS -ge $deadline ]; then
            tail -n 40 "$logf" >&2 || true
            die "$name did not answer at $url within ${START_TIMEOUT}s (log: $logf)"
        fi
        if [ -e "$pidfile" ] && ! pid_alive "$pidfile" "$word"; then
            tail -n 40 "$logf" >&2 || true
            die "$name is not running (log: $logf)"
        fi
        sleep 0.1
    done
}

# stop_one NAME PIDFILE [WORD (default uwsgi)]: SIGTERM the process PIDFILE
# names if it is still a WORD (then SIGKILL it and its children after 10 s),
# and remove PIDFILE.
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
