"""Connection handling and lifecycle events, with a fake libvirt module."""
import threading
import time
import types

import pytest

from nova_lite.compute import power_state
from nova_lite import exception
from nova_lite.virt.libvirt import host as vhost

libvirt = pytest.importorskip('libvirt')


class FakeConn(object):
    def __init__(self, number):
        self.number = number
        self.alive = True
        self.close_cb = None
        self.event_cb = None
        self.closed = False

    def isAlive(self):
        return self.alive

    def registerCloseCallback(self, cb, opaque):
        self.close_cb = cb

    def setKeepAlive(self, interval, count):
        pass

    def domainEventRegisterAny(self, dom, event_id, cb, opaque):
        assert event_id == libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE
        self.event_cb = cb

    def getLibVersion(self):
        return 9000000

    def getVersion(self):
        return 7002000

    def getCapabilities(self):
        return """<capabilities><host><cpu><arch>x86_64</arch>
          <model>kvm64</model><vendor>AMD</vendor>
          <topology sockets='1' dies='1' cores='2' threads='1'/>
          <feature name='vme'/><feature name='avx'/></cpu></host>
          </capabilities>"""

    def close(self):
        self.closed = True


class FakeDom(object):
    def __init__(self, uuid):
        self.uuid = uuid

    def UUIDString(self):
        return self.uuid


@pytest.fixture
def fake_libvirt(monkeypatch):
    conns = []

    def fake_open(uri):
        if getattr(fake_open, 'down', False):
            raise libvirt.libvirtError('Failed to connect socket')
        conns.append(FakeConn(len(conns)))
        return conns[-1]

    module = types.SimpleNamespace(**{k: getattr(libvirt, k)
                                      for k in dir(libvirt)
                                      if k.startswith('VIR_')})
    module.libvirtError = libvirt.libvirtError
    module.open = fake_open
    monkeypatch.setattr(vhost, 'libvirt', module)
    monkeypatch.setattr(vhost, 'start_event_loop', lambda: None)
    return types.SimpleNamespace(conns=conns, open=fake_open)


def test_connection_reused_while_alive(fake_libvirt):
    h = vhost.Host('qemu:///system', 'h1')
    assert h.get_connection() is h.get_connection()
    assert len(fake_libvirt.conns) == 1


def test_reconnects_after_close_callback(fake_libvirt):
    h = vhost.Host('qemu:///system', 'h1')
    first = h.get_connection()
    first.close_cb(first, libvirt.VIR_CONNECT_CLOSE_REASON_EOF, None)
    second = h.get_connection()
    assert second is not first
    # Events are registered again on the new connection.
    assert second.event_cb is not None


def test_reconnects_when_connection_dead(fake_libvirt):
    h = vhost.Host('qemu:///system', 'h1')
    first = h.get_connection()
    first.alive = False
    assert h.get_connection() is not first
    assert len(fake_libvirt.conns) == 2


def test_libvirtd_down_raises_hypervisor_unavailable(fake_libvirt):
    fake_libvirt.open.down = True
    h = vhost.Host('qemu:///system', 'h1')
    with pytest.raises(exception.HypervisorUnavailable):
        h.get_connection()
    fake_libvirt.open.down = False
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
    conn.event_cb(conn, FakeDom('u1'), libvirt.VIR_DOMAIN_EVENT_STARTED, 0,
                  None)
    conn.event_cb(conn, FakeDom('u1'), libvirt.VIR_DOMAIN_EVENT_DEFINED, 0,
                  None)
    conn.event_cb(conn, FakeDom('u1'), libvirt.VIR_DOMAIN_EVENT_STOPPED, 0,
                  None)
    assert listener.wait_for(2) == [('u1', power_state.RUNNING),
                                    ('u1', power_state.SHUTDOWN)]


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
    conn = h.get_connection()

    def lookup(uuid):
        err = libvirt.libvirtError('no domain')
        err.err = (libvirt.VIR_ERR_NO_DOMAIN, libvirt.VIR_FROM_QEMU, 'x',
                   2, None, None, None, 0, 0)
        raise err

    conn.lookupByUUIDString = lookup
    with pytest.raises(exception.InstanceNotFound):
        h.get_domain('missing')
