"""Server actions of the compute API beyond create/delete/power: lock,
rescue, reset state, crash dumps, soft delete and restore, metadata,
password and diagnostics.

Mixed into nova_lite.compute.api.API. Each method checks the states Nova
allows (409 otherwise), records the instance action and casts to the
instance's compute host.
"""
from oslo_log import log as logging

from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import conf as nl_conf
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

# The states in which a server's metadata may change.
METADATA_VM_STATES = [vm_states.ACTIVE, vm_states.PAUSED,
                      vm_states.SUSPENDED, vm_states.STOPPED]
RESCUE_VM_STATES = [vm_states.ACTIVE, vm_states.STOPPED, vm_states.ERROR]
CRASH_DUMP_VM_STATES = [vm_states.ACTIVE, vm_states.PAUSED,
                        vm_states.RESCUED, vm_states.RESIZED,
                        vm_states.ERROR]
DEFAULT_METADATA_ITEMS = 128
# The admin password is kept in system_metadata in 4 chunks of 255.
PASSWORD_CHUNKS = 4
PASSWORD_CHUNK_SIZE = 255


def _check(instance, action, vm_state=None, task_state=(None,),
           must_have_host=False):
    if vm_state is not None and instance.vm_state not in vm_state:
        raise exception.InstanceInvalidState(
            action=action, instance_uuid=instance.uuid, attr='vm_state',
            state=instance.vm_state)
    if task_state is not None and instance.task_state not in task_state:
        raise exception.InstanceInvalidState(
            action=action, instance_uuid=instance.uuid, attr='task_state',
            state=instance.task_state)
    if must_have_host and not instance.host:
        raise exception.InstanceNotReady(instance_id=instance.uuid)


def _check_locked(context, instance):
    if instance.locked and not context.is_admin:
        raise exception.InstanceIsLocked(instance_uuid=instance.uuid)


