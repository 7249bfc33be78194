#!/bin/bash
# Build (once) and print the path of the virtualenv holding the real Nova 34
# and Placement 16 from PyPI, the reference the conformance test compares
# nova_lite against.
#
# The venv is cached under tools/.cache/venvs/ (git-ignored), its directory
# name keyed by a hash of the interpreter version and the requirement list,
# so a changed pin builds a fresh one beside the old.
#
# Env: NOVA_LITE_VENV_DIR (default tools/.cache/venvs), PYTHON (default python3)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENVS="${NOVA_LITE_VENV_DIR:-$HERE/.cache/venvs}"
PYTHON="${PYTHON:-python3}"
REQS=('nova==34.*' 'openstack-placement==16.*' 'gunicorn' 'PyMySQL')

log() { echo "ensure-nova-venv: $*" >&2; }

PYVER=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
key=$(printf '%s\n' "$PYVER" "${REQS[@]}" | sha256sum | cut -c1-12)
venv="$VENVS/nova34-$key"
mkdir -p "$VENVS"
(
    flock 8
    [ -f "$venv/.complete" ] && exit 0
    log "installing Nova 34 + Placement 16 into $venv (a few minutes)"
    t0=$SECONDS
    rm -rf "$venv"
    "$PYTHON" -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip >&2
    "$venv/bin/pip" install --quiet "${REQS[@]}" >&2
    "$venv/bin/pip" check >&2 || log "WARNING: pip check reports conflicts in $venv"
    printf '%s\n' "${REQS[@]}" > "$venv/.complete"
    log "venv ready in $((SECONDS - t0)) s"
) 8>"$VENVS/.nova34-$key.lock"
echo "$venv"
