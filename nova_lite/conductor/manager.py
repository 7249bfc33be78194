"""The conductor: the only daemon with a database connection.

It executes remotable object methods for the other services and
orchestrates builds: schedule, claim atomically, hand over to a compute host,
reschedule on failure, or put the instance in ERROR with a fault.
"""
from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_versionedobjects import base as ovo_base

from nova_lite import availability_zones
from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.compute import server_groups
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite.conductor import migrate as conductor_migrate
from nova_lite.conductor import unshelve as conductor_unshelve
from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite import objects
from nova_lite.scheduler import rpcapi as scheduler_rpcapi

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)


class ConductorManager(conductor_migrate.MigrateServerMixin,
                       conductor_unshelve.UnshelveMixin):
    target = messaging.Target(version='1.3')

    def __init__(self):
        self._compute_rpcapi = None
        self._scheduler_rpcapi = None

    @property
    def compute_rpcapi(self):
        if self._compute_rpcapi is None:
            self._compute_rpcapi = compute_rpcapi.ComputeAPI()
        return self._compute_rpcapi

    @property
    def scheduler_rpcapi(self):
        if self._scheduler_rpcapi is None:
            self._scheduler_rpcapi = scheduler_rpcapi.SchedulerAPI()
        return self._scheduler_rpcapi

    def init_host(self, service_id=None):
        pass

    def cleanup_host(self):
        pass

    def ping(self, context):
        return 'pong'

    def record_action_event(self, context, instance_uuid, event, phase,
                            host=None, result=None, traceback=None):
        if phase == 'start':
            objects.InstanceActionEvent.event_start(context, instance_uuid,
                                                    event, host=host)
        else:
            objects.InstanceActionEvent.event_finish(
                context, instance_uuid, event, result, traceback=traceback)

    # -- object indirection -------------------------------------------------

    @messaging.expected_exceptions(exception.NovaLiteException)
    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        LOG.debug('Object call %s.%s', objname, objmethod)
        objclass = ovo_base.VersionedObjectRegistry.obj_classes()[
            objname][0]
        # The newest class we know; the answer is backported to what the
        # caller understands.
        result = getattr(objclass, objmethod)(context, *args, **kwargs)
        if isinstance(result, ovo_base.VersionedObject):
            wanted = object_versions.get(objname, result.VERSION)
            return result.obj_to_primitive(target_version=wanted,
                                           version_manifest=object_versions)
        return result

    @messaging.expected_exceptions(exception.NovaLiteException)
    def object_action(self, context, objinst, objmethod, args, kwargs):
        LOG.debug('Object call %s.%s', objinst.obj_name(), objmethod)
        before = objinst.obj_clone()
        result = getattr(objinst, objmethod)(*args, **kwargs)
        updates = {}
        for name, field in objinst.fields.items():
            if not objinst.obj_attr_is_set(name):
                continue
            value = getattr(objinst, name)
            if (not before.obj_attr_is_set(name) or
                    getattr(before, name) != value):
                updates[name] = field.to_primitive(objinst, name, value)
        updates['obj_what_changed'] = objinst.obj_what_changed()
        return updates, result

    def object_backport_versions(self, context, objinst, object_versions):
        target = object_versions[objinst.obj_name()]
        return objinst.obj_to_primitive(target_version=target,
                                        version_manifest=object_versions)

    # -- builds -------------------------------------------------------------

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
        flavor = instance.flavor
        chosen = None
        for candidate in candidates:
            try:
                objects.Allocation.claim(
                    context, instance.uuid, candidate['compute_node_id'],
                    flavor.vcpus, flavor.memory_mb,
                    flavor.root_gb + flavor.ephemeral_gb)
            except exception.ClaimFailed:
                LOG.info('Claim for %s on %s lost a race; trying the next '
                         'host', instance.uuid, candidate['host'])
                continue
            chosen = candidate
            break
        if chosen is None:
            self._set_error(context, instance, exception.NoValidHost(
                reason='Resources were claimed by other builds first.'))
            return
        instance.host = chosen['host']
        instance.node = chosen['nodename']
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

    def _set_error(self, context, instance, exc):
        objects.Allocation.release(context, instance.uuid)
        compute_utils.add_instance_fault_from_exc(context, instance, exc)
        instance.vm_state = vm_states.ERROR
        instance.task_state = None
        try:
            instance.save()
        except exception.InstanceNotFound:
            return
        compute_utils.finish_action_event(
            context, instance, 'conductor_schedule_and_build_instances',
            exc)
        LOG.info('Instance %s is in ERROR: %s (request %s)', instance.uuid,
                 exc.format_message(), context.request_id)
