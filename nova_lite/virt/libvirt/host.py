"""The connection to libvirtd, its event loop, and lifecycle events.

libvirt delivers events (and notices a dead connection) only while an
event loop runs: ``virEventRegisterDefaultImpl()`` is called once per
process BEFORE the first connection is opened, and a daemon thread runs
``virEventRunDefaultImpl()`` forever. Lifecycle events are turned into
(instance_uuid, power_state) pairs and handed to the registered listener
from a separate dispatcher thread, so a slow listener never blocks
libvirt. As in Nova, a "stopped" event is held back for a few seconds and
dropped if the guest starts again meanwhile (reboots stop and start it).

Device removals (DEVICE_REMOVED / DEVICE_REMOVAL_FAILED, the guest's answer
to an unplug) wake the DeviceWaiter a detach registered for the domain and
device alias (``expect_device_removal``).

If libvirtd restarts, the close callback drops the connection and the
next ``get_connection()`` opens a new one and re-registers for events.
"""
import queue
import threading
import time
import xml.etree.ElementTree as ET

from oslo_log import log as logging

from nova_lite.compute import power_state
from nova_lite import exception

try:
    import libvirt
except ImportError:  # pragma: no cover - depends on the machine
    libvirt = None

LOG = logging.getLogger(__name__)

_event_loop_lock = threading.Lock()
_event_loop_thread = None


def _run_event_loop():
    while True:
        try:
            libvirt.virEventRunDefaultImpl()
        except Exception:  # pragma: no cover - keep the loop alive
            LOG.exception('libvirt event loop iteration failed')
            time.sleep(0.1)


def _native_threading():
    """The real threading module, also when eventlet monkey-patched the
    process: libvirt's loop blocks in C and must not run as a greenthread."""
    from nova_lite import concurrency
    if concurrency.selected() == concurrency.EVENTLET:
        from eventlet import patcher
        return patcher.original('threading')
    return threading


def start_event_loop():
    """Register libvirt's default event implementation and run it in a
    daemon thread (once per process; call before opening connections)."""
    global _event_loop_thread
    with _event_loop_lock:
        if _event_loop_thread is not None:
            return
        # libvirt prints every error on stderr by default; we raise them.
        libvirt.registerErrorHandler(lambda _ctx, _err: None, None)
        libvirt.virEventRegisterDefaultImpl()
        _event_loop_thread = _native_threading().Thread(
            target=_run_event_loop, name='libvirt-event-loop', daemon=True)
        _event_loop_thread.start()


def event_power_state(event, detail):
    """power_state for a libvirt lifecycle event, None for events that are
    not a state change the compute manager acts on."""
    if libvirt is None:
        return None
    if event == libvirt.VIR_DOMAIN_EVENT_STOPPED:
        return power_state.SHUTDOWN
    if event in (libvirt.VIR_DOMAIN_EVENT_STARTED,
                 libvirt.VIR_DOMAIN_EVENT_RESUMED):
        return power_state.RUNNING
    if event == libvirt.VIR_DOMAIN_EVENT_SUSPENDED:
        return power_state.PAUSED
    if event == libvirt.VIR_DOMAIN_EVENT_PMSUSPENDED:
        return power_state.SUSPENDED
    return None


def is_connection_error(exc):
    """True when a libvirtError means the connection itself failed."""
    if libvirt is None or not isinstance(exc, libvirt.libvirtError):
        return False
    return (exc.get_error_code() in (libvirt.VIR_ERR_SYSTEM_ERROR,
                                     libvirt.VIR_ERR_INTERNAL_ERROR,
                                     libvirt.VIR_ERR_NO_CONNECT,
                                     libvirt.VIR_ERR_INVALID_CONN) and
            exc.get_error_domain() in (libvirt.VIR_FROM_REMOTE,
                                       libvirt.VIR_FROM_RPC))


