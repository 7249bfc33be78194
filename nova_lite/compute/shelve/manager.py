"""The compute host's part of shelve, shelve offload and unshelve.

  shelve_instance          power the guest off (cleanly unless paused),
                           upload its disk into the shelved image
                           (shelving -> shelving_image_pending_upload ->
                           shelving_image_uploading), SHELVED; with
                           [DEFAULT] shelved_offload_time 0 offload at once
  shelve_offload_instance  destroy the guest and its disks, release the
                           host's claim, clear host and node:
                           SHELVED_OFFLOADED
  unshelve_instance        (on the host the conductor chose and claimed)
                           spawn from the shelved image, then delete that
                           image and the shelved_* system_metadata; the
                           server keeps its original image_ref
  poll_shelved_instances   periodic ([DEFAULT] shelved_poll_interval):
                           offload servers shelved longer than
                           shelved_offload_time

A SHELVED server unshelved where it is goes through start_instance, which
calls forget_shelved_image once the guest runs again.
"""
from oslo_log import log as logging
from oslo_utils import timeutils

from nova_lite.compute import consoles
from nova_lite.compute import host_operations
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite import notifications
from nova_lite import objects

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

# What a shelve leaves in system_metadata until the unshelve.
SHELVED_SYSMETA_KEYS = ('shelved_at', 'shelved_image_id', 'shelved_host')
SHELVE_TASK_STATES = (task_states.SHELVING,
                      task_states.SHELVING_IMAGE_PENDING_UPLOAD,
                      task_states.SHELVING_IMAGE_UPLOADING)

operation = host_operations.instance_operation


