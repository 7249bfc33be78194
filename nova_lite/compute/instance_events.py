"""Events a compute operation waits for (network-vif-plugged for each
port of a guest being started), as Nova's InstanceEvents and
ComputeVirtAPI.wait_for_instance_event do it.

The waiter prepares the events *before* it triggers them (plugging the
VIFs, starting the paused guest), so an event that arrives early is not
lost; external_instance_event pops a prepared event and sets it; the
waiter then waits for every one until a deadline.
"""
import contextlib
import threading
import time

from oslo_log import log as logging

from nova_lite import exception

LOG = logging.getLogger(__name__)


class InstanceEvent(object):
    """One awaited event: set() with its status by the receiver."""

    def __init__(self, name, tag):
        self.name = name
        self.tag = tag
        self.status = None
        self._done = threading.Event()

    @property
    def key(self):
        return '%s-%s' % (self.name, self.tag) if self.tag else self.name

    def set(self, status):
        self.status = status
        self._done.set()

    def wait(self, timeout):
        return self._done.wait(timeout)


class InstanceEvents(object):
    """The events awaited per instance on this host."""

    def __init__(self):
        self._lock = threading.Lock()
        self._events = {}   # instance uuid -> {key: InstanceEvent}

    def prepare_for_instance_event(self, instance, name, tag):
        event = InstanceEvent(name, tag)
        with self._lock:
            self._events.setdefault(instance.uuid, {})[event.key] = event
        return event

    def pop_instance_event(self, instance, name, tag):
        """The awaited event (removed), or None if nobody waits for it."""
        key = '%s-%s' % (name, tag) if tag else name
        with self._lock:
            events = self._events.get(instance.uuid)
            if not events:
                return None
            event = events.pop(key, None)
            if not events:
                del self._events[instance.uuid]
            return event

    def clear_events_for_instance(self, instance):
        """Forget (and release) what anyone waits for about `instance`
        (it is being deleted): each waiter sees the event 'failed'."""
        with self._lock:
            events = self._events.pop(instance.uuid, {})
        for event in events.values():
            event.set('failed')
        return events

    def waiting(self, instance):
        with self._lock:
            return sorted(self._events.get(instance.uuid, {}))


class ComputeVirtAPI(object):
    """What a virt driver may ask of the compute service (Nova's
    virtapi): wait for events about a guest."""

    def __init__(self, events, conf):
        self._events = events
        self._conf = conf

    @staticmethod
    def _default_error_callback(event_name, instance):
        raise exception.NovaLiteException(
            'Instance event failed: %s' % event_name)

    @contextlib.contextmanager
    def wait_for_instance_event(self, instance, event_names, deadline=300,
                                error_callback=None):
        """Prepare `event_names` ([(name, tag)]) before the body runs,
        then wait for each until `deadline` seconds have passed in all.

        A timeout raises exception.InstanceEventTimeout (the caller
        decides what it means: vif_plugging_is_fatal); an event with a
        status other than 'completed' calls error_callback(name,
        instance) (default: raise)."""
        error_callback = error_callback or self._default_error_callback
        events = [self._events.prepare_for_instance_event(instance, n, t)
                  for n, t in event_names]
        try:
            yield
        except Exception:
            for event in events:
                self._events.pop_instance_event(instance, event.name,
                                                event.tag)
            raise
        end = time.monotonic() + deadline
        for event in events:
            remaining = max(0.0, end - time.monotonic())
            if not event.wait(remaining):
                for other in events:
                    self._events.pop_instance_event(instance, other.name,
                                                    other.tag)
                raise exception.InstanceEventTimeout(
                    instance_uuid=instance.uuid, event=event.key,
                    timeout=deadline)
            if event.status != 'completed':
                error_callback(event.key, instance)

    @staticmethod
    def vif_plugged_events(network_info):
        """[('network-vif-plugged', port id)] of the VIFs not yet active
        (Nova waits only for those)."""
        return [('network-vif-plugged', vif['id'])
                for vif in network_info or [] if not vif.get('active')]

    @contextlib.contextmanager
    def wait_for_vif_plugging(self, instance, network_info):
        """What a driver wraps around plugging the VIFs and starting the
        paused guest: wait (vif_plugging_timeout) for each VIF's
        network-vif-plugged; on timeout, VirtualInterfaceCreateException
        when vif_plugging_is_fatal, else go on; a 'failed' event is
        VirtualInterfaceCreateException when fatal."""
        events = self.vif_plugged_events(network_info)
        timeout = self._conf.vif_plugging_timeout
        fatal = self._conf.vif_plugging_is_fatal
        if not events or not timeout:
            yield
            return

        def failed(name, inst):
            LOG.error('Neutron reported failure on event %s for instance %s',
                      name, inst.uuid)
            if fatal:
                raise exception.VirtualInterfaceCreateException()

        try:
            with self.wait_for_instance_event(instance, events,
                                              deadline=timeout,
                                              error_callback=failed):
                yield
        except exception.InstanceEventTimeout:
            LOG.warning('Timeout waiting for %s for instance %s',
                        ', '.join('%s-%s' % e for e in events),
                        instance.uuid)
            if fatal:
                raise exception.VirtualInterfaceCreateException()