class DeviceWaiter(object):
    """A detach waiting for libvirt to report one device of one domain
    removed (or its removal failed)."""

    def __init__(self, uuid, alias):
        self.uuid = uuid
        self.alias = alias
        self.result = None
        self._event = threading.Event()

    def matches(self, uuid, alias):
        return self.uuid == uuid and (self.alias is None or
                                      self.alias == alias)

    def set(self, result):
        self.result = result
        self._event.set()

    def wait(self, timeout, gone=None, poll=0.5):
        """'removed', 'failed' or None (timed out). `gone()` (optional)
        is checked between waits: the guest may have dropped the device
        before the waiter was registered."""
        deadline = time.monotonic() + timeout
        while True:
            if gone is not None and gone():
                return 'removed'
            left = deadline - time.monotonic()
            if left <= 0:
                return self.result
            if self._event.wait(min(poll, left)):
                return self.result


class Host(object):
    """One libvirt connection (reopened when it breaks) plus events."""

    #: Seconds a "stopped" event waits for a "started" that cancels it.
    stop_event_delay = 15.0

    def __init__(self, uri, hostname=None):
        self.uri = uri
        self.hostname = hostname
        self._conn = None
        self._conn_lock = threading.RLock()
        self._listener = None
        self._pending_stops = {}
        self._events = queue.Queue()
        self._dispatcher = None
        self._caps = None
        self._event_callback_id = None
        self._device_callback_ids = []
        self._device_waiters = []

    # -- connection -----------------------------------------------------------

    def get_connection(self):
        with self._conn_lock:
            conn = self._conn
            if conn is not None:
                try:
                    if conn.isAlive():
                        return conn
                except Exception:
                    pass
                LOG.warning('Connection to %s lost; reconnecting', self.uri)
                self._conn = None
            self._conn = self._connect()
            return self._conn

    def _connect(self):
        if libvirt is None:
            raise exception.HypervisorUnavailable(host=self.hostname)
        start_event_loop()
        try:
            conn = libvirt.open(self.uri)
        except libvirt.libvirtError as exc:
            LOG.error('Cannot connect to %s: %s', self.uri, exc)
            raise exception.HypervisorUnavailable(host=self.hostname)
        try:
            conn.registerCloseCallback(self._close_callback, None)
        except libvirt.libvirtError:  # pragma: no cover
            LOG.debug('Close callback not supported by %s', self.uri)
        try:
            conn.setKeepAlive(5, 3)
        except libvirt.libvirtError:  # pragma: no cover - local drivers
            pass
        self._event_callback_id = conn.domainEventRegisterAny(
            None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
            self._lifecycle_callback, None)
        self._device_callback_ids = []
        for event_id, result in (
                (libvirt.VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED, 'removed'),
                (getattr(libvirt, 'VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED',
                         None), 'failed')):
            if event_id is None:
                continue
            try:
                self._device_callback_ids.append(conn.domainEventRegisterAny(
                    None, event_id, self._device_callback, result))
            except libvirt.libvirtError:  # pragma: no cover - old libvirt
                LOG.debug('Device event %s not supported by %s', event_id,
                          self.uri)
        LOG.info('Connected to %s (libvirt %s, hypervisor %s)', self.uri,
                 conn.getLibVersion(), conn.getVersion())
        return conn

    def _close_callback(self, conn, reason, _opaque):
        LOG.warning('Connection to %s closed (reason %s)', self.uri, reason)
        with self._conn_lock:
            if self._conn is conn:
                self._conn = None

    def close(self):
        """Disconnect, and deliver no more events: the compute is stopping
        and what a listener would call (the conductor, over RPC) is going
        away. Stop events still waiting out their delay are dropped."""
        with self._conn_lock:
            conn, self._conn = self._conn, None
            self._listener = None
            for timer in self._pending_stops.values():
                timer.cancel()
            self._pending_stops.clear()
        if conn is None:
            return
        steps = [lambda: conn.domainEventDeregisterAny(
            self._event_callback_id)]
        steps += [lambda i=i: conn.domainEventDeregisterAny(i)
                  for i in self._device_callback_ids]
        for step in steps + [conn.unregisterCloseCallback, conn.close]:
            try:
                step()
            except Exception:
                pass

    # -- facts ------------------------------------------------------------

    def get_capabilities(self):
        """Host CPU facts from the capabilities XML (cached)."""
        if self._caps is None:
            root = ET.fromstring(self.get_connection().getCapabilities())
            cpu = root.find('./host/cpu')
            topo = cpu.find('topology') if cpu is not None else None
            self._caps = {
                'arch': cpu.findtext('arch') if cpu is not None else None,
                'model': cpu.findtext('model') if cpu is not None else None,
                'vendor': cpu.findtext('vendor') if cpu is not None
                else None,
                'topology': {k: int(topo.get(k)) for k in
                             ('sockets', 'cores', 'threads')
                             if topo is not None and topo.get(k)},
                'features': sorted(f.get('name') for f in
                                   (cpu.findall('feature')
                                    if cpu is not None else [])),
            }
        return self._caps

    def get_domain(self, uuid):
        try:
            return self.get_connection().lookupByUUIDString(uuid)
        except libvirt.libvirtError as exc:
            if exc.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
                raise exception.InstanceNotFound(instance_id=uuid)
            raise

    def list_domains(self):
        return self.get_connection().listAllDomains(0)

    # -- events -----------------------------------------------------------

    def register_event_listener(self, callback):
        """callback(instance_uuid, power_state), called from a dispatcher
        thread for every guest state change libvirt reports."""
        self._listener = callback
        if self._dispatcher is None:
            self._dispatcher = threading.Thread(
                target=self._dispatch_loop, name='libvirt-event-dispatch',
                daemon=True)
            self._dispatcher.start()

    def _lifecycle_callback(self, _conn, dom, event, detail, _opaque):
        try:
            state = event_power_state(event, detail)
            if state is None:
                return
            self.emit(dom.UUIDString(), state)
        except Exception:  # never raise into libvirt's loop
            LOG.exception('Handling a lifecycle event failed')

    def expect_device_removal(self, uuid, alias):
        """A DeviceWaiter for the removal of device `alias` (any device
        when None) of domain `uuid`; register it BEFORE asking the
        detach, and forget_device_waiter() it afterwards."""
        waiter = DeviceWaiter(uuid, alias)
        with self._conn_lock:
            self._device_waiters.append(waiter)
        return waiter

    def forget_device_waiter(self, waiter):
        with self._conn_lock:
            if waiter in self._device_waiters:
                self._device_waiters.remove(waiter)

    def _device_callback(self, _conn, dom, alias, result):
        try:
            uuid = dom.UUIDString()
            with self._conn_lock:
                waiters = [w for w in self._device_waiters
                           if w.matches(uuid, alias)]
            LOG.debug('Device %s of %s: %s', alias, uuid, result)
            for waiter in waiters:
                waiter.set(result)
        except Exception:  # never raise into libvirt's loop
            LOG.exception('Handling a device event failed')

    def emit(self, uuid, state):
        """Queue an event; SHUTDOWN waits stop_event_delay seconds and is
        dropped if the guest runs again before that."""
        with self._conn_lock:
            pending = self._pending_stops.pop(uuid, None)
            if pending is not None:
                pending.cancel()
            if state == power_state.SHUTDOWN and self.stop_event_delay > 0:
                timer = threading.Timer(self.stop_event_delay,
                                        self._release_stop, (uuid,))
                timer.daemon = True
                self._pending_stops[uuid] = timer
                timer.start()
                return
        self._events.put((uuid, state))

    def _release_stop(self, uuid):
        with self._conn_lock:
            timer = self._pending_stops.get(uuid)
            if timer is None or timer is not threading.current_thread():
                return
            del self._pending_stops[uuid]
        self._events.put((uuid, power_state.SHUTDOWN))

    def _dispatch_loop(self):
        while True:
            uuid, state = self._events.get()
            listener = self._listener
            if listener is None:
                continue
            try:
                listener(uuid, state)
            except Exception:
                LOG.exception('Lifecycle event listener failed for %s', uuid)
