"""libvirt state -> power_state, and the power operations on a fake domain."""
import pytest

from nova_lite.compute import power_state
from nova_lite.virt.libvirt import guest


@pytest.mark.parametrize('libvirt_state,expected', [
    (guest.VIR_DOMAIN_NOSTATE, power_state.NOSTATE),
    (guest.VIR_DOMAIN_RUNNING, power_state.RUNNING),
    (guest.VIR_DOMAIN_BLOCKED, power_state.RUNNING),
    (guest.VIR_DOMAIN_PAUSED, power_state.PAUSED),
    (guest.VIR_DOMAIN_SHUTDOWN, power_state.SHUTDOWN),
    (guest.VIR_DOMAIN_SHUTOFF, power_state.SHUTDOWN),
    (guest.VIR_DOMAIN_CRASHED, power_state.CRASHED),
    (guest.VIR_DOMAIN_PMSUSPENDED, power_state.SUSPENDED),
    (42, power_state.NOSTATE),
])
def test_power_state_mapping(libvirt_state, expected):
    assert guest.to_power_state(libvirt_state) == expected


def test_mapping_matches_libvirt_constants():
    # fakelibvirt's values are libvirt's (tests/integration/
    # test_libvirt_driver.py compares them with the real module).
    from tests.unit.virt.libvirt import fakelibvirt as libvirt
    assert guest.VIR_DOMAIN_RUNNING == libvirt.VIR_DOMAIN_RUNNING
    assert guest.VIR_DOMAIN_SHUTOFF == libvirt.VIR_DOMAIN_SHUTOFF
    assert guest.VIR_DOMAIN_PMSUSPENDED == libvirt.VIR_DOMAIN_PMSUSPENDED


class FakeDomain(object):
    """Obeys ACPI after `acpi_delay` polls, or never (acpi_delay None)."""

    def __init__(self, state=guest.VIR_DOMAIN_RUNNING, acpi_delay=2,
                 reboots_itself=False):
        self._state = state
        self._id = 1 if state == guest.VIR_DOMAIN_RUNNING else -1
        self.acpi_delay = acpi_delay
        self.reboots_itself = reboots_itself
        self._countdown = None
        self.calls = []

    def UUIDString(self):
        return 'fake-uuid'

    def state(self, _flags=0):
        if self._countdown is not None:
            self._countdown -= 1
            if self._countdown <= 0:
                self._countdown = None
                if self.reboots_itself:
                    self._id += 1
                else:
                    self._state, self._id = guest.VIR_DOMAIN_SHUTOFF, -1
        return [self._state, 1]

    def ID(self):
        return self._id

    def isActive(self):
        return self._state != guest.VIR_DOMAIN_SHUTOFF

    def shutdown(self):
        self.calls.append('shutdown')
        if self.acpi_delay is not None and self._countdown is None:
            self._countdown = self.acpi_delay

    def create(self):
        self.calls.append('create')
        self._state = guest.VIR_DOMAIN_RUNNING
        self._id = 7

    def destroy(self):
        self.calls.append('destroy')
        self._state, self._id = guest.VIR_DOMAIN_SHUTOFF, -1


@pytest.fixture(autouse=True)
def fast_polls(monkeypatch):
    monkeypatch.setattr(guest, 'POLL_INTERVAL', 0.001)


def test_soft_reboot_guest_powers_off_then_started():
    dom = FakeDomain(acpi_delay=3)
    assert guest.soft_reboot(dom, wait_seconds=5)
    assert dom.calls == ['shutdown', 'create']
    assert dom.state()[0] == guest.VIR_DOMAIN_RUNNING


def test_soft_reboot_guest_reboots_itself():
    dom = FakeDomain(acpi_delay=3, reboots_itself=True)
    assert guest.soft_reboot(dom, wait_seconds=5)
    assert dom.calls == ['shutdown']


def test_soft_reboot_ignored_returns_false():
    dom = FakeDomain(acpi_delay=None)
    assert not guest.soft_reboot(dom, wait_seconds=0.05)
    assert dom.calls == ['shutdown']


def test_soft_reboot_of_a_stopped_guest_returns_false():
    dom = FakeDomain(state=guest.VIR_DOMAIN_SHUTOFF)
    assert not guest.soft_reboot(dom, wait_seconds=1)
    assert dom.calls == []


def test_clean_shutdown_succeeds():
    dom = FakeDomain(acpi_delay=3)
    assert guest.clean_shutdown(dom, timeout=5, retry_interval=1)
    assert dom.calls == ['shutdown']


def test_clean_shutdown_times_out_and_retries():
    dom = FakeDomain(acpi_delay=None)
    assert not guest.clean_shutdown(dom, timeout=0.1, retry_interval=0.02)
    assert dom.calls.count('shutdown') >= 2


def test_clean_shutdown_of_paused_guest_gives_up():
    dom = FakeDomain(state=guest.VIR_DOMAIN_PAUSED)
    assert not guest.clean_shutdown(dom, timeout=5)
    assert dom.calls == []
