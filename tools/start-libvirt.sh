#!/bin/bash
# Start virtlogd and libvirtd by hand (these machines have no systemd) and
# wait until qemu:///system answers. Idempotent: safe to call when they run.
#
#   virtlogd -d -p /run/virtlogd.pid   (writes <serial><log file=.../> files)
#   libvirtd -d -p /run/libvirtd.pid   (qemu:///system on /run/libvirt/libvirt-sock)
#
# Logs: /var/log/libvirt/{virtlogd,libvirtd}.log (warnings and errors).
# Env: LIBVIRT_START_TIMEOUT (seconds to wait for virsh, default 60).
set -euo pipefail

TIMEOUT="${LIBVIRT_START_TIMEOUT:-60}"
RUN_DIR=/run
LOG_DIR=/var/log/libvirt
URI=qemu:///system

log() { echo "start-libvirt: $*"; }

if [ "$(id -u)" != 0 ]; then
    echo "start-libvirt: must run as root (starts system daemons)" >&2
    exit 1
fi
for bin in /usr/sbin/virtlogd /usr/sbin/libvirtd /usr/bin/virsh; do
    if [ ! -x "$bin" ]; then
        echo "start-libvirt: $bin missing; run tools/install-libvirt.sh first" >&2
        exit 1
    fi
done
mkdir -p "$LOG_DIR" "$RUN_DIR/libvirt"

# /dev/kvm: without udev it stays root:root 0600. libvirt checks it as the
# qemu user (libvirt-qemu, group kvm), finds it "not available now" while its
# cached QEMU probe says KVM works, and so re-probes QEMU (~4 s) on EVERY
# capabilities lookup: getVersion() 4 s, defineXML() ~45 s, create() +4 s.
# Do what Debian's udev rule does (GROUP="kvm", MODE="0660"). Guests still
# run with <domain type='qemu'> (TCG) here; KVM itself is not usable.
if [ -c /dev/kvm ] && getent group kvm >/dev/null \
   && [ "$(stat -c '%G %a' /dev/kvm)" != "kvm 660" ]; then
    chgrp kvm /dev/kvm && chmod 0660 /dev/kvm \
        && log "set /dev/kvm to root:kvm 0660 (what udev does; avoids libvirt re-probing QEMU)"
fi

# Prints the pid of a live $1 (by its pid file, else by exact process name).
running_pid() {
    local name=$1 pidfile="$RUN_DIR/$1.pid" pid
    if [ -s "$pidfile" ]; then
        pid=$(tr -dc 0-9 < "$pidfile")
        if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ]; then
            echo "$pid"; return 0
        fi
    fi
    # Started by someone else without our pid file?
    pid=$(pgrep -x "$name" | head -n1 || true)
    if [ -n "$pid" ]; then echo "$pid"; return 0; fi
    return 1
}

start_daemon() {
    local name=$1 pid
    if pid=$(running_pid "$name"); then
        log "$name already running (pid $pid)"
        return 0
    fi
    rm -f "$RUN_DIR/$name.pid"   # stale
    LIBVIRT_LOG_OUTPUTS="${LIBVIRT_LOG_OUTPUTS:-3:file:$LOG_DIR/$name.log}" \
        "/usr/sbin/$name" -d -p "$RUN_DIR/$name.pid"
    # -d forks; the pid file appears once the daemon is up.
    for _ in $(seq 1 50); do
        if pid=$(running_pid "$name"); then
            log "started $name (pid $pid, log $LOG_DIR/$name.log)"
            return 0
        fi
        sleep 0.1
    done
    echo "start-libvirt: $name did not start; see $LOG_DIR/$name.log" >&2
    tail -n 20 "$LOG_DIR/$name.log" >&2 2>/dev/null || true
    exit 1
}

start_daemon virtlogd
start_daemon libvirtd

deadline=$(( $(date +%s) + TIMEOUT ))
while :; do
    if out=$(virsh -c "$URI" version 2>&1); then
        log "$URI answers:"
        echo "$out" | sed -n 's/^/  /p' | grep -v '^  $'
        exit 0
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
        echo "start-libvirt: $URI did not answer within ${TIMEOUT}s: $out" >&2
        tail -n 20 "$LOG_DIR/libvirtd.log" >&2 2>/dev/null || true
        exit 1
    fi
    sleep 0.2
done