class ShelveManager(object):
    """guests: the HostGuests of this host; snapshots: the
    SnapshotManager (the shelved image is a snapshot)."""

    def __init__(self, guests, snapshots, networks=None, volume_hosts=None):
        self.guests = guests
        # volume_hosts: the server's volumes leave the host with the guest
        # and follow it onto the unshelve host.
        self.volume_hosts = volume_hosts
        self.networks = networks
        self.host = guests.host
        self.driver = guests.driver
        self.snapshots = snapshots

    # -- shelve -------------------------------------------------------------

    @operation('shelve_instance')
    def shelve_instance(self, context, instance, image_id,
                        clean_shutdown=True):
        offload = CONF.shelved_offload_time == 0
        notifications.notify_about_instance_action(
            context, instance, self.host, 'shelve', 'start')
        self._power_off(instance, clean_shutdown)
        try:
            self.snapshots.snapshot_to_image(context, instance, image_id,
                                             SHELVE_TASK_STATES)
        except Exception:
            self.snapshots.delete_image_quietly(context, image_id)
            raise
        sysmeta = dict(instance.system_metadata or {})
        sysmeta.update(shelved_at=timeutils.utcnow().isoformat(),
                       shelved_image_id=image_id, shelved_host=self.host)
        instance.system_metadata = sysmeta
        instance.power_state = self.guests.power_state(instance)
        instance.vm_state = vm_states.SHELVED
        instance.task_state = (task_states.SHELVING_OFFLOADING if offload
                               else None)
        instance.save(expected_task_state=[
            task_states.SHELVING, task_states.SHELVING_IMAGE_UPLOADING])
        notifications.notify_about_instance_action(
            context, instance, self.host, 'shelve', 'end')
        LOG.info('Instance %s is SHELVED on %s, image %s (request %s)',
                 instance.uuid, self.host, image_id, context.request_id)
        if offload:
            self._offload(context, instance, clean_shutdown=False)

    def _power_off(self, instance, clean_shutdown):
        # A paused guest cannot shut down cleanly (the hypervisor would
        # wait for nothing).
        clean = clean_shutdown and \
            instance.power_state != power_state.PAUSED
        self.driver.power_off(instance,
                              CONF.shutdown_timeout if clean else 0)

    # -- offload ------------------------------------------------------------

    @operation('shelve_offload_instance')
    def shelve_offload_instance(self, context, instance,
                                clean_shutdown=True):
        self._offload(context, instance, clean_shutdown)

    def _offload(self, context, instance, clean_shutdown):
        notifications.notify_about_instance_action(
            context, instance, self.host, 'shelve_offload', 'start')
        self._power_off(instance, clean_shutdown)
        current_power_state = self.guests.power_state(instance)
        block_device_info = self._block_device_info(context, instance)
        self.driver.destroy(context, instance,
                            block_device_info=block_device_info)
        if self.volume_hosts is not None:
            self.volume_hosts.release_host(context, instance)
        if self.networks is not None:
            self.networks.unbind_from_host(context, instance)
        # Freed before the state changes, so whoever waits for
        # SHELVED_OFFLOADED finds the resources available.
        objects.Allocation.release(context, instance.uuid)
        consoles.clean_tokens_for_instance(context, instance.uuid)
        instance.power_state = current_power_state
        instance.vm_state = vm_states.SHELVED_OFFLOADED
        instance.task_state = None
        # Off every host, so in no availability zone either.
        compute_utils.place(context, instance, None, None)
        instance.launched_on = None
        instance.availability_zone = None
        instance.save(expected_task_state=[
            task_states.SHELVING, task_states.SHELVING_OFFLOADING])
        notifications.notify_about_instance_action(
            context, instance, self.host, 'shelve_offload', 'end')
        LOG.info('Instance %s is SHELVED_OFFLOADED (was on %s, request %s)',
                 instance.uuid, self.host, context.request_id)

    # -- unshelve -----------------------------------------------------------

    @operation('unshelve_instance')
    def unshelve_instance(self, context, instance, image, node=None):
        notifications.notify_about_instance_action(
            context, instance, self.host, 'unshelve', 'start')
        try:
            instance.task_state = task_states.SPAWNING
            instance.save(expected_task_state=task_states.UNSHELVING)
            try:
                network_info = (self.networks.bind_to_host(context, instance)
                                if self.networks is not None else None)
                block_device_info = (
                    self.volume_hosts.connect_here(context, instance)
                    if self.volume_hosts is not None else None)
                self.driver.spawn(context, instance, image,
                                  network_info=network_info or None,
                                  block_device_info=block_device_info)
            except Exception:
                LOG.exception('Instance %s failed to spawn from its shelved '
                              'image on %s', instance.uuid, self.host)
                self._undo_spawn(context, instance)
                raise
        except host_operations.GONE:
            LOG.info('Instance %s was deleted during its unshelve; cleaning '
                     'up', instance.uuid)
            self._undo_spawn(context, instance)
            return
        self.forget_shelved_image(context, instance)
        instance.power_state = self.guests.power_state(instance)
        instance.vm_state = vm_states.ACTIVE
        instance.task_state = None
        instance.launched_on = self.host
        instance.launched_at = timeutils.utcnow()
        instance.save(expected_task_state=task_states.SPAWNING)
        notifications.notify_about_instance_action(
            context, instance, self.host, 'unshelve', 'end')
        LOG.info('Instance %s unshelved: ACTIVE on %s (request %s)',
                 instance.uuid, self.host, context.request_id)

    def _undo_spawn(self, context, instance):
        """Back off this host: no guest, no claim, no host (the failure
        handler then saves the instance SHELVED_OFFLOADED with a fault),
        its volumes reserved off every host again."""
        try:
            self.driver.destroy(
                context, instance,
                block_device_info=self._block_device_info(context, instance))
        except Exception:
            LOG.exception('Cleanup of the failed unshelve of %s failed',
                          instance.uuid)
        if self.volume_hosts is not None:
            self.volume_hosts.release_host(context, instance)
        objects.Allocation.release(context, instance.uuid)
        compute_utils.place(context, instance, None, None)
        instance.availability_zone = None

    def _block_device_info(self, context, instance):
        if self.volume_hosts is None:
            return None
        try:
            return self.volume_hosts.block_device_info(context, instance)
        except exception.InstanceNotFound:
            return None

    def forget_shelved_image(self, context, instance):
        """The server runs again: its shelved image and the shelved_*
        system_metadata go (saved by the caller)."""
        sysmeta = dict(instance.system_metadata or {})
        image_id = sysmeta.get('shelved_image_id')
        if image_id:
            self.snapshots.delete_image_quietly(context, image_id)
        for key in SHELVED_SYSMETA_KEYS:
            sysmeta.pop(key, None)
        instance.system_metadata = sysmeta

    # -- periodic -----------------------------------------------------------

    def poll_shelved_instances(self, context):
        """Offload this host's servers SHELVED for longer than
        [DEFAULT] shelved_offload_time (when it is > 0)."""
        offload_time = CONF.shelved_offload_time
        if offload_time <= 0:
            return
        instances = self.guests.at_rest_in(context, vm_states.SHELVED)
        for instance in instances:
            shelved_at = (instance.system_metadata or {}).get('shelved_at')
            try:
                due = timeutils.is_older_than(
                    timeutils.normalize_time(
                        timeutils.parse_isotime(shelved_at)),
                    offload_time)
            except (TypeError, ValueError):
                LOG.warning('Instance %s has no valid shelved_at (%r); '
                            'not offloaded', instance.uuid, shelved_at)
                continue
            if not due:
                continue
            try:
                instance.task_state = task_states.SHELVING_OFFLOADING
                instance.save(expected_task_state=[None])
            except (exception.InstanceNotFound,
                    exception.UnexpectedTaskStateError):
                continue
            LOG.info('Offloading instance %s, shelved since %s',
                     instance.uuid, shelved_at)
            self.shelve_offload_instance(context, instance,
                                         clean_shutdown=False)
