"""The scheduler: filters then weighs host states to place instances.

Host states are read through objects (so from the conductor); the
scheduler never claims anything itself: the conductor claims atomically on
the chosen host and falls back to the alternates returned here.
"""
import random
import time

from oslo_log import log as logging
import oslo_messaging as messaging

from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite import objects
from nova_lite import availability_zones
from nova_lite.scheduler import filters
from nova_lite.scheduler.filters import retry_filter
from nova_lite.scheduler import forced_hosts
from nova_lite.scheduler import host_state as host_state_mod
from nova_lite.scheduler import move_hosts
from nova_lite.scheduler import weighers
from nova_lite import servicegroup

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

COMPUTE_BINARY = 'nova-compute'
# Service records change slowly (enable/disable, heartbeats judged against
# service_down_time): one read serves the requests of the next seconds.
SERVICE_CACHE_SECONDS = 2.0


class SchedulerManager(object):
    # 1.1: select_destinations takes a RequestSpec (a dict before).
    target = messaging.Target(version='1.1')

    def __init__(self):
        # Reschedules must never retry a failed host, whatever is enabled.
        self.filters = [retry_filter.RetryFilter()] + filters.load_filters(
            [f for f in CONF.filter_scheduler.enabled_filters
             if f != 'RetryFilter'])
        self.weighers = weighers.load_weighers(
            CONF.filter_scheduler.weight_classes)
        self._service_cache = None

    def init_host(self, service_id=None):
        pass

    def cleanup_host(self):
        pass

    def _compute_services(self, context):
        now = time.monotonic()
        cached = self._service_cache
        if cached is None or now - cached[0] > SERVICE_CACHE_SECONDS:
            services = {s.host: s for s in objects.ServiceList.get_all(
                context, {'binary': COMPUTE_BINARY})}
            self._service_cache = cached = (now, services)
        return cached[1]

    def _host_states(self, context):
        services = self._compute_services(context)
        zone_map = availability_zones.host_zone_map(context)
        states = []
        for node in objects.ComputeNodeList.get_all(context):
            service = services.get(node.host)
            up = service is not None and servicegroup.service_is_up(service)
            states.append(host_state_mod.HostState(
                node, service, up,
                availability_zone=zone_map.get(node.host)))
        return states

    @messaging.expected_exceptions(exception.NoValidHost)
    def select_destinations(self, context, request_spec, filter_properties,
                            instance_uuids):
        # Filters and weighers read the spec's plain form (what a 1.0
        # caller sends as it is).
        spec = (request_spec.to_legacy_dict()
                if isinstance(request_spec, objects.RequestSpec)
                else dict(request_spec))
        spec['retry'] = filter_properties.get('retry', {})
        hosts = move_hosts.restrict(self._host_states(context), spec)
        hosts, skip_filters = forced_hosts.forced(hosts, spec)
        alternates = max(CONF.scheduler.max_attempts - 1, 0)
        selections = []
        for index, uuid in enumerate(instance_uuids):
            candidates = hosts
            for host_filter in ([] if skip_filters else self.filters):
                if not host_filter.run_filter_for_index(index):
                    continue
                candidates = host_filter.filter_all(candidates, spec)
                if not candidates:
                    LOG.info('Filter %s returned 0 hosts for instance %s',
                             type(host_filter).__name__, uuid)
                    break
            if not candidates:
                raise exception.NoValidHost(
                    reason='There are not enough hosts available.')
            ranked = weighers.weigh_hosts(self.weighers, candidates, spec)
            subset = max(1, CONF.filter_scheduler.host_subset_size)
            if subset > 1:
                head = ranked[:subset]
                first = random.choice(head)
                ranked = [first] + [h for h in ranked if h is not first]
            ranked[0].consume_from_request(spec)
            # As in Nova, the next instance chooses among the hosts this one
            # could use: filters that run once per request stay applied.
            passed = set(map(id, candidates))
            hosts = [h for h in hosts if id(h) in passed]
            if spec.get('instance_group'):
                # The next instance of this request sees this one placed.
                group = spec['instance_group']
                spec['instance_group'] = dict(
                    group, hosts=list(group.get('hosts') or []) +
                    [ranked[0].host])
            selections.append([
                {'host': h.host, 'nodename': h.nodename,
                 'compute_node_id': h.compute_node_id}
                for h in ranked[:1 + alternates]])
            LOG.debug('Instance %s: chose %s', uuid, ranked[0])
        return selections
