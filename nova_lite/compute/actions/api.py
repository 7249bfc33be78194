"""The compute API's server actions: reboot and the power operations,
console output and VNC consoles, lock, rescue, reset state, crash dumps,
metadata, password and diagnostics. Each checks the states Nova allows
(409 otherwise), records the instance action and casts (or calls) the
instance's compute host."""
from oslo_log import log as logging

from nova_lite.compute import guards
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite import objects

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

ALLOW_SOFT_REBOOT = [vm_states.ACTIVE]
ALLOW_HARD_REBOOT = ALLOW_SOFT_REBOOT + [vm_states.STOPPED, vm_states.PAUSED,
                                         vm_states.SUSPENDED, vm_states.ERROR]
REBOOT_TASK_STATES = ([None] + list(task_states.SOFT_REBOOT_STATES) +
                      list(task_states.HARD_REBOOT_STATES))
# The states in which a server's metadata may change.
METADATA_VM_STATES = [vm_states.ACTIVE, vm_states.PAUSED,
                      vm_states.SUSPENDED, vm_states.STOPPED]
RESCUE_VM_STATES = [vm_states.ACTIVE, vm_states.STOPPED, vm_states.ERROR]
CRASH_DUMP_VM_STATES = [vm_states.ACTIVE, vm_states.PAUSED,
                        vm_states.RESCUED, vm_states.RESIZED,
                        vm_states.ERROR]
VNC_VM_STATES = (vm_states.ACTIVE, vm_states.PAUSED, vm_states.RESCUED)
DEFAULT_METADATA_ITEMS = 128
# The admin password is kept in system_metadata in 4 chunks of 255.
PASSWORD_CHUNKS = 4
PASSWORD_CHUNK_SIZE = 255

lock_guard = guards.check_instance_lock
state_guard = guards.check_instance_state
cast_with_task_state = compute_utils.cast_with_task_state


def get_password(instance):
    sysmeta = instance.system_metadata or {}
    return ''.join(sysmeta.get('password_%d' % i) or ''
                   for i in range(PASSWORD_CHUNKS))


def _locker(context, instance):
    return 'owner' if instance.project_id == context.project_id \
        else 'admin'


