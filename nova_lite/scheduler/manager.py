"""The scheduler: filters then weighs host states to place instances.

Host states come from the scheduler's cache (host_manager), refreshed
from the compute nodes' changes through objects (so from the conductor);
the scheduler never claims anything itself: the conductor claims
atomically on the chosen host, falls back to the alternates returned
here, and tells the schedulers of a claim that failed (refresh_nodes).
"""
import random

from oslo_log import log as logging
import oslo_messaging as messaging

from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite import objects
from nova_lite.scheduler import filters
from nova_lite.scheduler.filters import retry_filter
from nova_lite.scheduler import forced_hosts
from nova_lite.scheduler import host_manager as host_manager_mod
from nova_lite.scheduler import move_hosts
from nova_lite.scheduler import weighers

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)


class SchedulerManager(object):
    # 1.1: select_destinations takes a RequestSpec (a dict before).
    # 1.2: refresh_nodes
    target = messaging.Target(version='1.2')

    def __init__(self, host_manager=None):
        # Reschedules must never retry a failed host, whatever is enabled.
        self.filters = [retry_filter.RetryFilter()] + filters.load_filters(
            [f for f in CONF.filter_scheduler.enabled_filters
             if f != 'RetryFilter'])
        self.weighers = weighers.load_weighers(
            CONF.filter_scheduler.weight_classes)
        self.host_manager = host_manager or host_manager_mod.HostManager()

    def init_host(self, service_id=None):
        pass

    def cleanup_host(self):
        pass

    def refresh_nodes(self, context, compute_node_ids):
        """A claim on these nodes failed: re-read them (a fanout cast from
        the conductor)."""
        self.host_manager.refresh_nodes(context, compute_node_ids)

    @messaging.expected_exceptions(exception.NoValidHost)
    def select_destinations(self, context, request_spec, filter_properties,
                            instance_uuids):
        # Filters and weighers read the spec's plain form (what a 1.0
        # caller sends as it is).
        spec = (request_spec.to_legacy_dict()
                if isinstance(request_spec, objects.RequestSpec)
                else dict(request_spec))
        spec['retry'] = filter_properties.get('retry', {})
        with self.host_manager.lock:
            hosts = self.host_manager.host_states(context)
            consumed = []
            try:
                return self._select(spec, hosts, instance_uuids, consumed)
            except exception.NoValidHost:
                # Nothing of this request will be claimed.
                for state in consumed:
                    state.consume_from_request(spec, sign=-1)
                raise

    def _select(self, spec, hosts, instance_uuids, consumed):
        hosts = move_hosts.restrict(hosts, spec)
        hosts, skip_filters = forced_hosts.forced(hosts, spec)
        alternates = max(CONF.scheduler.max_attempts - 1, 0)
        subset = max(1, CONF.filter_scheduler.host_subset_size)
        selections = []
        last = len(instance_uuids) - 1
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
            ranked = weighers.weigh_hosts(self.weighers, candidates, spec,
                                          limit=max(subset, 1 + alternates))
            if subset > 1:
                head = ranked[:subset]
                first = random.choice(head)
                ranked = [first] + [h for h in ranked if h is not first]
            ranked[0].consume_from_request(spec)
            consumed.append(ranked[0])
            if index < last:
                # As in Nova, the next instance chooses among the hosts
                # this one could use: filters that run once per request
                # stay applied.
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
