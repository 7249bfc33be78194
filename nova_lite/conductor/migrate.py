"""The conductor's part of a resize or cold migration (Nova's
MigrationTask): record the migration, hand the instance's claim on the
source to the migration, schedule a destination, claim the new flavor
there for the instance and cast prep_resize to it. When no host fits, the
claims go back, the migration is in error and the instance returns to the
state it had, with a fault (as Nova does).

Mixed into nova_lite.conductor.manager.ConductorManager (which provides
compute_rpcapi and scheduler_rpcapi).
"""
from oslo_log import log as logging

from nova_lite.compute import server_groups
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import objects
from nova_lite.objects import migration as migration_obj

LOG = logging.getLogger(__name__)

EVENT = 'conductor_migrate_server'


class MigrateServerMixin(object):

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
            chosen = self._schedule_and_claim(context, instance, flavor,
                                              request_spec)
        except Exception as exc:
            self._migration_failed(context, instance, migration, exc)
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

    def _create_migration(self, context, instance, flavor):
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

    def _schedule_and_claim(self, context, instance, flavor, request_spec):
        if not request_spec.get('instance_group'):
            request_spec['instance_group'] = \
                server_groups.spec_for_instance(context, instance)
        server_groups.refresh_hosts(context, request_spec, [instance.uuid])
        selections = self.scheduler_rpcapi.select_destinations(
            context, request_spec, {}, [instance.uuid])
        for candidate in selections[0]:
            try:
                objects.Allocation.claim(
                    context, instance.uuid, candidate['compute_node_id'],
                    flavor.vcpus, flavor.memory_mb,
                    flavor.root_gb + flavor.ephemeral_gb)
            except exception.ClaimFailed:
                LOG.info('Claim for %s on %s lost a race; trying the next '
                         'host', instance.uuid, candidate['host'])
                continue
            return candidate
        raise exception.NoValidHost(
            reason='Resources were claimed by other requests first.')

    def _migration_failed(self, context, instance, migration, exc):
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
        sysmeta = dict(instance.system_metadata or {})
        old_vm_state = sysmeta.pop('old_vm_state', None) or vm_states.ACTIVE
        instance.system_metadata = sysmeta
        instance.vm_state = old_vm_state
        instance.task_state = None
        instance.old_flavor = None
        instance.new_flavor = None
        try:
            instance.save()
        except exception.InstanceNotFound:
            # Deleted meanwhile: nothing may keep holding resources.
            objects.Allocation.release(context, instance.uuid)
        compute_utils.finish_action_event(context, instance, EVENT, exc)
