"""The conductor's part of a build (Nova's build_instances task):
schedule the instances, claim each on its host, hand it to that compute
host; retry up to [scheduler] max_attempts when a compute gives it back,
or put it in ERROR with a fault."""
from oslo_log import log as logging

from nova_lite import availability_zones
from nova_lite.compute import server_groups
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.conductor import claims
from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite import objects

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

EVENT = 'conductor_schedule_and_build_instances'


class BuildTask(object):
    """compute_rpcapi, scheduler_rpcapi: the RPC clients."""

    def __init__(self, compute_rpcapi, scheduler_rpcapi):
        self.compute_rpcapi = compute_rpcapi
        self.scheduler_rpcapi = scheduler_rpcapi

    def build_instances(self, context, instances, image, request_spec,
                        filter_properties):
        retry = filter_properties.setdefault(
            'retry', {'num_attempts': 0, 'hosts': []})
        retry['num_attempts'] += 1
        if retry['num_attempts'] > 1:
            for instance in instances:
                objects.Allocation.release(context, instance.uuid)
        if retry['num_attempts'] > CONF.scheduler.max_attempts:
            reason = ('Exceeded maximum number of retries. Exhausted all '
                      'hosts available for retrying build failures for '
                      'instance %s.' % instances[0].uuid)
            for instance in instances:
                self._set_error(context, instance,
                                exception.MaxRetriesExceeded(reason=reason))
            return
        server_groups.refresh_hosts(context, request_spec,
                                    [i.uuid for i in instances])
        try:
            selections = self.scheduler_rpcapi.select_destinations(
                context, request_spec, filter_properties,
                [i.uuid for i in instances])
        except exception.NoValidHost as exc:
            LOG.warning('No valid host for %d instance(s): %s',
                        len(instances), exc.format_message())
            for instance in instances:
                self._set_error(context, instance, exc)
            return
        for instance, candidates in zip(instances, selections):
            self._claim_and_build(context, instance, candidates, image,
                                  request_spec, filter_properties)

    def _claim_and_build(self, context, instance, candidates, image,
                         request_spec, filter_properties):
        chosen = claims.claim_first_fit(context, instance.uuid,
                                        instance.flavor, candidates)
        if chosen is None:
            self._set_error(context, instance, exception.NoValidHost(
                reason='Resources were claimed by other builds first.'))
            return
        compute_utils.place(context, instance, chosen['host'],
                            chosen['nodename'], chosen['compute_node_id'])
        if not instance.availability_zone:
            # As Nova: an instance that asked for no zone lands in its host's.
            instance.availability_zone = \
                availability_zones.get_host_availability_zone(
                    context, chosen['host'])
        try:
            instance.save(expected_task_state=[task_states.SCHEDULING])
        except (exception.InstanceNotFound,
                exception.UnexpectedTaskStateError):
            LOG.info('Instance %s was deleted while it was scheduled; '
                     'releasing its claim', instance.uuid)
            objects.Allocation.release(context, instance.uuid)
            return
        LOG.info('Instance %s scheduled to host %s (request %s)',
                 instance.uuid, chosen['host'], context.request_id)
        filter_properties['retry']['hosts'].append(
            [chosen['host'], chosen['nodename']])
        self.compute_rpcapi.build_and_run_instance(
            context, instance, chosen['host'], image, request_spec,
            filter_properties, node=chosen['nodename'])

    @staticmethod
    def _set_error(context, instance, exc):
        objects.Allocation.release(context, instance.uuid)
        _release_ports(context, instance)
        if not compute_utils.put_in_error(context, instance, exc):
            return
        compute_utils.finish_action_event(context, instance, EVENT, exc)
        LOG.info('Instance %s is in ERROR: %s (request %s)', instance.uuid,
                 exc.format_message(), context.request_id)


def _release_ports(context, instance):
    """The ports a rescheduled build kept for its next host, when no host
    is left to take them (never raises: the ERROR is what matters)."""
    from nova_lite.network import api as network_api
    network = network_api.API()
    try:
        if network.enabled(context) and network.cached_network_info(
                context, instance):
            network.deallocate_for_instance(context, instance)
    except Exception:
        LOG.exception('Could not free the ports of instance %s',
                      instance.uuid)
