"""instance.* notifications: actions (start/end/error) and updates."""
from nova_lite import conf as nl_conf
from nova_lite.notifications import base
from nova_lite.notifications import payloads

CONF = nl_conf.CONF


def _emit(context, instance, host, event_type, payload_fn, binary,
          fault=None):
    priority = base.ERROR if event_type.endswith('.error') else base.INFO
    if base.versioned_enabled():
        base.emit_versioned(context, base.publisher(binary, host),
                            event_type, payload_fn(context, instance, fault),
                            priority)
    if base.legacy_enabled():
        base.emit_legacy(context, base.legacy_publisher(binary, host),
                         'compute.' + event_type,
                         payloads.legacy_payload(context, instance, fault),
                         priority)


def notify_about_instance_action(context, instance, host, action, phase,
                                 exception=None, binary='nova-compute'):
    """instance.<action>.<phase> (start, end, error) with an
    InstanceActionPayload; e.g. action='power_off', phase='start'."""
    _emit(context, instance, host, 'instance.%s.%s' % (action, phase),
          payloads.action_payload, binary, exception)


def notify_about_instance_create(context, instance, host, phase,
                                 exception=None, binary='nova-compute'):
    """instance.create.<phase> with an InstanceCreatePayload."""
    _emit(context, instance, host, 'instance.create.%s' % phase,
          payloads.create_payload, binary, exception)


def notify_about_instance_rebuild(context, instance, host, phase,
                                  exception=None, binary='nova-compute'):
    """instance.rebuild.<phase> with an InstanceActionRebuildPayload."""
    _emit(context, instance, host, 'instance.rebuild.%s' % phase,
          payloads.rebuild_payload, binary, exception)


def notify_about_instance_snapshot(context, instance, host, phase,
                                   snapshot_image_id,
                                   binary='nova-compute'):
    """instance.snapshot.<phase> (start, end) with an
    InstanceActionSnapshotPayload naming the image."""
    _emit(context, instance, host, 'instance.snapshot.%s' % phase,
          lambda ctx, inst, fault: payloads.snapshot_payload(
              ctx, inst, snapshot_image_id, fault), binary)


def state_change_notifications_enabled():
    """Whether a state change sends instance.update (so a save must read
    the original states)."""
    return bool(CONF.notifications.notify_on_state_change)


def send_update(context, instance, old_vm_state, old_task_state,
                old_display_name=None, host=None, binary='nova-compute'):
    """instance.update when the state changed as
    [notifications] notify_on_state_change asks."""
    mode = CONF.notifications.notify_on_state_change
    if not mode:
        return
    changed = old_vm_state != instance.vm_state
    if mode == 'vm_and_task_state':
        changed = changed or old_task_state != instance.task_state
    if not changed:
        return
    host = host or instance.host
    if base.versioned_enabled():
        base.emit_versioned(
            context, base.publisher(binary, host), 'instance.update',
            payloads.update_payload(context, instance, old_vm_state,
                                    old_task_state, old_display_name))
    if base.legacy_enabled():
        payload = payloads.legacy_payload(context, instance)
        payload.update(old_state=old_vm_state, old_task_state=old_task_state,
                       new_task_state=instance.task_state)
        base.emit_legacy(context, base.legacy_publisher(binary, host),
                         'compute.instance.update', payload)


# Compute manager operations (instance_operation events) and the
# instance.<action> notification each sends; the ones in _WITH_ERROR also
# send instance.<action>.error when they fail, as in Nova.
COMPUTE_ACTIONS = {
    'reboot_instance': 'reboot',
    'stop_instance': 'power_off',
    'start_instance': 'power_on',
    'pause_instance': 'pause',
    'unpause_instance': 'unpause',
    'suspend_instance': 'suspend',
    'resume_instance': 'resume',
    'rescue_instance': 'rescue',
    'unrescue_instance': 'unrescue',
    'trigger_crash_dump': 'trigger_crash_dump',
    'soft_delete_instance': 'soft_delete',
    'restore_instance': 'restore',
}
_WITH_ERROR = ('reboot',)


class ActionNotification(object):
    """Sends instance.<action>.start on entry and .end (or .error) on
    exit, around a compute manager operation named `event`."""

    def __init__(self, context, instance, host, event):
        self.context = context
        self.instance = instance
        self.host = host
        self.action = COMPUTE_ACTIONS.get(event)

    def __enter__(self):
        if self.action:
            notify_about_instance_action(self.context, self.instance,
                                         self.host, self.action, 'start')
        return self

    def __exit__(self, exc_type, exc, tb):
        if not self.action:
            return False
        if exc is None:
            notify_about_instance_action(self.context, self.instance,
                                         self.host, self.action, 'end')
        elif self.action in _WITH_ERROR:
            notify_about_instance_action(self.context, self.instance,
                                         self.host, self.action, 'error',
                                         exception=exc)
        return False
