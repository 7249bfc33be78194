"""The compute host's part of the server actions: reboot and the power
operations, rescue and unrescue, crash dumps, diagnostics, the console
output and VNC consoles."""
from oslo_log import log as logging
from oslo_utils import timeutils

from nova_lite.compute import consoles
from nova_lite.compute import host_operations
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite import conf as nl_conf
from nova_lite import exception

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

POWER_STATE_NAMES = {
    power_state.NOSTATE: 'pending', power_state.RUNNING: 'running',
    power_state.PAUSED: 'paused', power_state.SHUTDOWN: 'shutdown',
    power_state.CRASHED: 'crashed', power_state.SUSPENDED: 'suspended',
}

operation = host_operations.instance_operation


class ServerActionsManager(object):
    """guests: the HostGuests of this host; forget_shelved_image(context,
    instance): called once a guest runs again (the unshelve of a SHELVED
    server ends in start_instance, as in Nova)."""

    def __init__(self, guests, forget_shelved_image):
        self.guests = guests
        self.host = guests.host
        self.driver = guests.driver
        self.forget_shelved_image = forget_shelved_image

    # -- power operations -----------------------------------------------------

    @operation('reboot_instance')
    def reboot_instance(self, context, instance, reboot_type):
        # Nova's steps: rebooting -> reboot_pending -> reboot_started (or
        # their _hard variants) before the driver acts.
        if reboot_type == 'SOFT':
            expected = task_states.SOFT_REBOOT_STATES
            pending = task_states.REBOOT_PENDING
            started = task_states.REBOOT_STARTED
        else:
            expected = (task_states.SOFT_REBOOT_STATES +
                        task_states.HARD_REBOOT_STATES)
            pending = task_states.REBOOT_PENDING_HARD
            started = task_states.REBOOT_STARTED_HARD
        instance.task_state = pending
        instance.save(expected_task_state=list(expected))
        instance.task_state = started
        instance.save(expected_task_state=[pending])
        self.driver.reboot(context, instance, reboot_type)
        instance.power_state = self.guests.power_state(instance)
        instance.vm_state = vm_states.ACTIVE
        instance.task_state = None
        instance.save()

    @operation('stop_instance')
    def stop_instance(self, context, instance):
        self.driver.power_off(instance, CONF.shutdown_timeout)
        self.guests.settle(instance, vm_states.STOPPED,
                           task_states.POWERING_OFF)

    @operation('start_instance')
    def start_instance(self, context, instance):
        self.driver.power_on(context, instance)
        self.forget_shelved_image(context, instance)
        self.guests.settle(instance, vm_states.ACTIVE,
                           task_states.POWERING_ON)

    @operation('pause_instance')
    def pause_instance(self, context, instance):
        self.driver.pause(instance)
        self.guests.settle(instance, vm_states.PAUSED, task_states.PAUSING)

    @operation('unpause_instance')
    def unpause_instance(self, context, instance):
        self.driver.unpause(instance)
        self.guests.settle(instance, vm_states.ACTIVE,
                           task_states.UNPAUSING)

    @operation('suspend_instance')
    def suspend_instance(self, context, instance):
        self.driver.suspend(context, instance)
        self.guests.settle(instance, vm_states.SUSPENDED,
                           task_states.SUSPENDING)

    @operation('resume_instance')
    def resume_instance(self, context, instance):
        self.driver.resume(context, instance)
        self.guests.settle(instance, vm_states.ACTIVE, task_states.RESUMING)

    # -- rescue, crash dump ---------------------------------------------------

    @operation('rescue_instance')
    def rescue_instance(self, context, instance, rescue_password,
                        image_meta=None):
        self.driver.rescue(context, instance, image_meta or {},
                           rescue_password)
        instance.launched_at = timeutils.utcnow()
        self.guests.settle(instance, vm_states.RESCUED,
                           task_states.RESCUING)

    @operation('unrescue_instance')
    def unrescue_instance(self, context, instance):
        self.driver.unrescue(context, instance)
        self.guests.settle(instance, vm_states.ACTIVE,
                           task_states.UNRESCUING)

    @operation('trigger_crash_dump')
    def trigger_crash_dump(self, context, instance):
        self.driver.trigger_crash_dump(instance)

    # -- reads (RPC calls) ----------------------------------------------------

    def _check_running_for(self, instance, method):
        state = self.guests.power_state(instance)
        if state != power_state.RUNNING:
            raise exception.InstanceInvalidState(
                action=method, instance_uuid=instance.uuid,
                attr='power_state',
                state=POWER_STATE_NAMES.get(state, state))

    def get_diagnostics(self, context, instance):
        self._check_running_for(instance, 'get_diagnostics')
        return self.driver.get_diagnostics(instance)

    def get_instance_diagnostics(self, context, instance):
        self._check_running_for(instance, 'get_instance_diagnostics')
        return self.driver.get_instance_diagnostics(instance)

    def get_console_output(self, context, instance, tail_length=None):
        output = self.driver.get_console_output(context, instance)
        if tail_length is not None:
            # Nova's count: pieces of the log split at newlines, the empty
            # one after the last newline included (what clients count).
            pieces = output.split('\n')
            output = '\n'.join(pieces[-tail_length:]) if tail_length else ''
        return output

    def get_vnc_console(self, context, instance, console_type):
        """Authorize a VNC console of this host's guest."""
        return consoles.get_vnc_console(context, self.driver, instance,
                                        console_type)

    def get_host_uptime(self, context):
        """The host's `uptime` line (os-hypervisors uptime)."""
        return self.driver.get_host_uptime()