class ServerActionsMixin(object):

    # -- reads ----------------------------------------------------------------

    def get_maybe_deleted(self, context, instance_id, expected_attrs=None):
        """A server, deleted or not (os-instance-actions at 2.21)."""
        ctx = nl_context.RequestContext.from_dict(context.to_dict())
        ctx.read_deleted = 'yes'
        instance = self.get(ctx, instance_id, expected_attrs=expected_attrs)
        instance._context = context
        return instance

    # -- lock -----------------------------------------------------------------

    @staticmethod
    def _locker(context, instance):
        return 'owner' if instance.project_id == context.project_id \
            else 'admin'

    def is_expected_locked_by(self, context, instance):
        """False when someone else (owner vs admin) locked the server."""
        locked_by = instance.locked_by
        return not locked_by or locked_by == self._locker(context, instance)

    def lock(self, context, instance, reason=None):
        compute_utils.start_action(context, instance, 'lock')
        with compute_utils.ActionEvent(context, instance, 'api_lock',
                                       CONF.host):
            instance.locked = True
            instance.locked_by = self._locker(context, instance)
            instance.locked_reason = reason
            instance.save()
        objects.InstanceAction.action_finish(context, instance.uuid)
        LOG.info('Instance %s locked by %s (request %s)', instance.uuid,
                 instance.locked_by, context.request_id)

    def unlock(self, context, instance):
        compute_utils.start_action(context, instance, 'unlock')
        with compute_utils.ActionEvent(context, instance, 'api_unlock',
                                       CONF.host):
            instance.locked = False
            instance.locked_by = None
            instance.locked_reason = None
            instance.save()
        objects.InstanceAction.action_finish(context, instance.uuid)
        LOG.info('Instance %s unlocked (request %s)', instance.uuid,
                 context.request_id)

    # -- rescue ---------------------------------------------------------------

    def rescue(self, context, instance, rescue_password=None,
               rescue_image_ref=None):
        _check_locked(context, instance)
        _check(instance, 'rescue', vm_state=RESCUE_VM_STATES)
        image_ref = rescue_image_ref or instance.image_ref
        try:
            image = self.image_api.get(context, image_ref)
        except exception.ImageNotFound:
            raise exception.InstanceNotRescuable(
                instance_id=instance.uuid,
                reason='Image %s could not be found.' % image_ref)
        image_meta = {'id': image['id'],
                      'properties': image.get('properties', {})}
        self._cast_with_task_state(
            context, instance, 'rescue', task_states.RESCUING,
            lambda ctx, inst: self.compute_rpcapi.rescue_instance(
                ctx, inst, rescue_password, image_meta))

    def unrescue(self, context, instance):
        _check_locked(context, instance)
        _check(instance, 'unrescue', vm_state=[vm_states.RESCUED])
        self._cast_with_task_state(
            context, instance, 'unrescue', task_states.UNRESCUING,
            self.compute_rpcapi.unrescue_instance)

    # -- admin ----------------------------------------------------------------

    def reset_state(self, context, instance, vm_state):
        compute_utils.start_action(context, instance, 'resetState')
        instance.vm_state = vm_state
        instance.task_state = None
        instance.save()
        objects.InstanceAction.action_finish(context, instance.uuid)
        LOG.info('Instance %s state reset to %s (request %s)',
                 instance.uuid, vm_state, context.request_id)

    def trigger_crash_dump(self, context, instance):
        _check_locked(context, instance)
        _check(instance, 'trigger_crash_dump',
               vm_state=CRASH_DUMP_VM_STATES, must_have_host=True)
        if instance.power_state != power_state.RUNNING:
            raise exception.InstanceNotRunning(instance_id=instance.uuid)
        compute_utils.start_action(context, instance, 'trigger_crash_dump')
        self.compute_rpcapi.trigger_crash_dump(context, instance)

    # -- soft delete, restore, force delete -----------------------------------

    def soft_delete_or_delete(self, context, instance):
        """DELETE /servers/{id}: soft-delete when reclaim_instance_interval
        is set and the server ran on a host that is up; delete otherwise."""
        _check_locked(context, instance)
        if (CONF.reclaim_instance_interval <= 0 or
                instance.vm_state == vm_states.SOFT_DELETED or
                not instance.launched_at or not instance.host or
                instance.task_state is not None or
                not self._compute_is_up(context, instance.host)):
            return self.delete(context, instance)
        self._cast_with_task_state(
            context, instance, 'delete', task_states.SOFT_DELETING,
            self.compute_rpcapi.soft_delete_instance)

    def restore(self, context, instance):
        _check_locked(context, instance)
        _check(instance, 'restore', vm_state=[vm_states.SOFT_DELETED])
        if instance.host and self._compute_is_up(context, instance.host):
            self._cast_with_task_state(
                context, instance, 'restore', task_states.RESTORING,
                self.compute_rpcapi.restore_instance)
            return
        compute_utils.start_action(context, instance, 'restore')
        instance.vm_state = vm_states.ACTIVE
        instance.task_state = None
        instance.save()
        objects.InstanceAction.action_finish(context, instance.uuid)

    def force_delete_checked(self, context, instance):
        _check_locked(context, instance)
        _check(instance, 'force_delete')
        return self.delete(context, instance)

    # -- metadata -------------------------------------------------------------

    def update_instance_metadata(self, context, instance, metadata,
                                 delete=False):
        """Merge (or with delete=True replace) the server's metadata."""
        _check_locked(context, instance)
        _check(instance, 'update_instance_metadata',
               vm_state=METADATA_VM_STATES)
        new = dict(metadata) if delete else dict(instance.metadata or {},
                                                 **metadata)
        limit = getattr(getattr(CONF, 'quota', None), 'metadata_items',
                        DEFAULT_METADATA_ITEMS)
        if limit is not None and 0 <= limit < len(new):
            raise exception.OverQuota(
                message='Quota exceeded for metadata_items: Requested %d, '
                        'but the limit is %d' % (len(new), limit))
        instance.metadata = new
        instance.save()
        return dict(instance.metadata)

    def delete_instance_metadata(self, context, instance, key):
        _check_locked(context, instance)
        _check(instance, 'delete_instance_metadata',
               vm_state=METADATA_VM_STATES)
        metadata = dict(instance.metadata or {})
        metadata.pop(key, None)
        instance.metadata = metadata
        instance.save()

    # -- password -------------------------------------------------------------

    @staticmethod
    def get_password(instance):
        sysmeta = instance.system_metadata or {}
        return ''.join(sysmeta.get('password_%d' % i) or ''
                       for i in range(PASSWORD_CHUNKS))

    def clear_password(self, context, instance):
        sysmeta = dict(instance.system_metadata or {})
        for i in range(PASSWORD_CHUNKS):
            sysmeta['password_%d' % i] = ''
        instance.system_metadata = sysmeta
        instance.save()

    # -- diagnostics ----------------------------------------------------------

    def get_diagnostics(self, context, instance):
        _check(instance, 'get_diagnostics', vm_state=None, task_state=None,
               must_have_host=True)
        return self.compute_rpcapi.get_diagnostics(context, instance)

    def get_instance_diagnostics(self, context, instance):
        _check(instance, 'get_instance_diagnostics', vm_state=None,
               task_state=None, must_have_host=True)
        return self.compute_rpcapi.get_instance_diagnostics(context,
                                                            instance)
