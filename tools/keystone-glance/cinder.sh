# Sourced by tools/start-keystone-glance.sh when CINDER_PORT is set: a real
# Cinder 29.0.0 (cinder-api, cinder-scheduler, cinder-volume) beside
# Keystone and Glance. Uses the start script's helpers (log, die, step,
# ensure_venv, sync_db, port_busy, wait_http) and variables.
#
# Storage: Cinder's NFS driver on a share "127.0.0.1:$WORKDIR/cinder/export"
# that is that directory bind-mounted where the driver (and os-brick on a
# compute host configured with the same nfs_mount_point_base) looks for
# it: $WORKDIR/cinder/mnt/<md5 of the share>. The kernel here has no NFS,
# device-mapper or iSCSI; this is the only storage trick, every Cinder
# service and API call is real.
# Privileges: the services run as root; Cinder's `sudo cinder-rootwrap ...`
# goes through the shim $WORKDIR/cinder/bin/sudo (first on their PATH).
# Messaging: its own RabbitMQ vhost (CINDER_VHOST, created here and deleted
# by the stop script when it did not exist before).

CINDER_REQS=(cinder==29.0.0 os-brick==7.1.1 PyMySQL==1.2.4)
CINDER_SERVICES=(cinder-api cinder-scheduler cinder-volume)

cinder_prepare_env() {
    CINDER_URL="http://$HOST:$CINDER_PORT"
    CINDER_DIR="$WORKDIR/cinder"
    CINDER_VHOST="${CINDER_VHOST:-nova_lite_cinder_$(printf '%s' "$WORKDIR" | md5sum | cut -c1-10)}"
    CINDER_TRANSPORT_URL="rabbit://${RABBIT_USER:-guest}:${RABBIT_PASSWORD:-guest}@${RABBIT_HOST:-127.0.0.1}:5672/$CINDER_VHOST"
    CINDER_SHARE="$HOST:$CINDER_DIR/export"
    CINDER_MOUNT="$CINDER_DIR/mnt/$(printf '%s' "$CINDER_SHARE" | md5sum | cut -c1-32)"
    CINDER_VENV=$(ensure_venv cinder "${CINDER_REQS[@]}")
    # Cinder's three services share one database: on SQLite they lock each
    # other out ("database is locked", a 500 to the caller), so it lives in
    # the MariaDB of this machine, one database per WORKDIR, dropped by
    # tools/stop-keystone-glance.sh.
    CINDER_DB_HOST="${CINDER_DB_HOST:-${NOVA_LITE_MYSQL_HOST:-127.0.0.1}}"
    CINDER_DB_NAME="${CINDER_DB_NAME:-nova_lite_cinder_$(printf '%s' "$WORKDIR" | md5sum | cut -c1-10)}"
    CINDER_DB_URL="mysql+pymysql://root@$CINDER_DB_HOST/$CINDER_DB_NAME?charset=utf8mb4"
    export CINDER_URL CINDER_VENV CINDER_TRANSPORT_URL CINDER_DB_URL
}

# Create WORKDIR's Cinder database if it is not there; note what the stop
# script needs to drop it.
cinder_database() {
    "$CINDER_VENV/bin/python" "$KG/cinder_database.py" create "$CINDER_DB_HOST" "$CINDER_DB_NAME" \
        || die "creating the Cinder database $CINDER_DB_NAME on $CINDER_DB_HOST failed (MariaDB, root without a password)"
    printf 'CINDER_DB_HOST=%s\nCINDER_DB_NAME=%s\nCINDER_PYTHON=%s\nCINDER_DB_TOOL=%s\n' \
        "$CINDER_DB_HOST" "$CINDER_DB_NAME" "$CINDER_VENV/bin/python" \
        "$KG/cinder_database.py" > "$CINDER_DIR/database.env"
}

# Is the cinder service NAME of this WORKDIR alive?
cinder_alive() {
    local pidfile="$CINDER_DIR/$1.pid" pid
    [ -s "$pidfile" ] || return 1
    pid=$(cat "$pidfile")
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "$1"
}

