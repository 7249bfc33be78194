"""The compute host's part of a build: spawn the guest the conductor
scheduled here, or hand the instance back to the conductor to try another
host (or put it in ERROR with a fault)."""
import threading

from oslo_log import log as logging
from oslo_utils import timeutils

from nova_lite.compute import host_operations
from nova_lite.compute import server_groups
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import notifications
from nova_lite import objects

LOG = logging.getLogger(__name__)

EVENT = 'compute__do_build_and_run_instance'
NETWORK_ABORT = 'Failed to allocate the network(s), not rescheduling.'


class BuildManager(object):
    """guests: the HostGuests of this host; conductor_api: the conductor
    RPC client (reschedules); max_concurrent_builds: 0 for no limit."""

    def __init__(self, guests, conductor_api, max_concurrent_builds=0,
                 networks=None, boot_volumes=None):
        self.guests = guests
        self.networks = networks
        # The server's volumes (nova_lite.compute.boot_from_volume).
        self.boot_volumes = boot_volumes
        self.host = guests.host
        self.driver = guests.driver
        self.conductor_api = conductor_api
        self._semaphore = (threading.BoundedSemaphore(max_concurrent_builds)
                           if max_concurrent_builds else None)
        # The builds whose message this service holds (waiting for the
        # semaphore or running): never given back (BuildRecovery).
        self._lock = threading.Lock()
        self._in_flight = set()

    def build_and_run_instance(self, context, instance, image, request_spec,
                               filter_properties, node=None):
        with self._lock:
            self._in_flight.add(instance.uuid)
        try:
            if self._semaphore is None:
                return self._build_if_ours(context, instance, image,
                                           request_spec, filter_properties)
            with self._semaphore:
                return self._build_if_ours(context, instance, image,
                                           request_spec, filter_properties)
        finally:
            with self._lock:
                self._in_flight.discard(instance.uuid)

    def give_back_if_idle(self, instance_uuid, give_back):
        """Run give_back() (which takes the build off this host in the
        database) unless a message for this build is being handled here;
        a message arriving after it finds the instance gone from this host
        (_still_ours). True if given back."""
        with self._lock:
            if instance_uuid in self._in_flight:
                return False
            return give_back()

    def _build_if_ours(self, context, instance, image, request_spec,
                       filter_properties):
        if not self._still_ours(context, instance):
            return
        self._build(context, instance, image, request_spec,
                    filter_properties)

    def _still_ours(self, context, instance):
        """Whether the build this message asks for is still this host's
        to start: a message that waited in the queue while the build was
        given back (a restart) or timed out is dropped."""
        try:
            current = objects.Instance.get_by_uuid(context, instance.uuid)
        except exception.InstanceNotFound:
            LOG.info('Instance %s was deleted before its build started',
                     instance.uuid)
            return False
        if (current.host == self.host and
                current.vm_state == vm_states.BUILDING and
                current.task_state == task_states.SCHEDULING):
            return True
        LOG.info('Dropping a stale build request for instance %s (now on '
                 'host %s, %s/%s)', instance.uuid, current.host,
                 current.vm_state, current.task_state)
        return False

    def _build(self, context, instance, image, request_spec,
               filter_properties):
        compute_utils.start_action_event(context, instance, EVENT, self.host)
        notifications.notify_about_instance_create(context, instance,
                                                   self.host, 'start')
        try:
            self._spawn(context, instance, image, request_spec,
                        rescheduled=_rescheduled(filter_properties))
        except host_operations.GONE:
            LOG.info('Instance %s was deleted during its build; cleaning up',
                     instance.uuid)
            self._cleanup_deleted_build(context, instance)
            compute_utils.finish_action_event(context, instance, EVENT)
            return
        except _TakenByAnother:
            LOG.info('The build of instance %s was started by another '
                     'request; this one stops', instance.uuid)
            return
        except exception.UnexpectedTaskStateError as exc:
            # Put in ERROR meanwhile (instance_build_timeout): the record
            # and the claim are the failing side's; only the guest is ours.
            LOG.warning('Build of instance %s was ended while it ran: %s',
                        instance.uuid, exc)
            self.guests.destroy_quietly(context, instance, 'ended build')
            self._deallocate_network(context, instance)
            compute_utils.finish_action_event(context, instance, EVENT, exc)
            return
        except Exception as exc:
            LOG.warning('Build of instance %s failed on %s: %s',
                        instance.uuid, self.host, exc)
            compute_utils.finish_action_event(context, instance, EVENT, exc)
            notifications.notify_about_instance_create(
                context, instance, self.host, 'error', exception=exc)
            self._handle_failure(context, instance, image, request_spec,
                                 filter_properties, exc)
            return
        compute_utils.finish_action_event(context, instance, EVENT)
        notifications.notify_about_instance_create(context, instance,
                                                   self.host, 'end')
        LOG.info('Instance %s is ACTIVE on %s (request %s)', instance.uuid,
                 self.host, context.request_id)

    def _spawn(self, context, instance, image, request_spec=None,
               rescheduled=False):
        if request_spec is None or request_spec.group() is not None:
            server_groups.validate_late(context, instance, self.host)
        instance.launched_on = self.host
        steps = [(task_states.SCHEDULING, task_states.NETWORKING),
                 (task_states.NETWORKING, task_states.BLOCK_DEVICE_MAPPING),
                 (task_states.BLOCK_DEVICE_MAPPING, task_states.SPAWNING)]
        network_info = None
        with_network = (self.networks is not None and
                        self.networks.enabled(context))
        try:
            # The first step (out of scheduling) is the compare-and-swap
            # that makes this request the one building the instance.
            instance.save_task_state_steps(steps[:1] if with_network
                                           else steps[:-1])
        except exception.UnexpectedDeletingTaskStateError:
            raise
        except exception.UnexpectedTaskStateError:
            raise _TakenByAnother()
        if with_network:
            network_info = self._allocate_network(context, instance,
                                                  request_spec, rescheduled)
            instance.save_task_state_steps(steps[1:-1])
        block_device_info = self._prep_block_devices(context, instance)
        instance.save_task_state_steps(steps[-1:])
        try:
            self.driver.spawn(context, instance, image,
                              network_info=network_info,
                              block_device_info=block_device_info)
        except (exception.VirtualInterfaceCreateException,
                exception.UnableToAutoAllocateNetwork) as exc:
            LOG.warning('Failed to allocate network(s) for %s: %s',
                        instance.uuid, exc)
            raise exception.BuildAbortException(
                instance_uuid=instance.uuid, reason=NETWORK_ABORT)
        instance.power_state = self.guests.power_state(instance)
        instance.vm_state = vm_states.ACTIVE
        instance.task_state = None
        instance.launched_at = timeutils.utcnow()
        instance.save(expected_task_state=task_states.SPAWNING)

    def _allocate_network(self, context, instance, request_spec,
                          rescheduled=False):
        """The ports of the guest; a failure aborts the build as Nova's
        does (no reschedule: another host would fail alike)."""
        try:
            return self.networks.allocate(context, instance, request_spec,
                                          rescheduled=rescheduled)
        except host_operations.GONE:
            raise
        except Exception as exc:
            LOG.warning('Failed to allocate network(s) for %s: %s',
                        instance.uuid, exc)
            raise exception.BuildAbortException(
                instance_uuid=instance.uuid, reason=NETWORK_ABORT)

    def _prep_block_devices(self, context, instance):
        """Name the server's disks and create, wait for and attach its
        volumes (task_state block_device_mapping); the driver's
        block_device_info. A failure aborts the build as Nova's does: the
        same request would fail on any host."""
        try:
            return self.boot_volumes.prepare(context, instance)
        except host_operations.GONE:
            raise
        except Exception as exc:
            LOG.exception('Instance %s failed block device setup',
                          instance.uuid)
            reason = exc.format_message() if isinstance(
                exc, exception.NovaLiteException) else str(exc)
            raise exception.BuildAbortException(
                instance_uuid=instance.uuid,
                reason=reason or 'Failure prepping block device.')

    def _deallocate_network(self, context, instance):
        if self.networks is not None:
            self.networks.deallocate(context, instance)

    def _cleanup_deleted_build(self, context, instance):
        bdms = self.boot_volumes.mappings(context, instance)
        self.guests.destroy_quietly(
            context, instance, 'deleted build',
            block_device_info=self.boot_volumes.block_device_info(instance,
                                                                  bdms))
        self.boot_volumes.release(context, instance, bdms)
        self._deallocate_network(context, instance)
        objects.Allocation.release(context, instance.uuid)

    def _handle_failure(self, context, instance, image, request_spec,
                        filter_properties, exc):
        bdms = self.boot_volumes.mappings(context, instance)
        try:
            self.driver.destroy(
                context, instance,
                block_device_info=self.boot_volumes.block_device_info(
                    instance, bdms))
        except Exception:
            LOG.exception('Cleanup after failed spawn of %s failed',
                          instance.uuid)
        retry = filter_properties.get('retry')
        rescheduling = retry is not None and not isinstance(
            exc, exception.BuildAbortException)
        if rescheduling:
            # As Nova: the volumes stay for the next host (the conductor
            # reserves them again), only this host's attachments go.
            self.boot_volumes.detach_all(context, instance, bdms)
        else:
            self.boot_volumes.release(context, instance, bdms,
                                      destroy_deleted=True)
        if rescheduling and self.networks is not None:
            # As Nova's libvirt driver: the ports stay, unbound, for the
            # next host to bind (the conductor frees them if none does).
            self.networks.unbind_from_host(context, instance)
        else:
            self._deallocate_network(context, instance)
        if rescheduling:
            compute_utils.add_instance_fault_from_exc(context, instance, exc,
                                                      self.host)
            instance.task_state = task_states.SCHEDULING
            compute_utils.place(context, instance, None, None)
            instance.launched_on = None
            try:
                instance.save()
            except host_operations.GONE:
                objects.Allocation.release(context, instance.uuid)
                return
            LOG.info('Rescheduling instance %s away from %s', instance.uuid,
                     self.host)
            self.conductor_api.build_instances(context, [instance], image,
                                               request_spec,
                                               filter_properties)
            return
        objects.Allocation.release(context, instance.uuid)
        compute_utils.put_in_error(context, instance, exc, self.host)


def _rescheduled(filter_properties):
    """Whether an earlier host tried this build (and left its ports)."""
    retry = (filter_properties or {}).get('retry') or {}
    return len(retry.get('hosts') or ()) > 1


class _TakenByAnother(Exception):
    """Another request for the same build moved it out of scheduling
    first (a duplicate delivery after a give-back)."""
