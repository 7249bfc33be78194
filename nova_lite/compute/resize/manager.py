"""The compute host's part of resize and cold migration.

Destination: prep_resize, finish_resize, revert_resize. Source:
resize_instance, confirm_resize, finish_revert_resize. Plus the periodic
auto-confirm ([DEFAULT] resize_confirm_window) and the release of a
migration's claims when its instance is deleted mid-move.

Claims (see nova_lite.compute.resize.conductor): while a move is
unfinished the migration (consumer = migration uuid) holds the old flavor
on the source and the instance holds the new flavor on the destination.
Confirm drops the migration's claim; revert and every failure hand it back
to the instance (dropping the destination claim), so nothing leaks.
"""
from oslo_log import log as logging
from oslo_utils import timeutils

from nova_lite.compute import host_operations
from nova_lite.compute import power_state
from nova_lite.compute.resize import instance_state
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite import objects

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)


class ResizeManager(object):
    """guests: the HostGuests of this host; compute_rpcapi: the compute
    RPC client (to the other host of a move); resize_api: the ResizeAPI
    (the periodic auto-confirm confirms as a user would)."""

    def __init__(self, guests, compute_rpcapi, resize_api, networks=None,
                 volume_hosts=None):
        self.guests = guests
        # volume_hosts: the server's volumes leave the source with the
        # guest and are attached to whichever host runs it next.
        self.volume_hosts = volume_hosts
        self.networks = networks
        self.host = guests.host
        self.driver = guests.driver
        self.compute_rpcapi = compute_rpcapi
        self.resize_api = resize_api

    def _bind_here(self, context, instance):
        """The guest's ports bound to this host; its network_info (None
        without a network service)."""
        if self.networks is None:
            return None
        return self.networks.bind_to_host(context, instance) or None

    def _volumes_info(self, context, instance):
        if self.volume_hosts is None:
            return None
        return self.volume_hosts.block_device_info(context, instance)

    def _volumes_here(self, context, instance):
        """Attach the server's volumes to this host; block_device_info."""
        if self.volume_hosts is None:
            return None
        return self.volume_hosts.connect_here(context, instance)

    def _volumes_off(self, context, instance):
        if self.volume_hosts is not None:
            self.volume_hosts.release_host(context, instance)

    # -- failure handling ----------------------------------------------------

    def _failed(self, context, instance, migration, exc, event):
        """Undo a move that failed before VERIFY_RESIZE: the guest stays (or
        goes back) on the source, the claim returns to the instance, the
        migration is in error and the instance keeps a fault. A rollback
        (the guest is unharmed) restores the previous vm_state, anything
        else is ERROR."""
        rollback = isinstance(exc, exception.InstanceFaultRollback)
        cause = exc.inner_exception if rollback and exc.inner_exception \
            else exc
        if rollback:
            LOG.warning('Move of instance %s rolled back: %s',
                        instance.uuid, cause)
        else:
            LOG.error('Move of instance %s failed on %s: %s', instance.uuid,
                      self.host, exc)
        try:
            objects.Migration.move_allocations(context, migration.uuid,
                                               instance.uuid)
            migration.status = 'error'
            migration.save()
        except Exception:
            LOG.exception('Could not undo the claims of migration %s',
                          migration.uuid)
        compute_utils.add_instance_fault_from_exc(context, instance, cause,
                                                  self.host)
        try:
            old_vm_state = self._back_to_source(context, instance, migration)
            instance.vm_state = old_vm_state if rollback else vm_states.ERROR
            instance.task_state = None
            instance.save()
        except host_operations.GONE:
            objects.Allocation.release(context, instance.uuid)
        compute_utils.finish_action_event(context, instance, event, cause)

    @staticmethod
    def _back_to_source(context, instance, migration):
        """The instance's old flavor and source host again; returns the
        vm_state the move started from."""
        old_vm_state = instance_state.pop_old_vm_state(instance)
        if instance.old_flavor is not None:
            instance_state.set_flavor(instance, instance.old_flavor)
        instance.old_flavor = None
        instance.new_flavor = None
        compute_utils.place(context, instance, migration.source_compute,
                            migration.source_node)
        return old_vm_state

    def _move_step(self, context, instance, migration, event, step):
        """Run one step of a move as an action event; failures undo it."""
        compute_utils.start_action_event(context, instance, event, self.host)
        try:
            step()
        except host_operations.GONE:
            LOG.info('Instance %s went away during %s', instance.uuid, event)
            self._release_after_delete(context, migration)
            compute_utils.finish_action_event(context, instance, event)
            return
        except Exception as exc:
            self._failed(context, instance, migration, exc, event)
            return
        compute_utils.finish_action_event(context, instance, event)

    @staticmethod
    def _release_after_delete(context, migration):
        objects.Allocation.release(context, migration.uuid)
        try:
            migration.status = 'error'
            migration.save()
        except exception.MigrationNotFound:
            pass

    # -- destination: prep_resize ------------------------------------------

    def prep_resize(self, context, instance, migration, flavor,
                    request_spec=None):
        def step():
            if instance.task_state != task_states.RESIZE_PREP:
                raise exception.UnexpectedTaskStateError(
                    instance_uuid=instance.uuid,
                    expected={'task_state': task_states.RESIZE_PREP},
                    actual={'task_state': instance.task_state})
            LOG.info('Instance %s: prepared to arrive on %s', instance.uuid,
                     self.host)
            self.compute_rpcapi.resize_instance(context, instance,
                                                migration, flavor)
        self._move_step(context, instance, migration, 'compute_prep_resize',
                        step)

    # -- source: resize_instance ---------------------------------------------

    def resize_instance(self, context, instance, migration, flavor):
        def step():
            migration.status = 'migrating'
            migration.save()
            instance.task_state = task_states.RESIZE_MIGRATING
            instance.save(expected_task_state=task_states.RESIZE_PREP)
            self.driver.migrate_disk_and_power_off(
                context, instance, migration.dest_host, flavor,
                block_device_info=self._volumes_info(context, instance))
            self._volumes_off(context, instance)
            migration.status = 'post-migrating'
            migration.save()
            instance.power_state = self.guests.power_state(instance)
            compute_utils.place(context, instance, migration.dest_compute,
                                migration.dest_node)
            instance.task_state = task_states.RESIZE_MIGRATED
            instance.save(expected_task_state=task_states.RESIZE_MIGRATING)
            LOG.info('Instance %s: disks moved from %s to %s', instance.uuid,
                     self.host, migration.dest_compute)
            self.compute_rpcapi.finish_resize(context, instance, migration)
        self._move_step(context, instance, migration,
                        'compute_resize_instance', step)

    # -- destination: finish_resize ------------------------------------------

    def finish_resize(self, context, instance, migration):
        def step():
            old_vm_state = instance_state.peek_old_vm_state(instance)
            instance.task_state = task_states.RESIZE_FINISH
            if instance.new_flavor is not None:
                instance_state.set_flavor(instance, instance.new_flavor)
            instance.save(expected_task_state=task_states.RESIZE_MIGRATED)
            block_device_info = None
            try:
                block_device_info = self._volumes_here(context, instance)
                self.driver.finish_migration(
                    context, migration, instance, None,
                    network_info=self._bind_here(context, instance),
                    block_device_info=block_device_info,
                    power_on=old_vm_state != vm_states.STOPPED)
            except Exception:
                try:
                    self.driver.destroy(context, instance,
                                        block_device_info=block_device_info)
                except Exception:
                    LOG.exception('Cleanup of %s on %s failed',
                                  instance.uuid, self.host)
                self._volumes_off(context, instance)
                raise
            migration.status = 'finished'
            migration.save()
            instance.power_state = self.guests.power_state(instance)
            instance.vm_state = vm_states.RESIZED
            instance.task_state = None
            instance.launched_at = timeutils.utcnow()
            instance.save(expected_task_state=task_states.RESIZE_FINISH)
            LOG.info('Instance %s is VERIFY_RESIZE on %s (request %s)',
                     instance.uuid, self.host, context.request_id)
        self._move_step(context, instance, migration,
                        'compute_finish_resize', step)

    # -- source: confirm_resize ----------------------------------------------

    def confirm_resize(self, context, instance, migration):
        event = 'compute_confirm_resize'
        with compute_utils.ActionEvent(context, instance, event, self.host):
            try:
                self.driver.confirm_migration(context, migration, instance)
            except Exception:
                LOG.exception('Cleanup of the source copy of %s failed',
                              instance.uuid)
            migration.status = 'confirmed'
            migration.save()
            objects.Allocation.release(context, migration.uuid)
            instance_state.pop_old_vm_state(instance)
            instance.old_flavor = None
            instance.new_flavor = None
            instance.vm_state = (vm_states.STOPPED
                                 if instance.power_state ==
                                 power_state.SHUTDOWN
                                 else vm_states.ACTIVE)
            instance.task_state = None
            try:
                instance.save(expected_task_state=[
                    None, task_states.DELETING, task_states.SOFT_DELETING])
            except (exception.InstanceNotFound,
                    exception.UnexpectedTaskStateError):
                return
            LOG.info('Instance %s: resize confirmed, %s (request %s)',
                     instance.uuid, instance.vm_state, context.request_id)

    # -- destination: revert_resize ------------------------------------------

    def revert_resize(self, context, instance, migration):
        event = 'compute_revert_resize'
        with compute_utils.ActionEvent(context, instance, event, self.host):
            self.driver.destroy(
                context, instance,
                block_device_info=self._volumes_info(context, instance))
            self._volumes_off(context, instance)
            migration.status = 'reverted'
            migration.save()
            self.compute_rpcapi.finish_revert_resize(context, instance,
                                                     migration)

    # -- source: finish_revert_resize ----------------------------------------

    def finish_revert_resize(self, context, instance, migration):
        event = 'compute_finish_revert_resize'
        with compute_utils.ActionEvent(context, instance, event, self.host):
            old_vm_state = self._back_to_source(context, instance, migration)
            instance.save()
            # The destination claim goes, the source claim returns.
            objects.Migration.move_allocations(context, migration.uuid,
                                               instance.uuid)
            self.driver.finish_revert_migration(
                context, instance,
                network_info=self._bind_here(context, instance),
                migration=migration,
                block_device_info=self._volumes_here(context, instance),
                power_on=old_vm_state != vm_states.STOPPED)
            instance.power_state = self.guests.power_state(instance)
            instance.vm_state = (vm_states.STOPPED
                                 if old_vm_state == vm_states.STOPPED
                                 else vm_states.ACTIVE)
            instance.task_state = None
            instance.save(expected_task_state=task_states.RESIZE_REVERTING)
            LOG.info('Instance %s: resize reverted, back on %s (request %s)',
                     instance.uuid, self.host, context.request_id)

    # -- deletes and the periodic auto-confirm -------------------------------

    def release_migration_claims(self, context, instance):
        """On delete: an unfinished move's claims go too (the migration
        consumer holds the source claim)."""
        if not (instance.obj_attr_is_set('new_flavor') and
                instance.new_flavor is not None):
            return
        for migration in objects.MigrationList.get_in_progress_by_instance(
                context, instance.uuid):
            objects.Allocation.release(context, migration.uuid)
            if migration.status not in ('confirming', 'confirmed'):
                migration.status = 'error'
                migration.save()

    def poll_unconfirmed_resizes(self, context):
        window = CONF.resize_confirm_window
        if not window:
            return
        for migration in objects.MigrationList.get_unconfirmed_by_dest_compute(
                context, window, self.host):
            try:
                instance = objects.Instance.get_by_uuid(
                    context, migration.instance_uuid)
            except exception.InstanceNotFound:
                continue
            if instance.vm_state != vm_states.RESIZED or \
                    instance.task_state is not None:
                continue
            try:
                self.resize_api.confirm_resize(context, instance,
                                               migration=migration)
                LOG.info('Automatically confirming the resize of %s after '
                         '%d seconds', instance.uuid, window)
            except Exception:
                LOG.exception('Automatic confirm of migration %s failed',
                              migration.uuid)
