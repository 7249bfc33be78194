"""Resize, cold migration and the migrations record, as the compute API
(what the REST layer calls) does them. The flow, as in Nova:

  API        resize/migrate: state checks, quota, task_state resize_prep,
             old_flavor/new_flavor stashed on the instance, action
             recorded, cast migrate_server to the conductor
  conductor  (conductor.MigrationTask) Migration record (pre-migrating);
             the instance's claim on the source moves to the migration;
             schedule (not the current host unless
             allow_resize_to_same_host); claim the new flavor for the
             instance on the destination; cast prep_resize to it
  dest       (manager.ResizeManager) prep_resize -> source resize_instance
             (migrating, disks moved, post-migrating, instance.host = dest)
             -> dest finish_resize (new flavor, guest up, migration
             finished, VERIFY_RESIZE)
  confirm    source drops its copy and the migration's claim (confirmed)
  revert     dest destroys its copy (reverted), source brings the guest
             back with the old flavor and the claim returns to the instance
"""
from oslo_log import log as logging

from nova_lite.compute import guards
from nova_lite.compute import quotas
from nova_lite.compute.resize import instance_state
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite import objects

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

RESIZE_VM_STATES = (vm_states.ACTIVE, vm_states.STOPPED)


def _check_quota_for_upsize(context, instance, current, new):
    deltas = {}
    if new.vcpus > current.vcpus:
        deltas['cores'] = new.vcpus - current.vcpus
    if new.memory_mb > current.memory_mb:
        deltas['ram'] = new.memory_mb - current.memory_mb
    if not deltas:
        return
    try:
        quotas.check_deltas(context, instance.project_id, instance.user_id,
                            deltas)
    except exception.OverQuotaDeltas as exc:
        overs = exc.kwargs.get('over_list') or list(deltas)
        raise quotas.over_quota_message(
            overs, deltas, exc.kwargs['quotas'], exc.kwargs['usages'])


class ResizeAPI(object):
    """conductor: the conductor RPC client (migrate_server);
    compute_rpcapi: the compute RPC client (confirm, revert)."""

    def __init__(self, conductor, compute_rpcapi):
        self.conductor = conductor
        self.compute_rpcapi = compute_rpcapi

    # -- resize and cold migrate ---------------------------------------------

    def resize(self, context, instance, flavor_id=None, host_name=None):
        """Resize to flavor_id, or cold migrate (flavor_id None), to
        host_name if given (2.56)."""
        action = 'resize' if flavor_id else 'migrate'
        guards.ensure_unlocked(context, instance)
        guards.ensure_state(instance, action, vm_state=RESIZE_VM_STATES)
        if not instance.host:
            raise exception.InstanceNotReady(instance_id=instance.uuid)
        if not compute_utils.compute_is_up(context, instance.host):
            raise exception.ServiceUnavailable()
        node = None
        if host_name is not None:
            if host_name == instance.host:
                raise exception.CannotMigrateToSameHost()
            node = compute_utils.node_of_host(context, host_name)
        current = instance.flavor
        if flavor_id:
            new = objects.Flavor.get_by_flavor_id(context, str(flavor_id))
            if new.root_gb == 0 and current.root_gb != 0:
                raise exception.CannotResizeDisk(
                    reason='Resize to zero disk flavor is not allowed.')
        else:
            new = current
        same_flavor = current.id == new.id
        if not same_flavor and new.disabled:
            raise exception.FlavorNotFound(flavor_id=flavor_id)
        if same_flavor and flavor_id:
            raise exception.CannotResizeToSameFlavor()
        if flavor_id:
            _check_quota_for_upsize(context, instance, current, new)

        ignore_hosts = []
        # Nova allows a same-host cold migration only where the driver
        # supports it (libvirt does not); a resize by configuration.
        if same_flavor or not CONF.allow_resize_to_same_host:
            ignore_hosts.append(instance.host)
        request_spec = objects.RequestSpec.from_instance(
            context, instance, new, ignore_hosts=ignore_hosts,
            destination=node)

        instance_state.stash_old_vm_state(instance)
        instance.old_flavor = current
        instance.new_flavor = new
        instance.task_state = task_states.RESIZE_PREP
        instance.progress = 0
        instance.save(expected_task_state=[None])
        compute_utils.start_action(context, instance, action)
        LOG.info('Instance %s %s to flavor %s (request %s)', instance.uuid,
                 'resizing' if flavor_id else 'cold migrating', new.flavorid,
                 context.request_id)
        self.conductor.migrate_server(context, instance, new, request_spec)

    @guards.check_instance_lock
    @guards.check_instance_state(vm_state=(vm_states.RESIZED,),
                                 action='confirmResize')
    def confirm_resize(self, context, instance, migration=None):
        elevated = context.elevated()
        if migration is None:
            migration = objects.Migration.get_by_instance_and_status(
                elevated, instance.uuid, 'finished')
        if not compute_utils.compute_is_up(context,
                                           migration.source_compute):
            raise exception.ServiceUnavailable()
        migration.status = 'confirming'
        migration.save()
        compute_utils.start_action(context, instance, 'confirmResize')
        LOG.info('Instance %s: confirming resize (request %s)',
                 instance.uuid, context.request_id)
        self.compute_rpcapi.confirm_resize(context, instance, migration)

    @guards.check_instance_lock
    @guards.check_instance_state(vm_state=(vm_states.RESIZED,),
                                 action='revertResize')
    def revert_resize(self, context, instance):
        elevated = context.elevated()
        migration = objects.Migration.get_by_instance_and_status(
            elevated, instance.uuid, 'finished')
        if instance.old_flavor is not None and \
                instance.new_flavor is not None:
            # A revert of a downsize grows the server again.
            _check_quota_for_upsize(context, instance, instance.new_flavor,
                                    instance.old_flavor)
        instance.task_state = task_states.RESIZE_REVERTING
        instance.save(expected_task_state=[None])
        migration.status = 'reverting'
        migration.save()
        compute_utils.start_action(context, instance, 'revertResize')
        LOG.info('Instance %s: reverting resize (request %s)',
                 instance.uuid, context.request_id)
        self.compute_rpcapi.revert_resize(context, instance, migration)

    def confirm_resize_on_deleting(self, context, instance):
        """A server deleted while VERIFY_RESIZE: confirm the move first, so
        the source drops its copy and the migration's claim (the
        destination deletes the rest)."""
        try:
            migration = objects.Migration.get_by_instance_and_status(
                context.elevated(), instance.uuid, 'finished')
        except exception.MigrationNotFound:
            return
        migration.status = 'confirming'
        migration.save()
        if compute_utils.compute_is_up(context, migration.source_compute):
            self.compute_rpcapi.confirm_resize(context, instance, migration)
            return
        # The source is down: it reaps its copy when it comes back.
        objects.Allocation.release(context, migration.uuid)
        migration.status = 'confirmed'
        migration.save()

    # -- the migrations record -----------------------------------------------

    def get_migrations(self, context, filters, sort_keys=None,
                       sort_dirs=None, limit=None, marker=None):
        return objects.MigrationList.get_by_filters(
            context, filters, sort_keys=sort_keys, sort_dirs=sort_dirs,
            limit=limit, marker=marker)

    def get_migrations_in_progress_by_instance(self, context, instance_uuid,
                                               migration_type=None):
        return objects.MigrationList.get_in_progress_by_instance(
            context, instance_uuid, migration_type)

    def get_migration_by_id_and_instance(self, context, migration_id,
                                         instance_uuid):
        return objects.Migration.get_by_id_and_instance(
            context, migration_id, instance_uuid)
