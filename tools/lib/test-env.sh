# Sourced by tools/run-tests.sh and tools/start-demo-cloud.sh (from the
# repository's root): prepare_test_venv builds the test virtualenv through
# tox (tox itself in a bootstrap venv); prepare_real_guests installs the
# system packages the real guests, guest networks and the dashboard need,
# and starts libvirt; prepare_test_env does both.
prepare_test_env() {
    prepare_test_venv
    prepare_real_guests
}

prepare_test_venv() {
    local python=${PYTHON:-python3} boot=.tox/bootstrap
    if [ ! -x "$boot/bin/tox" ]; then
        "$python" -m venv "$boot"
        "$boot/bin/pip" install --quiet --upgrade pip
        "$boot/bin/pip" install --quiet 'tox>=4'
    fi
    # tox prints its own report after pytest's; keep pytest's summary last
    # by letting tox build the env first, then running pytest in it.
    "$boot/bin/tox" run -e py3 --notest -qq
}

prepare_real_guests() {
    # Real guests: libvirt + QEMU from Debian, libvirt-python into the test
    # env, and the daemons started by hand (no systemd here); Chromium and
    # noVNC for the dashboard tests.
    # One chain: the first failure is the function's status (under set -e
    # and in an `if` alike).
    PYTHON=.tox/py3/bin/python tools/install-libvirt.sh &&
        tools/install-network.sh &&
        tools/install-browser.sh &&
        tools/start-libvirt.sh
}
