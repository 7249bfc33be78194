"""The conductor's part of a resize or cold migration (Nova's
MigrationTask): record the migration, hand the instance's claim on the
source to the migration, schedule a destination, claim the new flavor
there for the instance and cast prep_resize to it. When no host fits, the
claims go back, the migration is in error and the instance returns to the
state it had, with a fault (as Nova does)."""
from oslo_log import log as logging

from nova_lite.compute.resize import instance_state
from nova_lite.compute import utils as compute_utils
from nova_lite.conductor import claims
from nova_lite import exception
from nova_lite import objects
from nova_lite.objects import migration as migration_obj

LOG = logging.getLogger(__name__)

EVENT = 'conductor_migrate_server'


class MigrationTask(object):
    """compute_rpcapi, scheduler_rpcapi: the RPC clients."""

    def __init__(self, compute_rpcapi, scheduler_rpcapi):
        self.compute_rpcapi = compute_rpcapi
        self.scheduler_rpcapi = scheduler_rpcapi

    def migrate_server(self, context, instance, flavor, request_spec):
        compute_utils.start_action_event(context, instance, EVENT)
        migration = None
        try:
            migration = self._create_migration(context, instance, flavor)
            # The instance's claim on the source now belongs to the
            # migration; the instance will claim the new flavor on the
            # destination: both are held until confirm or revert.
            objects.Migration.move_allocations(context, instance.uuid,
                                               migration.uuid)
            chosen = claims.schedule_and_claim(
                context, self.scheduler_rpcapi, instance, flavor,
                request_spec)
        except Exception as exc:
            self._failed(context, instance, migration, exc)
            return
        node = objects.ComputeNode.get_by_id(context,
                                             chosen['compute_node_id'])
        migration.dest_compute = chosen['host']
        migration.dest_node = chosen['nodename']
        migration.dest_host = node.host_ip
        migration.save()
        compute_utils.finish_action_event(context, instance, EVENT)
        LOG.info('Instance %s: migration %s from %s to %s (request %s)',
                 instance.uuid, migration.uuid, migration.source_compute,
                 migration.dest_compute, context.request_id)
        self.compute_rpcapi.prep_resize(context, instance, migration, flavor,
                                        chosen['host'],
                                        request_spec=request_spec)

    @staticmethod
    def _create_migration(context, instance, flavor):
        old = instance.flavor
        migration = objects.Migration(
            context, instance_uuid=instance.uuid,
            source_compute=instance.host, source_node=instance.node,
            old_instance_type_id=old.id, new_instance_type_id=flavor.id,
            status='pre-migrating',
            migration_type=(migration_obj.MIGRATION if old.id == flavor.id
                            else migration_obj.RESIZE),
            hidden=False, cross_cell_move=False,
            user_id=instance.user_id, project_id=instance.project_id)
        migration.create()
        return migration

    @staticmethod
    def _failed(context, instance, migration, exc):
        if isinstance(exc, exception.NoValidHost):
            LOG.warning('No valid host to move instance %s: %s',
                        instance.uuid, exc.format_message())
        else:
            LOG.exception('Moving instance %s failed', instance.uuid)
        if migration is not None and migration.obj_attr_is_set('id'):
            objects.Migration.move_allocations(context, migration.uuid,
                                               instance.uuid)
            migration.status = 'error'
            migration.save()
        compute_utils.add_instance_fault_from_exc(context, instance, exc)
        instance.vm_state = instance_state.pop_old_vm_state(instance)
        instance.task_state = None
        instance.old_flavor = None
        instance.new_flavor = None
        try:
            instance.save()
        except exception.InstanceNotFound:
            # Deleted meanwhile: nothing may keep holding resources.
            objects.Allocation.release(context, instance.uuid)
        compute_utils.finish_action_event(context, instance, EVENT, exc)
