"""Connection handling and lifecycle events, with a fake libvirt module."""
import threading
import time

import pytest

from nova_lite.compute import power_state
from nova_lite import exception
from nova_lite.virt.libvirt import host as vhost
from tests.unit.virt.libvirt import fakelibvirt as libvirt

DOMAIN_XML = """<domain type='qemu'><name>instance-00000001</name>
  <uuid>%s</uuid><memory unit='KiB'>131072</memory><vcpu>1</vcpu></domain>"""


@pytest.fixture
def fake_libvirt(fake_libvirt_module):
    return fake_libvirt_module


def test_connection_reused_while_alive(fake_libvirt):
    h = vhost.Host('qemu:///system', 'h1')
    assert h.get_connection() is h.get_connection()
    assert len(fake_libvirt.connections) == 1


def test_reconnects_after_close_callback(fake_libvirt):
    h = vhost.Host('qemu:///system', 'h1')
    first = h.get_connection()
    assert first.keepalive == (5, 3)
    first.lose(libvirt.VIR_CONNECT_CLOSE_REASON_EOF)
    second = h.get_connection()
    assert second is not first
    # Events (lifecycle, device removed, device removal failed) are
    # registered again on the new connection.
    assert sorted(e for e, _cb, _o in second.event_callbacks.values()) == [
        libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
        libvirt.VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED,
        libvirt.VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED]


def test_reconnects_when_connection_dead(fake_libvirt):
    h = vhost.Host('qemu:///system', 'h1')
    first = h.get_connection()
    first.alive = False
    assert h.get_connection() is not first
    assert len(fake_libvirt.connections) == 2


def test_libvirtd_down_raises_hypervisor_unavailable(fake_libvirt):
    fake_libvirt.refuse_connections.set()
    h = vhost.Host('qemu:///system', 'h1')
    with pytest.raises(exception.HypervisorUnavailable):
        h.get_connection()
    fake_libvirt.refuse_connections.clear()
    assert h.get_connection() is not None


def test_capabilities(fake_libvirt):
    caps = vhost.Host('qemu:///system').get_capabilities()
    assert caps == {'arch': 'x86_64', 'model': 'kvm64', 'vendor': 'AMD',
                    'topology': {'sockets': 1, 'cores': 2, 'threads': 1},
                    'features': ['avx', 'vme']}


@pytest.mark.parametrize('event,expected', [
    (libvirt.VIR_DOMAIN_EVENT_STARTED, power_state.RUNNING),
    (libvirt.VIR_DOMAIN_EVENT_RESUMED, power_state.RUNNING),
    (libvirt.VIR_DOMAIN_EVENT_SUSPENDED, power_state.PAUSED),
    (libvirt.VIR_DOMAIN_EVENT_STOPPED, power_state.SHUTDOWN),
    (libvirt.VIR_DOMAIN_EVENT_PMSUSPENDED, power_state.SUSPENDED),
    (libvirt.VIR_DOMAIN_EVENT_DEFINED, None),
    (libvirt.VIR_DOMAIN_EVENT_UNDEFINED, None),
    (libvirt.VIR_DOMAIN_EVENT_SHUTDOWN, None),
])
def test_event_power_state(event, expected):
    assert vhost.event_power_state(event, 0) == expected


class Listener(object):
    def __init__(self):
        self.events = []
        self.cond = threading.Condition()

    def __call__(self, uuid, state):
        with self.cond:
            self.events.append((uuid, state))
            self.cond.notify_all()

    def wait_for(self, count, timeout=2):
        deadline = time.monotonic() + timeout
        with self.cond:
            while len(self.events) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.cond.wait(left)
        return list(self.events)


def test_lifecycle_events_reach_listener(fake_libvirt):
    h = vhost.Host('qemu:///system')
    h.stop_event_delay = 0
    listener = Listener()
    h.register_event_listener(listener)
    conn = h.get_connection()
    dom = conn.defineXML(DOMAIN_XML % 'u1')  # "defined": no power state
    dom.create()
    dom.destroy()
    assert listener.wait_for(2) == [('u1', power_state.RUNNING),
                                    ('u1', power_state.SHUTDOWN)]
    h.close()
    assert conn.event_callbacks == {} and conn.close_callback is None


def test_stop_event_delayed_and_cancelled_by_start(fake_libvirt):
    h = vhost.Host('qemu:///system')
    h.stop_event_delay = 0.2
    listener = Listener()
    h.register_event_listener(listener)
    h.emit('u1', power_state.SHUTDOWN)   # reboot: stop ...
    h.emit('u1', power_state.RUNNING)    # ... then start: stop dropped
    h.emit('u2', power_state.SHUTDOWN)   # a real stop: delivered late
    assert listener.wait_for(1) == [('u1', power_state.RUNNING)]
    assert listener.wait_for(2) == [('u1', power_state.RUNNING),
                                    ('u2', power_state.SHUTDOWN)]
    time.sleep(0.3)
    assert len(listener.events) == 2


def test_no_events_reach_the_listener_after_close(fake_libvirt):
    """A stopping compute closes its host: a stop still waiting out its
    delay, or an event queued meanwhile, must not call into the RPC layer
    that is being torn down."""
    h = vhost.Host('qemu:///system')
    h.stop_event_delay = 0.1
    listener = Listener()
    h.register_event_listener(listener)
    h.get_connection()
    h.emit('u1', power_state.SHUTDOWN)
    h.close()
    h.emit('u2', power_state.RUNNING)
    time.sleep(0.3)
    assert listener.events == []


def test_listener_exception_does_not_stop_dispatch(fake_libvirt):
    h = vhost.Host('qemu:///system')
    h.stop_event_delay = 0
    seen = []

    def bad(uuid, state):
        seen.append(uuid)
        raise RuntimeError('boom')

    h.register_event_listener(bad)
    h.emit('a', power_state.RUNNING)
    h.emit('b', power_state.RUNNING)
    deadline = time.monotonic() + 2
    while len(seen) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert seen == ['a', 'b']


def test_get_domain_not_found(fake_libvirt):
    h = vhost.Host('qemu:///system')
    dom = h.get_connection().defineXML(DOMAIN_XML % 'u1')
    assert h.get_domain('u1') is dom
    with pytest.raises(exception.InstanceNotFound):
        h.get_domain('missing')
