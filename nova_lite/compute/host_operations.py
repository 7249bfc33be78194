"""The rules every compute-host operation on a guest shares.

``HostGuests`` is this host's name and its virt driver, with the power
state reads and the save that ends an operation. ``instance_operation``
wraps an operation in its action event and notification, and on failure
leaves a fault and clears task_state, so an instance is never left
mid-operation.
"""
import functools

from oslo_log import log as logging

from nova_lite.compute import power_state
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import notifications
from nova_lite import objects

LOG = logging.getLogger(__name__)

# The instance was deleted, or is being deleted, under the operation.
GONE = (exception.InstanceNotFound,
        exception.UnexpectedDeletingTaskStateError)


class HostGuests(object):
    """This host's guests, through its virt driver."""

    def __init__(self, host, driver):
        self.host = host
        self.driver = driver

    def destroy_quietly(self, context, instance, why,
                        block_device_info=None):
        """Destroy the guest of `instance` if any (disconnecting the
        volumes of `block_device_info`); a failure is logged (`why`: what
        the destroy cleans up after), never raised."""
        try:
            self.driver.destroy(context, instance,
                                block_device_info=block_device_info)
        except Exception:
            LOG.exception('Destroying the guest of %s (%s) failed',
                          instance.uuid, why)

    def power_state(self, instance):
        try:
            return self.driver.get_info(instance).state
        except exception.InstanceNotFound:
            return power_state.NOSTATE

    def at_rest_in(self, context, vm_state):
        """This host's instances in `vm_state` with no operation under way
        (what the periodic clean-ups act on)."""
        return objects.InstanceList.get_by_filters(
            context, {'host': self.host, 'vm_state': vm_state,
                      'task_state': None, 'deleted': False})

    def settle(self, instance, vm_state, expected_task_state):
        """End an operation: the guest's power state, `vm_state` and no
        task_state, saved only if task_state is still the expected one."""
        instance.power_state = self.power_state(instance)
        instance.vm_state = vm_state
        instance.task_state = None
        instance.save(expected_task_state=expected_task_state)
        LOG.info('Instance %s is %s on %s', instance.uuid, vm_state,
                 self.host)

    def sync_power_state(self, instance, clear_task_state=False):
        """Record the guest's power state (an ACTIVE instance whose guest
        is off becomes STOPPED)."""
        state = self.power_state(instance)
        changed = False
        if instance.power_state != state:
            instance.power_state = state
            changed = True
        if clear_task_state and instance.task_state is not None:
            instance.task_state = None
            changed = True
        if (instance.vm_state == vm_states.ACTIVE and
                state in (power_state.SHUTDOWN, power_state.CRASHED,
                          power_state.NOSTATE)):
            instance.vm_state = vm_states.STOPPED
            changed = True
        if changed:
            instance.save()


def revert_task_state(instance):
    """Clear task_state after a failure (nothing to do once the instance
    is gone)."""
    try:
        instance.task_state = None
        instance.save()
    except GONE:
        pass
    except Exception:
        LOG.exception('Could not reset task_state of %s', instance.uuid)


def instance_operation(event):
    """Run a method (context, instance, ...) of an object that has `host`
    as the action event compute_<event>, with the instance.<action>
    notification Nova sends for it. An instance that went away is logged;
    any other failure leaves a fault and clears task_state (vm_state stays
    what it was). The failure is not raised: the callers cast."""
    def decorator(fn):
        @functools.wraps(fn)
        def wrapper(self, context, instance, *args, **kwargs):
            try:
                with compute_utils.ActionEvent(context, instance,
                                               'compute_' + event,
                                               self.host), \
                        notifications.ActionNotification(
                            context, instance, self.host, event):
                    return fn(self, context, instance, *args, **kwargs)
            except GONE:
                LOG.info('Instance %s went away during %s', instance.uuid,
                         event)
            except Exception as exc:
                LOG.exception('%s of instance %s failed (request %s)', event,
                              instance.uuid, context.request_id)
                compute_utils.add_instance_fault_from_exc(context, instance,
                                                          exc, self.host)
                revert_task_state(instance)
        return wrapper
    return decorator
