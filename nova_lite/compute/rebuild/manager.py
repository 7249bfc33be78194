"""The compute host's part of rebuild (external events moved to
nova_lite.compute.external_events)."""
from oslo_log import log as logging
from oslo_utils import timeutils

from nova_lite.compute import host_operations
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import notifications

LOG = logging.getLogger(__name__)

class RebuildManager(object):
    """guests: the HostGuests of this host; stop_instance: the power-off
    operation (a stopped server is stopped again after its rebuild)."""

    def __init__(self, guests, stop_instance, networks=None,
                 volume_hosts=None):
        self.guests = guests
        # The server's volumes go into the new guest as they were.
        self.volume_hosts = volume_hosts
        self.networks = networks
        self.host = guests.host
        self.driver = guests.driver
        self.stop_instance = stop_instance

    # -- rebuild --------------------------------------------------------------

    def rebuild_instance(self, context, instance, image, orig_image_ref,
                         admin_password=None, preserve_ephemeral=False):
        """Reinstall the guest from `image` (instance.image_ref is already
        the new image): rebuilding -> rebuild_block_device_mapping ->
        rebuild_spawning -> ACTIVE (or SHUTOFF again if it was)."""
        orig_vm_state = instance.vm_state
        notifications.notify_about_instance_rebuild(context, instance,
                                                    self.host, 'start')
        try:
            with compute_utils.ActionEvent(context, instance,
                                           'compute_rebuild_instance',
                                           self.host):
                self._rebuild(context, instance, image, admin_password,
                              preserve_ephemeral,
                              stop_after=orig_vm_state == vm_states.STOPPED)
        except host_operations.GONE:
            LOG.info('Instance %s went away during its rebuild',
                     instance.uuid)
            return
        except Exception as exc:
            LOG.exception('Rebuild of instance %s failed (request %s)',
                          instance.uuid, context.request_id)
            if compute_utils.put_in_error(context, instance, exc,
                                          self.host):
                notifications.notify_about_instance_rebuild(
                    context, instance, self.host, 'error', exception=exc)
            return
        LOG.info('Instance %s rebuilt from image %s on %s (request %s)',
                 instance.uuid, instance.image_ref, self.host,
                 context.request_id)
        notifications.notify_about_instance_rebuild(context, instance,
                                                    self.host, 'end')
        if orig_vm_state == vm_states.STOPPED:
            # Nova leaves a stopped server stopped after a rebuild.
            self.stop_instance(context, instance)

    def _rebuild(self, context, instance, image, admin_password,
                 preserve_ephemeral, stop_after=False):
        instance.task_state = task_states.REBUILD_BLOCK_DEVICE_MAPPING
        instance.save(expected_task_state=[task_states.REBUILDING])
        network_info = (self.networks.network_info(context, instance)
                        if self.networks is not None else None) or None
        block_device_info = (
            self.volume_hosts.block_device_info(context, instance)
            if self.volume_hosts is not None else None)
        try:
            self.driver.rebuild(context, instance, image,
                                admin_password=admin_password,
                                preserve_ephemeral=preserve_ephemeral,
                                block_device_info=block_device_info)
            instance.task_state = task_states.REBUILD_SPAWNING
            instance.save(expected_task_state=[
                task_states.REBUILD_BLOCK_DEVICE_MAPPING])
        except NotImplementedError:
            # The default: destroy the guest, spawn it from the new image.
            try:
                self.driver.destroy(context, instance,
                                    network_info=network_info,
                                    block_device_info=block_device_info,
                                    destroy_disks=not preserve_ephemeral)
            except exception.InstanceNotFound:
                pass
            instance.task_state = task_states.REBUILD_SPAWNING
            instance.save(expected_task_state=[
                task_states.REBUILD_BLOCK_DEVICE_MAPPING])
            self.driver.spawn(context, instance, image,
                              network_info=network_info,
                              block_device_info=block_device_info)
        instance.power_state = self.guests.power_state(instance)
        instance.vm_state = vm_states.ACTIVE
        # A server that was stopped goes straight on to powering-off.
        instance.task_state = task_states.POWERING_OFF if stop_after \
            else None
        instance.launched_at = timeutils.utcnow()
        instance.save(expected_task_state=[task_states.REBUILD_SPAWNING])
