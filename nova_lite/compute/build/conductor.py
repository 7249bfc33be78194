"""The conductor's part of a build (Nova's build_instances task):
schedule the instances, claim each on its host, hand it to that compute
host; retry up to [scheduler] max_attempts when a compute gives it back,
or put it in ERROR with a fault."""
import datetime

from oslo_log import log as logging
from oslo_utils import timeutils

from nova_lite import availability_zones
from nova_lite.compute.boot_from_volume import reschedule as bfv_reschedule
from nova_lite.compute.boot_from_volume import volume_api as volume_api_mod
from nova_lite.compute import server_groups
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.conductor import claims
from nova_lite import conf as nl_conf
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

EVENT = 'conductor_schedule_and_build_instances'


class BuildTask(object):
    """compute_rpcapi, scheduler_rpcapi: the RPC clients."""

    def __init__(self, compute_rpcapi, scheduler_rpcapi, volume_api=None):
        self.compute_rpcapi = compute_rpcapi
        self.scheduler_rpcapi = scheduler_rpcapi
        self.volume_api = volume_api or volume_api_mod.LazyVolumeAPI()

    def build_instances(self, context, instances, image, request_spec,
                        filter_properties):
        instances = self._take(context, instances)
        if not instances:
            return
        request_spec.num_instances = len(instances)
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

    @staticmethod
    def _take(context, instances):
        """The instances whose build this message still owns: a build the
        stale-build reaper (or a second delivery) took first, or deleted
        meanwhile, is dropped (Instance.take_build, a compare-and-swap)."""
        taken = []
        for instance in instances:
            if instance.take_build():
                taken.append(instance)
            else:
                LOG.info('Build of instance %s is no longer waiting for this '
                         'request (deleted, or scheduled by another); '
                         'dropped', instance.uuid)
        return taken

    def reschedule(self, context, instance, image_api):
        """Schedule again a build nobody holds (found by the reaper, or
        given back by a compute that never started it): its image, flavor,
        zone, hints and server group as the instance records them; ERROR
        with a fault when the request can no longer be met."""
        context = _context_of(context, instance)
        try:
            image = image_api.get(context, instance.image_ref)
        except Exception as exc:
            LOG.warning('Cannot schedule instance %s again: %s',
                        instance.uuid, exc)
            self._set_error(context, instance, exc)
            return
        request_spec = objects.RequestSpec.from_instance(context, instance)
        request_spec.restore_build_request(instance)
        request_spec.instance_group = server_groups.group_of_instance(
            context, instance)
        hints = dict(instance.scheduler_hints or {})
        self.build_instances(context, [instance], image, request_spec,
                             {'scheduler_hints': hints})

    def reschedule_unplaced(self, context, image_api, max_age):
        """The stale-build reaper: builds in scheduling with no host not
        updated for `max_age` seconds (their message was lost with a
        conductor or a broker) are taken, once, and scheduled again."""
        cutoff = timeutils.utcnow() - datetime.timedelta(seconds=max_age)
        for instance in objects.InstanceList.get_unplaced_builds(context,
                                                                 cutoff):
            if not instance.take_build():
                continue
            LOG.warning('Instance %s waited in scheduling for more than %ds '
                        'with no host; scheduling it again', instance.uuid,
                        max_age)
            try:
                self.reschedule(context, instance, image_api)
            except Exception:
                LOG.exception('Rescheduling stale build %s failed; the next '
                              'pass tries again', instance.uuid)

    def _claim_and_build(self, context, instance, candidates, image,
                         request_spec, filter_properties):
        chosen = claims.claim_first_fit(
            context, instance.uuid, instance.flavor, candidates,
            is_bfv=request_spec.boots_from_volume(),
            scheduler_rpcapi=self.scheduler_rpcapi)
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
        retry = filter_properties['retry']
        if retry['num_attempts'] > 1:
            # A reschedule: the volumes the last host let go of are
            # reserved again (a failure here ends the build in ERROR).
            try:
                bfv_reschedule.renew_attachments(self.volume_api, context,
                                                 instance.uuid)
            except Exception as exc:
                LOG.warning('Could not reserve the volumes of %s again: %s',
                            instance.uuid, exc)
                self._set_error(context, instance, exc)
                return
        retry['hosts'].append([chosen['host'], chosen['nodename']])
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


def _context_of(context, instance):
    """An admin context acting for the instance's owner (the project the
    build is for), keeping `context`'s request id."""
    ctx = nl_context.RequestContext.from_dict(context.to_dict())
    ctx.user_id = instance.user_id
    ctx.project_id = instance.project_id
    return ctx.elevated()
