"""The compute service's RPC endpoint: builds, deletes and power
operations on this host's guests, through the virt driver.

It never touches the database: every object method goes to the conductor.
"""
import functools
import threading

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_utils import timeutils

from nova_lite.compute import manager_actions
from nova_lite.compute import manager_resize
from nova_lite.compute import consoles
from nova_lite.compute import periodic
from nova_lite.compute import power_state
from nova_lite.compute import power_sync
from nova_lite.compute import manager_rebuild
from nova_lite.compute import manager_shelve
from nova_lite.compute import manager_snapshot
from nova_lite.compute import resource_tracker
from nova_lite.compute import server_groups
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import conf as nl_conf
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import notifications
from nova_lite import objects
from nova_lite.virt import driver as virt_driver

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

_GONE = (exception.InstanceNotFound,
         exception.UnexpectedDeletingTaskStateError)


def instance_operation(event):
    """Record an action event; on failure add a fault and clear task_state
    so the instance is never left mid-operation."""
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


class ComputeManager(manager_actions.ServerActionsMixin,
                     manager_resize.ResizeManagerMixin,
                     manager_rebuild.RebuildEventsMixin,
                     manager_snapshot.SnapshotManagerMixin,
                     manager_shelve.ShelveManagerMixin):
    target = messaging.Target(version='1.0')

    def __init__(self, host=None, driver=None):
        self.host = host or CONF.host
        self.driver = driver or virt_driver.load_compute_driver(
            CONF.compute_driver)
        self.conductor_api = conductor_rpcapi.ConductorAPI()
        self.resource_tracker = resource_tracker.ResourceTracker(
            self.host, self.driver)
        limit = CONF.max_concurrent_builds
        self._build_semaphore = (threading.BoundedSemaphore(limit) if limit
                                 else None)
        self.service_id = None
        self.power_sync = power_sync.PowerStateSync(self.host, self.driver)
        self.periodic = periodic.PeriodicTasks(
            default_spacing=lambda: CONF.periodic_interval)
        self.periodic.add('update_available_resource', 0,
                          self._update_available_resource)
        self.periodic.add('_sync_power_states',
                          lambda: CONF.sync_power_state_interval,
                          self.power_sync.sync_power_states)
        self.periodic.add('_run_image_cache_manager_pass',
                          lambda: CONF.image_cache.manager_interval,
                          self._run_image_cache_manager_pass)
        self.periodic.add('_cleanup_expired_console_auth_tokens', 600,
                          self._cleanup_expired_console_auth_tokens)
        # At the default interval (it checks reclaim_instance_interval).
        self.periodic.add('_reclaim_queued_deletes', 0,
                          self._reclaim_queued_deletes)
        self.init_resize_periodic_tasks()
        self.init_shelve_periodic_tasks()

    # -- lifecycle ------------------------------------------------------------

    def init_host(self, service_id=None):
        """Adopt what this host owned before a restart."""
        self.service_id = service_id
        self.driver.init_host(self.host)
        context = nl_context.get_admin_context()
        self.resource_tracker.update_available_resource(context, service_id)
        instances = objects.InstanceList.get_by_host(context, self.host)
        self._reap_orphan_guests(context, {i.uuid for i in instances})
        for instance in instances:
            try:
                self._init_instance(context, instance)
            except Exception:
                LOG.exception('Could not resolve instance %s at start-up',
                              instance.uuid)
        # Guests changing state on their own from now on (shut down from
        # inside, crashed) are synced as they happen.
        self.driver.register_event_listener(
            self.power_sync.handle_lifecycle_event)

    def _reap_orphan_guests(self, context, owned_uuids):
        """Destroy guests whose instance was deleted (or moved) while this
        service was down. A guest no instance record knows is not this
        cloud's (another cloud may share the hypervisor): left alone."""
        with_deleted = nl_context.get_admin_context(read_deleted='yes')
        for uuid in self.driver.list_instance_uuids():
            if uuid in owned_uuids:
                continue
            try:
                record = objects.Instance.get_by_uuid(with_deleted, uuid)
            except exception.InstanceNotFound:
                LOG.warning('Guest %s is not an instance of this cloud: '
                            'left alone', uuid)
                continue
            if not record.deleted and record.vm_state == vm_states.RESIZED:
                # The source of an unconfirmed resize: confirm cleans up.
                continue
            LOG.info('Destroying guest %s: its instance no longer lives on '
                     '%s', uuid, self.host)
            orphan = objects.Instance(context, uuid=uuid, display_name=None,
                                      hostname=None)
            try:
                self.driver.destroy(context, orphan)
            except Exception:
                LOG.exception('Could not destroy orphan guest %s', uuid)

    def _init_instance(self, context, instance):
        if instance.task_state == task_states.DELETING:
            LOG.info('Completing the delete of %s interrupted by a restart',
                     instance.uuid)
            self._delete_instance(context, instance)
            return
        if (instance.vm_state == vm_states.BUILDING or
                instance.task_state in task_states.BUILD_STATES):
            LOG.info('Instance %s was building when the compute service '
                     'stopped; setting it to ERROR', instance.uuid)
            exc = exception.BuildAbortException(
                instance_uuid=instance.uuid,
                reason='the compute service restarted during the build')
            compute_utils.add_instance_fault_from_exc(context, instance, exc,
                                                      self.host)
            try:
                self.driver.destroy(context, instance)
            except Exception:
                LOG.exception('Cleanup of interrupted build %s failed',
                              instance.uuid)
            instance.vm_state = vm_states.ERROR
            instance.task_state = None
            instance.power_state = power_state.NOSTATE
            instance.save()
            return
        if instance.task_state in task_states.HARD_REBOOT_STATES + \
                task_states.SOFT_REBOOT_STATES:
            LOG.info('Retrying the reboot of %s', instance.uuid)
            self.reboot_instance(context, instance, 'HARD')
            return
        if instance.task_state == task_states.POWERING_OFF:
            self.stop_instance(context, instance)
            return
        if instance.task_state == task_states.POWERING_ON:
            self.start_instance(context, instance)
            return
        self._sync_power_state(instance, clear_task_state=True)

    def cleanup_host(self):
        self.driver.cleanup_host(self.host)

    def periodic_tasks(self, context):
        """Run the periodic tasks that are due, each on its own interval;
        returns the seconds until the next one is (the service loop sleeps
        that long, at most periodic_interval)."""
        return self.periodic.run(context)

    def _update_available_resource(self, context):
        self.resource_tracker.update_available_resource(context,
                                                        self.service_id)

    def _run_image_cache_manager_pass(self, context):
        instances = objects.InstanceList.get_by_host(context, self.host)
        self.driver.manage_image_cache(context, instances)

    def _cleanup_expired_console_auth_tokens(self, context):
        consoles.clean_expired_tokens(context, self.host)

    def _get_power_state(self, instance):
        try:
            return self.driver.get_info(instance).state
        except exception.InstanceNotFound:
            return power_state.NOSTATE

    def _sync_power_state(self, instance, clear_task_state=False):
        state = self._get_power_state(instance)
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

    def _revert_task_state(self, instance):
        try:
            instance.task_state = None
            instance.save()
        except _GONE:
            pass
        except Exception:
            LOG.exception('Could not reset task_state of %s', instance.uuid)

    # -- build ----------------------------------------------------------------

    def build_and_run_instance(self, context, instance, image, request_spec,
                               filter_properties, node=None):
        if self._build_semaphore is None:
            return self._do_build_and_run(context, instance, image,
                                          request_spec, filter_properties)
        with self._build_semaphore:
            return self._do_build_and_run(context, instance, image,
                                          request_spec, filter_properties)

    def _do_build_and_run(self, context, instance, image, request_spec,
                          filter_properties):
        event = 'compute__do_build_and_run_instance'
        compute_utils.start_action_event(context, instance, event, self.host)
        notifications.notify_about_instance_create(context, instance,
                                                   self.host, 'start')
        try:
            self._build_and_run(context, instance, image, request_spec)
        except _GONE:
            LOG.info('Instance %s was deleted during its build; cleaning up',
                     instance.uuid)
            self._cleanup_deleted_build(context, instance)
            compute_utils.finish_action_event(context, instance, event)
            return
        except Exception as exc:
            LOG.warning('Build of instance %s failed on %s: %s',
                        instance.uuid, self.host, exc)
            compute_utils.finish_action_event(context, instance, event, exc)
            notifications.notify_about_instance_create(
                context, instance, self.host, 'error', exception=exc)
            self._handle_build_failure(context, instance, image,
                                       request_spec, filter_properties, exc)
            return
        compute_utils.finish_action_event(context, instance, event)
        notifications.notify_about_instance_create(context, instance,
                                                   self.host, 'end')
        LOG.info('Instance %s is ACTIVE on %s (request %s)', instance.uuid,
                 self.host, context.request_id)

    def _build_and_run(self, context, instance, image, request_spec=None):
        if request_spec is None or request_spec.get('instance_group'):
            server_groups.validate_late(context, instance, self.host)
        instance.launched_on = self.host
        instance.save_task_state_steps(
            [(task_states.SCHEDULING, task_states.NETWORKING),
             (task_states.NETWORKING, task_states.BLOCK_DEVICE_MAPPING),
             (task_states.BLOCK_DEVICE_MAPPING, task_states.SPAWNING)])
        self.driver.spawn(context, instance, image)
        instance.power_state = self._get_power_state(instance)
        instance.vm_state = vm_states.ACTIVE
        instance.task_state = None
        instance.launched_at = timeutils.utcnow()
        instance.save(expected_task_state=task_states.SPAWNING)

    def _cleanup_deleted_build(self, context, instance):
        try:
            self.driver.destroy(context, instance)
        except Exception:
            LOG.exception('Cleanup of deleted build %s failed', instance.uuid)
        objects.Allocation.release(context, instance.uuid)

    def _handle_build_failure(self, context, instance, image, request_spec,
                              filter_properties, exc):
        try:
            self.driver.destroy(context, instance)
        except Exception:
            LOG.exception('Cleanup after failed spawn of %s failed',
                          instance.uuid)
        retry = filter_properties.get('retry')
        if retry is not None and not isinstance(
                exc, exception.BuildAbortException):
            compute_utils.add_instance_fault_from_exc(context, instance, exc,
                                                      self.host)
            instance.task_state = task_states.SCHEDULING
            instance.host = None
            instance.node = None
            instance.launched_on = None
            try:
                instance.save()
            except _GONE:
                objects.Allocation.release(context, instance.uuid)
                return
            LOG.info('Rescheduling instance %s away from %s', instance.uuid,
                     self.host)
            self.conductor_api.build_instances(context, [instance], image,
                                               request_spec,
                                               filter_properties)
            return
        objects.Allocation.release(context, instance.uuid)
        compute_utils.add_instance_fault_from_exc(context, instance, exc,
                                                  self.host)
        instance.vm_state = vm_states.ERROR
        instance.task_state = None
        try:
            instance.save()
        except _GONE:
            pass

    # -- delete ---------------------------------------------------------------

    def terminate_instance(self, context, instance):
        with compute_utils.ActionEvent(context, instance,
                                       'compute_terminate_instance',
                                       self.host):
            self._delete_instance(context, instance)

    def _delete_instance(self, context, instance):
        notifications.notify_about_instance_action(
            context, instance, self.host, 'delete', 'start')
        try:
            self.driver.destroy(context, instance)
        except exception.InstanceNotFound:
            pass
        except Exception as exc:
            LOG.exception('Destroy of %s failed', instance.uuid)
            compute_utils.add_instance_fault_from_exc(context, instance, exc,
                                                      self.host)
            instance.vm_state = vm_states.ERROR
            instance.task_state = None
            instance.save()
            return
        try:
            instance.destroy()
        except exception.InstanceNotFound:
            pass
        objects.Allocation.release(context, instance.uuid)
        self.release_migration_claims(context, instance)
        consoles.clean_tokens_for_instance(context, instance.uuid)
        notifications.notify_about_instance_action(
            context, instance, self.host, 'delete', 'end')
        LOG.info('Instance %s deleted from %s (request %s)', instance.uuid,
                 self.host, context.request_id)

    # -- power operations -----------------------------------------------------

    @instance_operation('reboot_instance')
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
        instance.power_state = self._get_power_state(instance)
        instance.vm_state = vm_states.ACTIVE
        instance.task_state = None
        instance.save()

    def _power_change(self, context, instance, action, new_vm_state,
                      expected_task_state):
        action()
        instance.power_state = self._get_power_state(instance)
        instance.vm_state = new_vm_state
        instance.task_state = None
        instance.save(expected_task_state=expected_task_state)

    @instance_operation('stop_instance')
    def stop_instance(self, context, instance):
        self._power_change(context, instance,
                           lambda: self.driver.power_off(
                               instance, CONF.shutdown_timeout),
                           vm_states.STOPPED, task_states.POWERING_OFF)

    @instance_operation('start_instance')
    def start_instance(self, context, instance):
        def power_on():
            self.driver.power_on(context, instance)
            # The unshelve of a SHELVED guest ends here (as in Nova).
            self._forget_shelved_image(context, instance)
        self._power_change(context, instance, power_on, vm_states.ACTIVE,
                           task_states.POWERING_ON)

    @instance_operation('pause_instance')
    def pause_instance(self, context, instance):
        self._power_change(context, instance,
                           lambda: self.driver.pause(instance),
                           vm_states.PAUSED, task_states.PAUSING)

    @instance_operation('unpause_instance')
    def unpause_instance(self, context, instance):
        self._power_change(context, instance,
                           lambda: self.driver.unpause(instance),
                           vm_states.ACTIVE, task_states.UNPAUSING)

    @instance_operation('suspend_instance')
    def suspend_instance(self, context, instance):
        self._power_change(context, instance,
                           lambda: self.driver.suspend(context, instance),
                           vm_states.SUSPENDED, task_states.SUSPENDING)

    @instance_operation('resume_instance')
    def resume_instance(self, context, instance):
        self._power_change(context, instance,
                           lambda: self.driver.resume(context, instance),
                           vm_states.ACTIVE, task_states.RESUMING)

    @messaging.expected_exceptions(NotImplementedError)
    def get_host_uptime(self, context):
        """The host's `uptime` line (os-hypervisors uptime)."""
        return self.driver.get_host_uptime()

    def get_console_output(self, context, instance, tail_length=None):
        output = self.driver.get_console_output(context, instance)
        if tail_length is not None:
            lines = output.splitlines()
            output = '\n'.join(lines[-tail_length:] if tail_length else [])
            if output:
                output += '\n'
        return output

    @messaging.expected_exceptions(exception.NovaLiteException)
    def get_vnc_console(self, context, instance, console_type):
        """Authorize a VNC console of this host's guest (RPC call)."""
        return consoles.get_vnc_console(context, self.driver, instance,
                                        console_type)
