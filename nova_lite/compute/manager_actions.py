"""The compute manager's server actions beyond power operations: rescue,
unrescue, crash dumps, soft delete / restore (and the periodic reclaim of
soft-deleted servers), diagnostics.

Mixed into nova_lite.compute.manager.ComputeManager, which provides
self.host, self.driver, _get_power_state, _revert_task_state and
_delete_instance.
"""
import datetime
import functools

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_utils import timeutils

from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite import objects

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

_GONE = (exception.InstanceNotFound,
         exception.UnexpectedDeletingTaskStateError)

POWER_STATE_NAMES = {
    power_state.NOSTATE: 'pending', power_state.RUNNING: 'running',
    power_state.PAUSED: 'paused', power_state.SHUTDOWN: 'shutdown',
    power_state.CRASHED: 'crashed', power_state.SUSPENDED: 'suspended',
}


def _operation(event):
    """Record the compute_<event> action event; on failure leave a fault
    and clear task_state (the vm_state stays what it was)."""
    def decorator(fn):
        @functools.wraps(fn)
        def wrapper(self, context, instance, *args, **kwargs):
            try:
                with compute_utils.ActionEvent(context, instance,
                                               'compute_' + event,
                                               self.host):
                    return fn(self, context, instance, *args, **kwargs)
            except _GONE:
                LOG.info('Instance %s went away during %s', instance.uuid,
                         event)
            except Exception as exc:
                LOG.exception('%s of instance %s failed (request %s)', event,
                              instance.uuid, context.request_id)
                compute_utils.add_instance_fault_from_exc(context, instance,
                                                          exc, self.host)
                self._revert_task_state(instance)
        return wrapper
    return decorator


class ServerActionsMixin(object):

    def _finish(self, instance, vm_state, expected_task_state):
        instance.power_state = self._get_power_state(instance)
        instance.vm_state = vm_state
        instance.task_state = None
        instance.save(expected_task_state=expected_task_state)
        LOG.info('Instance %s is %s on %s', instance.uuid, vm_state,
                 self.host)

    @_operation('rescue_instance')
    def rescue_instance(self, context, instance, rescue_password,
                        image_meta=None):
        self.driver.rescue(context, instance, image_meta or {},
                           rescue_password)
        instance.launched_at = timeutils.utcnow()
        self._finish(instance, vm_states.RESCUED, task_states.RESCUING)

    @_operation('unrescue_instance')
    def unrescue_instance(self, context, instance):
        self.driver.unrescue(context, instance)
        self._finish(instance, vm_states.ACTIVE, task_states.UNRESCUING)

    @_operation('trigger_crash_dump')
    def trigger_crash_dump(self, context, instance):
        self.driver.trigger_crash_dump(instance)

    @_operation('soft_delete_instance')
    def soft_delete_instance(self, context, instance):
        self.driver.soft_delete(instance)
        self._finish(instance, vm_states.SOFT_DELETED,
                     task_states.SOFT_DELETING)

    @_operation('restore_instance')
    def restore_instance(self, context, instance):
        self.driver.restore(instance)
        self._finish(instance, vm_states.ACTIVE, task_states.RESTORING)

    def _check_running_for(self, instance, method):
        state = self._get_power_state(instance)
        if state != power_state.RUNNING:
            raise exception.InstanceInvalidState(
                action=method, instance_uuid=instance.uuid,
                attr='power_state',
                state=POWER_STATE_NAMES.get(state, state))

    @messaging.expected_exceptions(exception.NovaLiteException,
                                   NotImplementedError)
    def get_diagnostics(self, context, instance):
        self._check_running_for(instance, 'get_diagnostics')
        return self.driver.get_diagnostics(instance)

    @messaging.expected_exceptions(exception.NovaLiteException,
                                   NotImplementedError)
    def get_instance_diagnostics(self, context, instance):
        self._check_running_for(instance, 'get_instance_diagnostics')
        return self.driver.get_instance_diagnostics(instance)

    # -- periodic -------------------------------------------------------------

    def _reclaim_queued_deletes(self, context):
        """Delete the soft-deleted servers of this host older than
        [DEFAULT] reclaim_instance_interval."""
        interval = CONF.reclaim_instance_interval
        if interval <= 0:
            return
        instances = objects.InstanceList.get_by_filters(
            context, {'host': self.host, 'vm_state': vm_states.SOFT_DELETED,
                      'task_state': None, 'deleted': False})
        cutoff = timeutils.utcnow().replace(tzinfo=None) - \
            datetime.timedelta(seconds=interval)
        for instance in instances:
            since = instance.updated_at or instance.created_at
            if since is not None and since.replace(tzinfo=None) > cutoff:
                continue
            LOG.info('Reclaiming soft-deleted instance %s', instance.uuid)
            try:
                self._delete_instance(context, instance)
            except Exception:
                LOG.exception('Reclaiming instance %s failed', instance.uuid)