cinder_vhost() {
    command -v rabbitmqctl >/dev/null || die "rabbitmqctl not found (RabbitMQ is needed for Cinder)"
    if ! rabbitmqctl -q list_vhosts 2>/dev/null | grep -qx "$CINDER_VHOST"; then
        rabbitmqctl -q add_vhost "$CINDER_VHOST" >/dev/null || die "creating vhost $CINDER_VHOST failed"
        # made here: tools/stop-keystone-glance.sh deletes it
        printf 'CINDER_VHOST=%s\n' "$CINDER_VHOST" > "$CINDER_DIR/vhost.env"
    fi
    rabbitmqctl -q set_permissions -p "$CINDER_VHOST" "${RABBIT_USER:-guest}" '.*' '.*' '.*' >/dev/null \
        || die "setting permissions on vhost $CINDER_VHOST failed"
}

cinder_share() {
    printf '%s\n' "$CINDER_SHARE" > "$CINDER_DIR/nfs_shares"
    mkdir -p "$CINDER_MOUNT"
    if ! mountpoint -q "$CINDER_MOUNT"; then
        mount --bind "$CINDER_DIR/export" "$CINDER_MOUNT" \
            || die "bind-mounting $CINDER_DIR/export on $CINDER_MOUNT failed"
    fi
}

cinder_start() {
    local running=true svc
    for svc in "${CINDER_SERVICES[@]}"; do
        cinder_alive "$svc" || running=false
    done
    if ! cinder_alive cinder-api && port_busy "$CINDER_PORT"; then
        die "port $CINDER_PORT is in use by something else (set CINDER_PORT)"
    fi
    cinder_vhost
    cinder_share
    if ! $running; then
        step "cinder: db sync"
        cinder_database
        "$CINDER_VENV/bin/cinder-manage" --config-file "$CINDER_DIR/cinder.conf" db sync \
            >>"$CINDER_DIR/manage.log" 2>&1 \
            || { tail -n 30 "$CINDER_DIR/manage.log" >&2; die "cinder db sync failed"; }
    fi
    for svc in "${CINDER_SERVICES[@]}"; do
        if cinder_alive "$svc"; then
            log "$svc already running (pid $(cat "$CINDER_DIR/$svc.pid"))"
            continue
        fi
        step "starting $svc"
        # setsid: the services outlive this script; 9>&-: not the lock
        PATH="$CINDER_DIR/bin:$CINDER_VENV/bin:$PATH" setsid \
            "$CINDER_VENV/bin/$svc" --config-file "$CINDER_DIR/cinder.conf" \
            --log-file "$CINDER_DIR/$svc.log" \
            </dev/null >>"$CINDER_DIR/$svc.out" 2>&1 9>&- &
        echo $! > "$CINDER_DIR/$svc.pid"
    done
}

cinder_facts() {
    "$PYTHON" - "$CINDER_DIR/facts.json" <<PYEOF
import json, sys
d = "$CINDER_DIR"
facts = {
    'url': "$CINDER_URL", 'venv': "$CINDER_VENV",
    'config': d + '/cinder.conf', 'vhost': "$CINDER_VHOST",
    'transport_url': "$CINDER_TRANSPORT_URL",
    'share': "$CINDER_SHARE", 'export': d + '/export',
    'mount_point_base': d + '/mnt', 'mount': "$CINDER_MOUNT",
    'sudo_shim': d + '/bin/sudo',
    'pidfiles': {s: '%s/%s.pid' % (d, s) for s in
                 ('cinder-api', 'cinder-scheduler', 'cinder-volume')},
    'logs': {s: '%s/%s.log' % (d, s) for s in
             ('cinder-api', 'cinder-scheduler', 'cinder-volume')},
}
with open(sys.argv[1], 'w') as f:
    json.dump(facts, f, indent=2, sort_keys=True)
PYEOF
}
