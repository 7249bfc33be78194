"""The compute host's part of rebuild, and the external events (Neutron,
Cinder, Ironic, Cyborg) about this host's instances."""
from oslo_log import log as logging
from oslo_utils import timeutils

from nova_lite.compute import host_operations
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import notifications

LOG = logging.getLogger(__name__)

POWER_TAGS = {'POWER_ON': power_state.RUNNING,
              'POWER_OFF': power_state.SHUTDOWN}


class RebuildManager(object):
    """guests: the HostGuests of this host; stop_instance: the power-off
    operation (a stopped server is stopped again after its rebuild)."""

    def __init__(self, guests, stop_instance):
        self.guests = guests
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
        try:
            self.driver.rebuild(context, instance, image,
                                admin_password=admin_password,
                                preserve_ephemeral=preserve_ephemeral)
            instance.task_state = task_states.REBUILD_SPAWNING
            instance.save(expected_task_state=[
                task_states.REBUILD_BLOCK_DEVICE_MAPPING])
        except NotImplementedError:
            # The default: destroy the guest, spawn it from the new image.
            try:
                self.driver.destroy(context, instance,
                                    destroy_disks=not preserve_ephemeral)
            except exception.InstanceNotFound:
                pass
            instance.task_state = task_states.REBUILD_SPAWNING
            instance.save(expected_task_state=[
                task_states.REBUILD_BLOCK_DEVICE_MAPPING])
            self.driver.spawn(context, instance, image)
        instance.power_state = self.guests.power_state(instance)
        instance.vm_state = vm_states.ACTIVE
        # A server that was stopped goes straight on to powering-off.
        instance.task_state = task_states.POWERING_OFF if stop_after \
            else None
        instance.launched_at = timeutils.utcnow()
        instance.save(expected_task_state=[task_states.REBUILD_SPAWNING])

    # -- external events ------------------------------------------------------

    def external_instance_event(self, context, instances, events):
        """Events from Neutron/Cinder/Ironic/Cyborg (dicts: name, tag,
        status, server_uuid) about instances on this host."""
        by_uuid = {i.uuid: i for i in instances}
        for event in events:
            instance = by_uuid.get(event.get('server_uuid'))
            if instance is None:
                continue
            try:
                self._process_event(context, instance, event)
            except host_operations.GONE:
                LOG.info('Instance %s went away before event %s',
                         instance.uuid, event.get('name'))
            except Exception:
                LOG.exception('Event %s for instance %s failed',
                              event.get('name'), instance.uuid)

    def _process_event(self, context, instance, event):
        name, tag = event.get('name'), event.get('tag')
        LOG.info('Received event %s:%s (%s) for instance %s', name, tag,
                 event.get('status', 'completed'), instance.uuid)
        if name == 'power-update':
            self._power_update(context, instance, tag)
        # network-vif-plugged/unplugged/deleted, network-changed,
        # volume-extended, volume-reimaged, accelerator-request-bound: no
        # operation in nova_lite waits for them; they are logged only.

    def _power_update(self, context, instance, tag):
        """Ironic says the machine's power changed outside Nova: record
        the new power state (and vm_state) as Nova does."""
        target = POWER_TAGS.get(tag)
        if target is None:
            LOG.error('Invalid power-update tag %s for instance %s', tag,
                      instance.uuid)
            return
        instance.refresh()
        if instance.task_state is not None:
            LOG.info('Ignoring power-update %s of %s: task_state is %s',
                     tag, instance.uuid, instance.task_state)
            return
        if instance.power_state == target:
            LOG.debug('power-update %s of %s: already in that state', tag,
                      instance.uuid)
            return
        action = 'power_on' if target == power_state.RUNNING \
            else 'power_off'
        notifications.notify_about_instance_action(
            context, instance, self.host, action, 'start')
        instance.power_state = target
        instance.vm_state = (vm_states.ACTIVE if target == power_state.RUNNING
                             else vm_states.STOPPED)
        instance.save(expected_task_state=[None])
        try:
            self.driver.power_update_event(instance, tag)
        except NotImplementedError:
            pass
        notifications.notify_about_instance_action(
            context, instance, self.host, action, 'end')
