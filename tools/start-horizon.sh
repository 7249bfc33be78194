#!/bin/bash
# Serve the real OpenStack dashboard, Horizon 27.0.0 (Django 5.2) from PyPI,
# on loopback in front of the Keystone of a WORKDIR that
# tools/start-keystone-glance.sh prepared (it reads WORKDIR/env.json), so a
# person or a browser test uses nova_lite the way dashboard users do.
#
# Usage: tools/start-horizon.sh WORKDIR
#
# Idempotent: run it again with the same WORKDIR and it rewrites
# local_settings.py, keeps the secret key, and starts gunicorn only when it
# is not already running. Stop with tools/stop-horizon.sh WORKDIR.
#
# What it does:
#   * one virtualenv (Horizon, gunicorn, WhiteNoise), cached under
#     tools/.cache/venvs/ (git-ignored) and keyed by the pinned
#     requirements, like the Keystone and Glance ones;
#   * WORKDIR/horizon/conf/local/local_settings.py (tools/horizon/
#     prepare.py): the Keystone URL from env.json, identity v3, image v2,
#     volume v3, compute v2, signed-cookie sessions (nothing else to run),
#     WEBROOT, ALLOWED_HOSTS 127.0.0.1 and localhost;
#   * static files collected and compressed offline once per venv and
#     WEBROOT (inside the venv's directory), served by WhiteNoise;
#   * gunicorn on 127.0.0.1:$HORIZON_PORT, pid file WORKDIR/horizon/
#     gunicorn.pid, logs WORKDIR/horizon/gunicorn.log (errors, Horizon's
#     own logging) and access.log;
#   * prints the dashboard's URL on stdout and writes it to
#     WORKDIR/horizon/url.
#
# Env:
#   HORIZON_PORT         (default 8080)
#   HORIZON_WEBROOT      (default /dashboard/)
#   HORIZON_WORKERS      gunicorn worker processes (default 2)
#   NOVA_LITE_VENV_DIR   venv cache (default tools/.cache/venvs)
#   PYTHON               interpreter for the venv (default python3)
#   START_TIMEOUT        seconds to wait for Horizon (default 120)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/service-helpers.sh
. "$HERE/lib/service-helpers.sh"

log() { echo "start-horizon: $*" >&2; }
die() { echo "start-horizon: ERROR: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: $0 WORKDIR"
[ -d "$1" ] || die "no such directory: $1 (run tools/start-keystone-glance.sh $1 first)"
WORKDIR="$(cd "$1" && pwd)"
[ -s "$WORKDIR/env.json" ] || die "$WORKDIR/env.json missing (run tools/start-keystone-glance.sh $WORKDIR first)"

HORIZON_PORT="${HORIZON_PORT:-8080}"
HORIZON_WEBROOT="${HORIZON_WEBROOT:-/dashboard/}"
case "$HORIZON_WEBROOT" in */) ;; *) HORIZON_WEBROOT="$HORIZON_WEBROOT/" ;; esac
case "$HORIZON_WEBROOT" in /*) ;; *) die "HORIZON_WEBROOT must start with /" ;; esac
HORIZON_WORKERS="${HORIZON_WORKERS:-2}"
VENVS="${NOVA_LITE_VENV_DIR:-$HERE/.cache/venvs}"
PYTHON="${PYTHON:-python3}"
START_TIMEOUT="${START_TIMEOUT:-120}"

HORIZON_REQS=(horizon==27.0.0 Django==5.2.19 gunicorn==27.0.1 whitenoise==6.12.0)

HZ="$WORKDIR/horizon"
mkdir -p "$HZ"
exec 9>"$HZ/.start.lock"
flock 9

PYVER=$("$PYTHON" -c 'import sys;print("py%d.%d" % sys.version_info[:2])') \
    || die "no python interpreter: $PYTHON"
HORIZON_VENV=$(ensure_venv horizon "${HORIZON_REQS[@]}")

# Static files depend on the venv and WEBROOT only (not on the cloud): one
# collected and compressed copy per WEBROOT, shared by every WORKDIR.
STATIC_KEY=$(printf '%s' "$HORIZON_WEBROOT" | sha256sum | cut -c1-12)
STATIC_ROOT="$HORIZON_VENV/.nova-lite-static-$STATIC_KEY"

URL=$("$PYTHON" "$HERE/horizon/prepare.py" "$WORKDIR" "$STATIC_ROOT" \
      "$HORIZON_WEBROOT" "$HORIZON_PORT") || die "writing local_settings.py failed"

export PYTHONPATH="$HZ/conf:$HERE/horizon"
export DJANGO_SETTINGS_MODULE=openstack_dashboard.settings
# gunicorn mounts the application at WEBROOT, as Apache's WSGIScriptAlias
# does for a packaged Horizon.
export SCRIPT_NAME="${HORIZON_WEBROOT%/}"

(
    flock 8
    [ -f "$STATIC_ROOT/.complete" ] && exit 0
    log "collecting and compressing static files into $STATIC_ROOT"
    t0=$SECONDS
    rm -rf "$STATIC_ROOT"
    "$HORIZON_VENV/bin/django-admin" collectstatic --noinput --verbosity 0 >&2
    "$HORIZON_VENV/bin/django-admin" compress --force --verbosity 0 >&2
    touch "$STATIC_ROOT/.complete"
    log "static files ready in $((SECONDS - t0)) s"
) 8>"$HORIZON_VENV/.static-$STATIC_KEY.lock" 9>&- || die "collecting Horizon's static files failed"

PIDFILE="$HZ/gunicorn.pid"
LOGFILE="$HZ/gunicorn.log"
if pid_alive "$PIDFILE" gunicorn; then
    log "horizon already running (pid $(cat "$PIDFILE"))"
else
    port_busy "$HORIZON_PORT" && die "port $HORIZON_PORT is in use by something else (set HORIZON_PORT)"
    rm -f "$PIDFILE"
    # 9>&-: the daemon must not inherit (and hold forever) the start lock.
    # Long timeout: a page may wait on several API calls in a row. No
    # control socket: gunicorn would put it at one path for every instance.
    "$HORIZON_VENV/bin/gunicorn" --daemon --pid "$PIDFILE" \
        --bind "127.0.0.1:$HORIZON_PORT" --workers "$HORIZON_WORKERS" \
        --threads 4 --timeout 300 --chdir "$HZ" \
        --error-logfile "$LOGFILE" --access-logfile "$HZ/access.log" \
        --capture-output --name nova-lite-horizon --no-control-socket \
        horizon_wsgi:application 9>&- \
        || { tail -n 30 "$LOGFILE" >&2 || true; die "gunicorn failed to start"; }
fi
wait_http horizon "${URL}auth/login/" "$PIDFILE" "$LOGFILE" gunicorn
# Something answers: it must be Horizon's login page and its stylesheet.
login_page=$(curl -sf --max-time 30 "${URL}auth/login/") \
    || die "Horizon's login page ${URL}auth/login/ does not answer 200 (log: $LOGFILE)"
css=$(printf '%s' "$login_page" | grep -o "${HORIZON_WEBROOT}static/[^\"]*\.css" | head -n 1)
[ -n "$css" ] && curl -sf --max-time 30 -o /dev/null "http://127.0.0.1:$HORIZON_PORT$css" \
    || die "Horizon's static files are not served (${css:-no stylesheet in the login page})"
echo "$URL" > "$HZ/url"
log "ready: $URL (log: $LOGFILE)"
echo "$URL"
