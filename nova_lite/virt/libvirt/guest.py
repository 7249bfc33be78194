"""Power operations on one libvirt domain, and libvirt -> power_state.

Each function takes a virDomain. Timeouts poll the domain state; none of
them needs the event loop.
"""
import time

from oslo_log import log as logging

from nova_lite.compute import power_state

try:
    import libvirt
except ImportError:  # pragma: no cover - depends on the machine
    libvirt = None

LOG = logging.getLogger(__name__)

# virDomainState values (the same numbers as libvirt's VIR_DOMAIN_*), so the
# mapping works (and is testable) without libvirt-python.
VIR_DOMAIN_NOSTATE = 0
VIR_DOMAIN_RUNNING = 1
VIR_DOMAIN_BLOCKED = 2
VIR_DOMAIN_PAUSED = 3
VIR_DOMAIN_SHUTDOWN = 4
VIR_DOMAIN_SHUTOFF = 5
VIR_DOMAIN_CRASHED = 6
VIR_DOMAIN_PMSUSPENDED = 7

# Nova's mapping. BLOCKED (waiting on a resource) is a running guest;
# SHUTDOWN (shutting down) and SHUTOFF (off, including a managed-saved
# guest) both report SHUTDOWN; a guest suspended to RAM by its own OS
# (PMSUSPENDED) reports SUSPENDED.
LIBVIRT_POWER_STATE = {
    VIR_DOMAIN_NOSTATE: power_state.NOSTATE,
    VIR_DOMAIN_RUNNING: power_state.RUNNING,
    VIR_DOMAIN_BLOCKED: power_state.RUNNING,
    VIR_DOMAIN_PAUSED: power_state.PAUSED,
    VIR_DOMAIN_SHUTDOWN: power_state.SHUTDOWN,
    VIR_DOMAIN_SHUTOFF: power_state.SHUTDOWN,
    VIR_DOMAIN_CRASHED: power_state.CRASHED,
    VIR_DOMAIN_PMSUSPENDED: power_state.SUSPENDED,
}

_OFF_STATES = (VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_CRASHED)

POLL_INTERVAL = 0.2
# Seconds between repeated ACPI shutdown requests (a guest may miss one
# while booting).
SHUTDOWN_RETRY_INTERVAL = 10


def affect_flags(dom):
    """Device change flags: the persistent definition, and the live
    guest too when it runs."""
    flags = libvirt.VIR_DOMAIN_AFFECT_CONFIG
    if dom.isActive():
        flags |= libvirt.VIR_DOMAIN_AFFECT_LIVE
    return flags


def to_power_state(libvirt_state):
    return LIBVIRT_POWER_STATE.get(libvirt_state, power_state.NOSTATE)


def state(dom):
    return dom.state(0)[0]


def get_power_state(dom):
    return to_power_state(state(dom))


def wait_for(dom, states, timeout):
    """True once the domain's libvirt state is in `states`."""
    deadline = time.monotonic() + timeout
    while True:
        if state(dom) in states:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_INTERVAL)


def launch(dom, timeout=60, paused=False):
    """Start a defined domain (restoring a managed save if there is one)
    and wait until it runs, or until it is up but paused (its vCPUs wait
    for resume_paused: Nova's way to hold a guest until its network is
    plugged)."""
    if paused:
        dom.createWithFlags(libvirt.VIR_DOMAIN_START_PAUSED)
        wanted = (VIR_DOMAIN_PAUSED,)
    else:
        dom.create()
        wanted = (VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED)
    if not wait_for(dom, wanted, timeout):
        LOG.warning('Domain %s not %s %s s after start', dom.UUIDString(),
                    'paused' if paused else 'running', timeout)


def resume_paused(dom):
    """Let a guest started paused run."""
    if state(dom) == VIR_DOMAIN_PAUSED:
        dom.resume()


def destroy(dom, attempts=3):
    """Power off at once (no guest cooperation). Retries briefly when QEMU
    is slow to die, as Nova does."""
    for attempt in range(1, attempts + 1):
        try:
            if not dom.isActive():
                return
            dom.destroy()
            return
        except libvirt.libvirtError as exc:
            code = exc.get_error_code()
            if code == libvirt.VIR_ERR_OPERATION_INVALID:
                return  # already off
            if code == libvirt.VIR_ERR_NO_DOMAIN:
                return
            if attempt == attempts:
                raise
            LOG.warning('Destroying %s failed (%s); retrying',
                        dom.UUIDString(), exc)
            time.sleep(1)


def undefine(dom):
    """Forget the domain, with its managed-save image and NVRAM."""
    flags = (libvirt.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
             libvirt.VIR_DOMAIN_UNDEFINE_NVRAM)
    try:
        dom.undefineFlags(flags)
    except libvirt.libvirtError as exc:
        if exc.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
            return
        LOG.debug('undefineFlags(%s) failed (%s); plain undefine', flags,
                  exc)
        try:
            dom.undefineFlags(libvirt.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE)
        except libvirt.libvirtError:
            dom.undefine()


def clean_shutdown(dom, timeout, retry_interval=SHUTDOWN_RETRY_INTERVAL):
    """Ask the guest to power off (ACPI) and wait up to `timeout` seconds,
    repeating the request every `retry_interval`. True if it went off."""
    if state(dom) in _OFF_STATES:
        return True
    if state(dom) == VIR_DOMAIN_PAUSED:
        return False  # a paused guest cannot act on ACPI
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            dom.shutdown()
        except libvirt.libvirtError as exc:
            if state(dom) in _OFF_STATES:
                return True
            LOG.debug('ACPI shutdown request failed: %s', exc)
        wait = min(retry_interval or timeout, deadline - time.monotonic())
        if wait_for(dom, _OFF_STATES, max(wait, 0)):
            return True
    return state(dom) in _OFF_STATES


def soft_reboot(dom, wait_seconds, launch_timeout=60):
    """Nova's soft reboot: an ACPI shutdown; if the guest went off, start it
    again; if it rebooted by itself (new domain id), done. False when
    neither happened within `wait_seconds` (the caller then hard reboots).
    """
    if state(dom) != VIR_DOMAIN_RUNNING:
        return False
    old_id = dom.ID()
    try:
        dom.shutdown()
    except libvirt.libvirtError as exc:
        LOG.info('Soft reboot request for %s failed: %s', dom.UUIDString(),
                 exc)
        return False
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        current = state(dom)
        if current in _OFF_STATES:
            LOG.info('Guest %s shut down for a soft reboot; starting it',
                     dom.UUIDString())
            launch(dom, launch_timeout)
            return True
        if current == VIR_DOMAIN_RUNNING and dom.ID() not in (old_id, -1):
            LOG.info('Guest %s rebooted itself', dom.UUIDString())
            return True
        time.sleep(POLL_INTERVAL)
    return False