class ServerActionsAPI(object):
    """compute_rpcapi: the compute RPC client; image_api: images (the
    rescue image)."""

    def __init__(self, compute_rpcapi, image_api):
        self.compute_rpcapi = compute_rpcapi
        self.image_api = image_api

    # -- power operations -----------------------------------------------------

    @lock_guard
    @state_guard(vm_state=set(ALLOW_HARD_REBOOT),
                 task_state=REBOOT_TASK_STATES, must_have_host=True)
    def reboot(self, context, instance, reboot_type):
        if reboot_type == 'SOFT':
            if instance.vm_state not in ALLOW_SOFT_REBOOT or \
                    instance.task_state not in (None,) + \
                    task_states.SOFT_REBOOT_STATES:
                raise exception.InstanceInvalidState(
                    action='reboot', instance_uuid=instance.uuid,
                    attr='vm_state' if instance.task_state is None else
                    'task_state',
                    state=instance.vm_state if instance.task_state is None
                    else instance.task_state)
            state = task_states.REBOOTING
        else:
            state = task_states.REBOOTING_HARD
        cast_with_task_state(
            context, instance, 'reboot', state,
            lambda ctx, inst: self.compute_rpcapi.reboot_instance(
                ctx, inst, reboot_type))

    @lock_guard
    @state_guard(vm_state=[vm_states.ACTIVE, vm_states.ERROR],
                 must_have_host=True)
    def stop(self, context, instance):
        cast_with_task_state(context, instance, 'stop',
                             task_states.POWERING_OFF,
                             self.compute_rpcapi.stop_instance)

    @lock_guard
    @state_guard(vm_state=[vm_states.STOPPED], must_have_host=True)
    def start(self, context, instance):
        cast_with_task_state(context, instance, 'start',
                             task_states.POWERING_ON,
                             self.compute_rpcapi.start_instance)

    @lock_guard
    @state_guard(vm_state=[vm_states.ACTIVE], must_have_host=True)
    def pause(self, context, instance):
        cast_with_task_state(context, instance, 'pause',
                             task_states.PAUSING,
                             self.compute_rpcapi.pause_instance)

    @lock_guard
    @state_guard(vm_state=[vm_states.PAUSED], must_have_host=True)
    def unpause(self, context, instance):
        cast_with_task_state(context, instance, 'unpause',
                             task_states.UNPAUSING,
                             self.compute_rpcapi.unpause_instance)

    @lock_guard
    @state_guard(vm_state=[vm_states.ACTIVE], must_have_host=True)
    def suspend(self, context, instance):
        cast_with_task_state(context, instance, 'suspend',
                             task_states.SUSPENDING,
                             self.compute_rpcapi.suspend_instance)

    @lock_guard
    @state_guard(vm_state=[vm_states.SUSPENDED], must_have_host=True)
    def resume(self, context, instance):
        cast_with_task_state(context, instance, 'resume',
                             task_states.RESUMING,
                             self.compute_rpcapi.resume_instance)

    # -- consoles -------------------------------------------------------------

    @state_guard(vm_state=None, task_state=None, must_have_host=True)
    def get_console_output(self, context, instance, tail_length=None):
        return self.compute_rpcapi.get_console_output(
            context, instance, tail_length=tail_length)

    def get_vnc_console(self, context, instance, console_type):
        """{'url': ..., 'token': ...} of an authorized VNC console: the
        guest must be on a host and running (else 409, not ready)."""
        if not instance.host or instance.vm_state not in VNC_VM_STATES or \
                instance.task_state == task_states.DELETING:
            raise exception.InstanceNotReady(instance_id=instance.uuid)
        info = self.compute_rpcapi.get_vnc_console(context, instance,
                                                   console_type)
        return {'url': info['access_url'], 'token': info['token']}

    # -- lock -----------------------------------------------------------------

    def is_expected_locked_by(self, context, instance):
        """False when someone else (owner vs admin) locked the server."""
        locked_by = instance.locked_by
        return not locked_by or locked_by == _locker(context, instance)

    def lock(self, context, instance, reason=None):
        if instance.locked and instance.project_id == context.project_id:
            # As Nova: the owner locking again changes nothing (an admin
            # takes the lock over).
            return
        self._record(context, instance, 'lock', locked=True,
                     locked_by=_locker(context, instance),
                     locked_reason=reason)
        LOG.info('Instance %s locked by %s (request %s)', instance.uuid,
                 instance.locked_by, context.request_id)

    def unlock(self, context, instance):
        self._record(context, instance, 'unlock', locked=False,
                     locked_by=None, locked_reason=None)
        LOG.info('Instance %s unlocked (request %s)', instance.uuid,
                 context.request_id)

    @staticmethod
    def _record(context, instance, action, **values):
        """Change the instance here, as the api_<action> event of its own
        instance action."""
        compute_utils.start_action(context, instance, action)
        with compute_utils.ActionEvent(context, instance, 'api_' + action,
                                       CONF.host):
            for name, value in values.items():
                setattr(instance, name, value)
            instance.save()
        objects.InstanceAction.action_finish(context, instance.uuid)

    # -- rescue ---------------------------------------------------------------

    @lock_guard
    @state_guard(vm_state=RESCUE_VM_STATES)
    def rescue(self, context, instance, rescue_password=None,
               rescue_image_ref=None):
        image_ref = rescue_image_ref or instance.image_ref
        try:
            image = self.image_api.get(context, image_ref)
        except exception.ImageNotFound:
            raise exception.InstanceNotRescuable(
                instance_id=instance.uuid,
                reason='Image %s could not be found.' % image_ref)
        image_meta = {'id': image['id'],
                      'properties': image.get('properties', {})}
        cast_with_task_state(
            context, instance, 'rescue', task_states.RESCUING,
            lambda ctx, inst: self.compute_rpcapi.rescue_instance(
                ctx, inst, rescue_password, image_meta))

    @lock_guard
    @state_guard(vm_state=[vm_states.RESCUED])
    def unrescue(self, context, instance):
        cast_with_task_state(context, instance, 'unrescue',
                             task_states.UNRESCUING,
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

    @lock_guard
    @state_guard(vm_state=CRASH_DUMP_VM_STATES)
    @guards.check_instance_host
    def trigger_crash_dump(self, context, instance):
        if instance.power_state != power_state.RUNNING:
            raise exception.InstanceNotRunning(instance_id=instance.uuid)
        compute_utils.start_action(context, instance, 'trigger_crash_dump')
        self.compute_rpcapi.trigger_crash_dump(context, instance)

    # -- metadata -------------------------------------------------------------

    @lock_guard
    @state_guard(vm_state=METADATA_VM_STATES)
    def update_instance_metadata(self, context, instance, metadata,
                                 delete=False):
        """Merge (or with delete=True replace) the server's metadata."""
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

    @lock_guard
    @state_guard(vm_state=METADATA_VM_STATES)
    def delete_instance_metadata(self, context, instance, key):
        metadata = dict(instance.metadata or {})
        metadata.pop(key, None)
        instance.metadata = metadata
        instance.save()

    # -- password -------------------------------------------------------------

    def clear_password(self, context, instance):
        sysmeta = dict(instance.system_metadata or {})
        for i in range(PASSWORD_CHUNKS):
            sysmeta['password_%d' % i] = ''
        instance.system_metadata = sysmeta
        instance.save()

    # -- diagnostics ----------------------------------------------------------

    @guards.check_instance_host
    def get_diagnostics(self, context, instance):
        return self.compute_rpcapi.get_diagnostics(context, instance)

    @guards.check_instance_host
    def get_instance_diagnostics(self, context, instance):
        return self.compute_rpcapi.get_instance_diagnostics(context,
                                                            instance)
