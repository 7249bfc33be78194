"""The scheduler's cache of host states (Nova's HostManager, in small).

Filled once with every compute node; then each request re-reads only the
nodes created or updated since the newest change it has seen (a claim, a
release and a changed inventory report each bump a node's updated_at),
so at 10,000 hosts a request costs the few rows that changed, not all of
them. What this scheduler selected is consumed in its cached states
until the node's row changes (the conductor's claim, or another
scheduler's), so its next requests do not pick a host it just filled.

The cache only narrows the candidates: the conductor's atomic claim in
the database is the truth. A claim that failed makes the conductor tell
the schedulers (refresh_nodes), which re-read those nodes at once.
"""
import datetime
import threading
import time

from oslo_log import log as logging

from nova_lite import availability_zones
from nova_lite import exception
from nova_lite import objects
from nova_lite.scheduler import host_state as host_state_mod
from nova_lite import servicegroup

LOG = logging.getLogger(__name__)

COMPUTE_BINARY = 'nova-compute'
# Service records change slowly (enable/disable, heartbeats judged against
# service_down_time): one read serves the requests of the next seconds.
SERVICE_CACHE_SECONDS = 2.0
# A row stamped just before the newest stamp seen may commit just after
# the read that saw it: each changed-since read reaches this far back.
CHANGED_SINCE_MARGIN = datetime.timedelta(seconds=2)
# Everything is read again this often, whatever the stamps said (a clock
# stepped back on a conductor would otherwise hide its writes).
FULL_RESYNC_SECONDS = 300.0


def _stamp(record):
    for name in ('updated_at', 'created_at'):
        if record.obj_attr_is_set(name) and getattr(record, name) is not None:
            return getattr(record, name).replace(tzinfo=None)
    return None


class _Watermark(object):
    """The newest stamp seen among some records, and the time to read
    their changes from."""

    def __init__(self):
        self.newest = None

    def see(self, record):
        stamp = _stamp(record)
        if stamp is not None and (self.newest is None or
                                  stamp > self.newest):
            self.newest = stamp
        return stamp

    def since(self):
        """ISO 8601, as it travels to the conductor."""
        if self.newest is None:
            return datetime.datetime(1970, 1, 1).isoformat()
        return (self.newest - CHANGED_SINCE_MARGIN).isoformat()


class HostManager(object):
    """Host states by compute node id, refreshed from the nodes' changes.

    `lock` is held by the scheduler for a whole request (refresh, filter,
    weigh, consume), so concurrent requests in one process see each
    other's choices.
    """

    def __init__(self, clock=time.monotonic):
        self.lock = threading.RLock()
        self._clock = clock
        self._states = {}
        self._ordered = []
        self._nodes_seen = _Watermark()
        self._full_at = None
        self._services = {}
        self._services_seen = _Watermark()
        self._services_at = None
        self._zones = None

    # -- the request path --------------------------------------------------

    def host_states(self, context):
        """Every cached host state, brought up to date (call with lock)."""
        now = self._clock()
        full = (self._full_at is None or
                now - self._full_at > FULL_RESYNC_SECONDS)
        if full:
            self._read_all(context, now)
        else:
            self._read_changed(context)
        self._refresh_services(context, now, full)
        self._refresh_zones(context)
        return self._ordered

    def refresh_nodes(self, context, node_ids):
        """Re-read these nodes now, whatever their stamps (a claim on them
        failed: this cache thought they had room)."""
        with self.lock:
            for node_id in node_ids:
                try:
                    node = objects.ComputeNode.get_by_id(context, node_id)
                except exception.ComputeNodeNotFound:
                    self._forget(node_id)
                    continue
                self._apply(node, force=True)

    # -- reading the nodes -------------------------------------------------

    def _read_all(self, context, now):
        nodes = objects.ComputeNodeList.get_all(context)
        seen = set()
        for node in nodes:
            seen.add(node.id)
            self._apply(node, force=True)
        for node_id in [i for i in self._states if i not in seen]:
            self._forget(node_id)
        self._full_at = now
        LOG.debug('Host state cache filled: %d nodes', len(self._states))

    def _read_changed(self, context):
        for node in objects.ComputeNodeList.get_changed_since(
                context, self._nodes_seen.since()):
            self._apply(node)

    def _apply(self, node, force=False):
        stamp = self._nodes_seen.see(node)
        state = self._states.get(node.id)
        if state is None:
            service = self._services.get(node.host)
            state = host_state_mod.HostState(
                node, service, self._is_up(service),
                availability_zone=(self._zones or {}).get(node.host))
            self._states[node.id] = state
            self._ordered.append(state)
            return
        # Only a newer row replaces the state (the margin re-reads rows
        # already applied): the database is the truth, and what this
        # scheduler consumed is in it by now, or was never claimed.
        if force or state.updated_at is None or stamp is None or \
                stamp > state.updated_at:
            state.update_from_compute_node(node)

    def _forget(self, node_id):
        state = self._states.pop(node_id, None)
        if state is not None:
            self._ordered = [s for s in self._ordered if s is not state]

    # -- services and zones ------------------------------------------------

    @staticmethod
    def _is_up(service):
        return service is not None and servicegroup.service_is_up(service)

    def _refresh_services(self, context, now, full):
        """Every SERVICE_CACHE_SECONDS: the services that changed (their
        heartbeats included; all of them on a full read), then whether
        each host is up, judged from its last heartbeat."""
        if not full and self._services_at is not None and \
                now - self._services_at <= SERVICE_CACHE_SECONDS:
            return
        filters = {'binary': COMPUTE_BINARY}
        if full:
            self._services = {}
        else:
            filters['changed_since'] = self._services_seen.since()
        for service in objects.ServiceList.get_all(context, filters):
            self._services_seen.see(service)
            self._services[service.host] = service
        self._services_at = now
        up = {}
        for state in self._ordered:
            service = self._services.get(state.host)
            if state.host not in up:
                up[state.host] = self._is_up(service)
            state.update_service(service, up[state.host])

    def _refresh_zones(self, context):
        # Aggregates are read per request (one small call): a zone given
        # to a host applies to the next boot.
        zones = availability_zones.host_zone_map(context)
        if zones == self._zones:
            return
        self._zones = zones
        for state in self._ordered:
            state.set_availability_zone(zones.get(state.host))
