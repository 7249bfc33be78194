#!/bin/bash
# Run a real OpenStack Keystone (30.0.0) and Glance (33.0.0) from PyPI on
# loopback, for nova_lite's integration tests and for trying nova_lite with
# real tokens and a real image service.
#
# Usage: tools/start-keystone-glance.sh WORKDIR
#
# Idempotent: run it again with the same WORKDIR and it reuses the configs,
# databases, keys and passwords, starts only what is not already answering,
# and re-applies the (get-or-create) bootstrap. Stop with
# tools/stop-keystone-glance.sh WORKDIR.
#
# What it does:
#   * one virtualenv each for Keystone and Glance (with uwsgi), cached under
#     tools/.cache/venvs/ (git-ignored) and keyed by the pinned requirements;
#   * configs, SQLite databases, fernet/credential keys, logs and pid files
#     under WORKDIR/keystone and WORKDIR/glance;
#   * uwsgi with processes=1, threads=1 (SQLite: more gives "database is
#     locked"), Keystone on 127.0.0.1:$KEYSTONE_PORT, Glance on
#     127.0.0.1:$GLANCE_PORT;
#   * bootstrap (tools/keystone-glance/bootstrap.py): projects admin, service,
#     demo, demo2; users admin, nova, glance, demo, demo-reader, demo2;
#     services identity, compute, image, network in RegionOne; the public image
#     "nova-lite-tiny" (tools/build-test-image.sh output);
#   * WORKDIR/clouds.yaml (clouds admin, demo, demo-reader, demo2) and
#     WORKDIR/env.json (passwords, ids, URLs, pid and log paths).
#   * with CINDER_PORT set, also a real Cinder 29.0.0 (cinder-api,
#     cinder-scheduler, cinder-volume; tools/keystone-glance/cinder.sh): its
#     own venv, RabbitMQ vhost, MariaDB database (the stop script drops
#     it), the NFS driver on a bind-mounted
#     WORKDIR/cinder/export, service volumev3 in the catalog at
#     http://127.0.0.1:$CINDER_PORT/v3/%(project_id)s, user cinder;
#     env.json's "cinder" and "volume_url" describe it (null without it).
#
# Env:
#   KEYSTONE_PORT        (default 5000)
#   GLANCE_PORT          (default 9292)
#   NOVA_LITE_API_PORT   port in the compute endpoint URL (default 8774)
#   CINDER_PORT          start Cinder too, its API on this port (default:
#                        no Cinder)
#   CINDER_VHOST         its RabbitMQ vhost (default: one per WORKDIR)
#   NOVA_LITE_NETWORK_PORT  port in the network endpoint URL (default 9696;
#                        "none": no network service in the catalog)
#   NOVA_LITE_PLACEMENT_URL  the placement endpoint (default: /placement on
#                        the compute endpoint's port, which nova-lite-api
#                        serves; "none": no placement service in the catalog)
#   KEYSTONE_TOKEN_EXPIRATION  seconds a Keystone token stays valid (default
#                        3600, Keystone's; tests of expired tokens set a few)
#   NOVA_LITE_VENV_DIR   venv cache (default tools/.cache/venvs)
#   NOVA_LITE_IMAGE_DIR  test image dir (default tools/.cache/image; built
#                        with tools/build-test-image.sh when missing)
#   PYTHON               interpreter for the venvs (default python3)
#   START_TIMEOUT        seconds to wait for each service (default 120)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KG="$HERE/keystone-glance"
# ensure_venv, pid_alive, port_busy, http_answers, wait_http
# shellcheck source=lib/service-helpers.sh
. "$HERE/lib/service-helpers.sh"

log() { echo "start-keystone-glance: $*" >&2; }
die() { echo "start-keystone-glance: ERROR: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: $0 WORKDIR"
mkdir -p "$1"
WORKDIR="$(cd "$1" && pwd)"

HOST=127.0.0.1
KEYSTONE_PORT="${KEYSTONE_PORT:-5000}"
GLANCE_PORT="${GLANCE_PORT:-9292}"
NOVA_LITE_API_PORT="${NOVA_LITE_API_PORT:-8774}"
NOVA_LITE_NETWORK_PORT="${NOVA_LITE_NETWORK_PORT:-9696}"
NETWORK_URL_ARG=""
[ "$NOVA_LITE_NETWORK_PORT" = none ] || \
    NETWORK_URL_ARG="--network-url http://$HOST:$NOVA_LITE_NETWORK_PORT"
NOVA_LITE_PLACEMENT_URL="${NOVA_LITE_PLACEMENT_URL:-http://$HOST:$NOVA_LITE_API_PORT/placement}"
PLACEMENT_URL_ARG=""
[ "$NOVA_LITE_PLACEMENT_URL" = none ] || \
    PLACEMENT_URL_ARG="--placement-url $NOVA_LITE_PLACEMENT_URL"
KEYSTONE_TOKEN_EXPIRATION="${KEYSTONE_TOKEN_EXPIRATION:-3600}"
VENVS="${NOVA_LITE_VENV_DIR:-$HERE/.cache/venvs}"
IMAGE_DIR="${NOVA_LITE_IMAGE_DIR:-$HERE/.cache/image}"
PYTHON="${PYTHON:-python3}"
START_TIMEOUT="${START_TIMEOUT:-120}"

KEYSTONE_URL="http://$HOST:$KEYSTONE_PORT"
GLANCE_URL="http://$HOST:$GLANCE_PORT"

# Pinned requirements, one venv each. The venv directory name carries a hash
# of this list, so changing a pin builds a fresh venv next to the old one.
KEYSTONE_REQS=(keystone==30.0.0 uwsgi==2.0.31)
GLANCE_REQS=(glance==33.0.0 glance_store==5.7.0 uwsgi==2.0.31)

# One start at a time per WORKDIR.
exec 9>"$WORKDIR/.start.lock"
flock 9

T0=$(date +%s%N)
# seconds since the start, e.g. 12.3
elapsed() { local ms=$(( ($(date +%s%N) - T0) / 1000000 )); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }
step() { log "[$(elapsed)s] $*"; }

# --- virtualenvs (ensure_venv: tools/lib/service-helpers.sh) -------------
PYVER=$("$PYTHON" -c 'import sys;print("py%d.%d" % sys.version_info[:2])') \
    || die "no python interpreter: $PYTHON"
KEYSTONE_VENV=$(ensure_venv keystone "${KEYSTONE_REQS[@]}")
GLANCE_VENV=$(ensure_venv glance "${GLANCE_REQS[@]}")
CINDER_PORT="${CINDER_PORT:-}"
if [ -n "$CINDER_PORT" ]; then
    # shellcheck source=keystone-glance/cinder.sh
    . "$KG/cinder.sh"
    cinder_prepare_env
fi

# --- the test image -----------------------------------------------------------
# (exits at once when the image is current with tools/test-image/)
"$HERE/build-test-image.sh" "$IMAGE_DIR" >&2 || die "building the test image failed"

# --- passwords, keys, configs (tools/keystone-glance/prepare.py) -------------
PASSFILE="$WORKDIR/passwords.json"
KS="$WORKDIR/keystone"
GL="$WORKDIR/glance"
export WORKDIR HOST KEYSTONE_PORT GLANCE_PORT KEYSTONE_URL GLANCE_URL \
       KEYSTONE_VENV GLANCE_VENV KEYSTONE_TOKEN_EXPIRATION CINDER_PORT
ADMIN_PASSWORD=$("$PYTHON" "$KG/prepare.py" "$WORKDIR" "$GLANCE_VENV") \
    || die "preparing $WORKDIR failed"

# sync_db NAME DBFILE TEMPLATE LOG CMD...: bring DBFILE to the schema of this
# venv's code. A fresh WORKDIR copies the pristine, already-migrated database
# that the first db_sync with this venv left next to it (TEMPLATE), which
# saves the slowest part of a warm start; otherwise runs CMD (the service's
# own db_sync) and keeps the result as TEMPLATE.
sync_db() {
    local name="$1" db="$2" template="$3" logf="$4"; shift 4
    local stamp="$db.synced-by"
    if [ -s "$db" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$template" ]; then
        return 0
    fi
    if [ ! -e "$db" ] && [ -s "$template" ]; then
        cp "$template" "$db"
    else
        "$@" >>"$logf" 2>&1 || { tail -n 30 "$logf" >&2; echo "$name db_sync failed" >&2; return 1; }
        if [ ! -s "$template" ]; then
            cp "$db" "$template.$$" && mv "$template.$$" "$template"
        fi
    fi
    echo "$template" > "$stamp"
}

KMANAGE=("$KEYSTONE_VENV/bin/keystone-manage" --config-file "$KS/keystone.conf")
KEYSTONE_RUNNING=false; GLANCE_RUNNING=false
pid_alive "$KS/keystone.pid" && KEYSTONE_RUNNING=true
pid_alive "$GL/glance.pid" && GLANCE_RUNNING=true
if ! $KEYSTONE_RUNNING && port_busy "$KEYSTONE_PORT"; then
    die "port $KEYSTONE_PORT is in use by something else (set KEYSTONE_PORT)"
fi
if ! $GLANCE_RUNNING && port_busy "$GLANCE_PORT"; then
    die "port $GLANCE_PORT is in use by something else (set GLANCE_PORT)"
fi

# --- Glance database, in the background while Keystone gets ready -------------
GLANCE_SYNC_PID=
if ! $GLANCE_RUNNING; then
    step "glance: db_sync"
    sync_db glance "$GL/glance.db" "$GLANCE_VENV/.nova-lite-template-glance.db" "$GL/manage.log" \
        "$GLANCE_VENV/bin/glance-manage" --config-file "$GL/glance-api.conf" db_sync &
    GLANCE_SYNC_PID=$!
fi

# --- Keystone: database, bootstrap -------------------------------------------
if ! $KEYSTONE_RUNNING; then
    step "keystone: db_sync"
    sync_db keystone "$KS/keystone.db" "$KEYSTONE_VENV/.nova-lite-template-keystone.db" "$KS/manage.log" \
        "${KMANAGE[@]}" db_sync || die "keystone db_sync failed"
fi
# --- start both (uwsgi daemonizes itself; the pidfile names the master) -------
start_uwsgi() {
    local name="$1" venv="$2" dir="$3"
    if pid_alive "$dir/$name.pid"; then
        log "$name already running (pid $(cat "$dir/$name.pid"))"
        return 0
    fi
    rm -f "$dir/$name.pid"
    # 9>&-: the daemon must not inherit (and hold forever) the start lock
    "$venv/bin/uwsgi" --ini "$dir/uwsgi.ini" >>"$dir/uwsgi.log" 2>&1 9>&- \
        || { tail -n 30 "$dir/uwsgi.log" >&2; die "uwsgi for $name failed to start"; }
}
step "starting keystone"
start_uwsgi keystone "$KEYSTONE_VENV" "$KS"
if [ -n "$GLANCE_SYNC_PID" ]; then
    wait "$GLANCE_SYNC_PID" || die "glance db_sync failed (see $GL/manage.log)"
fi
step "starting glance"
start_uwsgi glance "$GLANCE_VENV" "$GL"
# keystone-manage bootstrap, while the uwsgis load their apps (a worker
# touches the database only when a request comes): admin user, project and
# role, roles reader, member, manager, service, the identity service and its
# endpoints, RegionOne.
# Idempotent; skipped when this WORKDIR was already bootstrapped for the same
# URL (the admin password lives in passwords.json and never changes).
if [ "$(cat "$KS/.bootstrapped" 2>/dev/null)" != "$KEYSTONE_URL" ]; then
    step "keystone: bootstrap"
    "${KMANAGE[@]}" bootstrap \
        --bootstrap-password "$ADMIN_PASSWORD" --bootstrap-username admin \
        --bootstrap-project-name admin --bootstrap-role-name admin \
        --bootstrap-service-name keystone --bootstrap-region-id RegionOne \
        --bootstrap-admin-url "$KEYSTONE_URL/v3" \
        --bootstrap-internal-url "$KEYSTONE_URL/v3" \
        --bootstrap-public-url "$KEYSTONE_URL/v3" >>"$KS/manage.log" 2>&1 \
        || { tail -n 30 "$KS/manage.log" >&2; die "keystone-manage bootstrap failed"; }
    echo "$KEYSTONE_URL" > "$KS/.bootstrapped"
fi

wait_http keystone "$KEYSTONE_URL/v3" "$KS/keystone.pid" "$KS/uwsgi.log"
step "keystone answers"
wait_http glance "$GLANCE_URL/versions" "$GL/glance.pid" "$GL/uwsgi.log"
step "glance answers"

if [ -n "$CINDER_PORT" ]; then
    cinder_start
    cinder_facts
    CINDER_ARGS=(--volume-url "$CINDER_URL/v3/%(project_id)s"
                 --cinder-json "$CINDER_DIR/facts.json")
else
    CINDER_ARGS=()
fi

# --- bootstrap projects, users, services, image; clouds.yaml, env.json -------
"$PYTHON" "$KG/bootstrap.py" \
    --workdir "$WORKDIR" --passwords "$PASSFILE" \
    --keystone-url "$KEYSTONE_URL" --glance-url "$GLANCE_URL" \
    --compute-url "http://$HOST:$NOVA_LITE_API_PORT/v2.1" \
    $NETWORK_URL_ARG $PLACEMENT_URL_ARG "${CINDER_ARGS[@]}" \
    --image "$IMAGE_DIR/nova-lite-tiny.qcow2" \
    --image-meta "$IMAGE_DIR/nova-lite-tiny.json" \
    --keystone-venv "$KEYSTONE_VENV" --glance-venv "$GLANCE_VENV" \
    || die "bootstrap failed"

if [ -n "$CINDER_PORT" ]; then
    wait_http cinder-api "$CINDER_URL/" "" "$CINDER_DIR/cinder-api.log"
    (cd "$KG" && "$PYTHON" cinder_ready.py "$WORKDIR/env.json" "$START_TIMEOUT") \
        || { tail -n 30 "$CINDER_DIR/cinder-volume.log" >&2; die "cinder-volume did not come up"; }
    step "cinder answers: $CINDER_URL"
fi

step "ready: keystone $KEYSTONE_URL/v3, glance $GLANCE_URL; see $WORKDIR/env.json, $WORKDIR/clouds.yaml"
