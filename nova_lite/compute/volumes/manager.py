"""Volumes on the compute host, as Nova's compute manager and
DriverVolumeBlockDevice do them: the device name reserved with its BDM;
attach = host connector -> attachment_update (Cinder exports the volume
and answers the connection info) -> driver.attach_volume (connect and
hot-plug) -> attachment_complete (volume 'in-use'); detach in reverse;
swap and the volume-extended event. Every failure rolls back: no
attachment left behind, no mapping without a volume. At start-up an
attach a restart interrupted is finished or undone, so the BDM agrees
with Cinder."""
from oslo_log import log as logging

from nova_lite.compute import block_device
from nova_lite.compute import host_operations
from nova_lite.compute import utils as compute_utils
from nova_lite.compute.volumes import rollback
from nova_lite import exception
from nova_lite import objects
from nova_lite.objects import fields

LOG = logging.getLogger(__name__)


def _cinder_api():
    from nova_lite.volume import cinder
    return cinder.API()


class VolumesManager(object):
    """guests: the host's HostGuests; volume_api: Cinder's (made on
    first use unless given)."""

    def __init__(self, guests, volume_api=None):
        self.guests = guests
        self._volume_api = volume_api

    @property
    def host(self):
        return self.guests.host

    @property
    def driver(self):
        return self.guests.driver

    @property
    def volume_api(self):
        if self._volume_api is None:
            self._volume_api = _cinder_api()
        return self._volume_api

    # -- reserve (a call from the API) ---------------------------------------

    def reserve_block_device_name(self, context, instance, device, volume_id,
                                  disk_bus=None, device_type=None, tag=None,
                                  multiattach=False):
        """Pick the device and record the volume's BDM (no attachment
        yet); Nova does this on the host so two attaches cannot pick the
        same name."""
        capabilities = self.driver.capabilities
        if tag and not capabilities.get('supports_tagged_attach_volume'):
            raise exception.VolumeTaggedAttachNotSupported()
        if multiattach and not capabilities.get('supports_multiattach'):
            raise exception.MultiattachNotSupportedByVirtDriver(
                volume_id=volume_id)
        bdms = objects.BlockDeviceMappingList.get_by_instance_uuid(
            context, instance.uuid)
        name = block_device.next_device_name(instance, bdms, device)
        bdm = objects.BlockDeviceMapping(
            context, instance_uuid=instance.uuid,
            source_type=fields.BlockDeviceSourceType.VOLUME,
            destination_type=fields.BlockDeviceDestinationType.VOLUME,
            volume_id=volume_id, device_name=name, disk_bus=disk_bus,
            device_type=device_type or fields.BlockDeviceType.DISK,
            boot_index=None, tag=tag, delete_on_termination=False)
        bdm.create()
        LOG.info('Reserved %s for volume %s on instance %s', name,
                 volume_id, instance.uuid)
        return bdm

    # -- attach (a cast) ------------------------------------------------------

    @host_operations.instance_operation('attach_volume')
    def attach_volume(self, context, instance, bdm):
        try:
            bdm = objects.BlockDeviceMapping.get_by_uuid(context, bdm.uuid)
        except exception.BDMNotFound:
            LOG.warning('Attach of volume %s to %s abandoned: its mapping '
                        'was removed', bdm.volume_id, instance.uuid)
            return
        try:
            self._connect(context, instance, bdm)
        except Exception:
            LOG.exception('Failed to attach volume %s at %s of instance %s',
                          bdm.volume_id, bdm.device_name, instance.uuid)
            self._forget(context, bdm)
            raise
        LOG.info('Attached volume %s at %s of instance %s', bdm.volume_id,
                 bdm.device_name, instance.uuid)

    def _connect(self, context, instance, bdm):
        connector = self.driver.get_volume_connector(instance)
        attachment = self.volume_api.attachment_update(
            context, bdm.attachment_id, connector, bdm.device_name)
        connection_info = dict(attachment['connection_info'] or {})
        connection_info['serial'] = bdm.volume_id
        self.driver.attach_volume(
            context, connection_info, instance, bdm.device_name,
            disk_bus=bdm.disk_bus, device_type=bdm.device_type)
        try:
            bdm.set_connection_info(connection_info)
            bdm.save()
            self.volume_api.attachment_complete(context, bdm.attachment_id)
        except Exception:
            self._unplug(context, instance, connection_info,
                         bdm.device_name)
            raise

    def _unplug(self, context, instance, connection_info, mountpoint):
        try:
            self.driver.detach_volume(context, connection_info, instance,
                                      mountpoint)
        except exception.DiskNotFound:
            pass
        except Exception:
            LOG.exception('Could not unplug %s from instance %s', mountpoint,
                          instance.uuid)

    def _forget(self, context, bdm):
        rollback.forget(self.volume_api, context, bdm)

    # -- detach (a cast) ------------------------------------------------------

    @host_operations.instance_operation('detach_volume')
    def detach_volume(self, context, instance, volume_id,
                      attachment_id=None):
        bdm = objects.BlockDeviceMapping.get_by_volume_and_instance(
            context, volume_id, instance.uuid)
        try:
            self.driver.detach_volume(context, bdm.get_connection_info(),
                                      instance, bdm.device_name)
        except exception.DiskNotFound:
            LOG.info('Volume %s was not plugged into %s', volume_id,
                     instance.uuid)
        except Exception as exc:
            raise exception.VolumeDetachFailed(volume_id=volume_id,
                                               reason=str(exc)) from exc
        self._forget(context, bdm)
        LOG.info('Detached volume %s from instance %s', volume_id,
                 instance.uuid)

    # -- swap (a cast) --------------------------------------------------------

    @host_operations.instance_operation('swap_volume')
    def swap_volume(self, context, instance, old_volume_id, new_volume_id,
                    new_attachment_id):
        bdm = objects.BlockDeviceMapping.get_by_volume_and_instance(
            context, old_volume_id, instance.uuid)
        try:
            new_volume = self.volume_api.get(context, new_volume_id)
            connector = self.driver.get_volume_connector(instance)
            new_info = dict(self.volume_api.attachment_update(
                context, new_attachment_id, connector,
                bdm.device_name)['connection_info'] or {})
            new_info['serial'] = new_volume_id
            old_volume = self.volume_api.get(context, old_volume_id)
            resize_to = (new_volume['size']
                         if new_volume['size'] > old_volume['size'] else 0)
            self.driver.swap_volume(context, bdm.get_connection_info(),
                                    new_info, instance, bdm.device_name,
                                    resize_to)
            self.volume_api.attachment_complete(context, new_attachment_id)
        except Exception:
            LOG.exception('Swap of volume %s for %s on instance %s failed',
                          old_volume_id, new_volume_id, instance.uuid)
            self.volume_api.attachment_delete(context, new_attachment_id)
            raise
        old_attachment_id = bdm.attachment_id
        bdm.volume_id = new_volume_id
        bdm.attachment_id = new_attachment_id
        bdm.volume_size = new_volume['size']
        bdm.set_connection_info(new_info)
        bdm.save()
        self.volume_api.attachment_delete(context, old_attachment_id)
        LOG.info('Swapped volume %s for %s on instance %s', old_volume_id,
                 new_volume_id, instance.uuid)

    # -- volume-extended (an external event) ---------------------------------

    def extend_volume(self, context, instance, volume_id):
        """Cinder grew an attached volume: tell the guest its new size."""
        try:
            bdm = objects.BlockDeviceMapping.get_by_volume_and_instance(
                context, volume_id, instance.uuid)
        except exception.VolumeBDMNotFound:
            LOG.warning('volume-extended for %s: not attached to %s',
                        volume_id, instance.uuid)
            return
        volume = self.volume_api.get(context, volume_id)
        size = int(volume['size']) * 1024 ** 3
        with compute_utils.ActionEvent(context, instance,
                                       'compute_extend_volume', self.host):
            self.driver.extend_volume(context, bdm.get_connection_info(),
                                      instance, size)
        bdm.volume_size = volume['size']
        bdm.save()
        LOG.info('Extended volume %s of instance %s to %d GiB', volume_id,
                 instance.uuid, volume['size'])

    # -- start-up -------------------------------------------------------------

    def reconcile(self, context, instance):
        """After a restart: each volume mapping of `instance` agrees with
        Cinder. An attach the restart interrupted is undone (its
        attachment deleted, the disk unplugged, the mapping gone); one
        Cinder no longer knows is dropped."""
        bdms = objects.BlockDeviceMappingList.get_by_instance_uuid(
            context, instance.uuid)
        for bdm in bdms.volumes():
            if not bdm.attachment_id:
                continue
            try:
                attachment = self.volume_api.attachment_get(
                    context, bdm.attachment_id)
            except exception.VolumeAttachmentNotFound:
                attachment = None
            status = (attachment or {}).get('attach_status') or \
                (attachment or {}).get('status') or \
                ((attachment or {}).get('connection_info') or {}).get(
                    'status')
            if attachment is not None and status == 'attached' and \
                    bdm.connection_info:
                continue
            if attachment is None and not bdm.connection_info:
                # Reserved, never attached, and Cinder forgot it.
                self._forget(context, bdm)
                continue
            LOG.info('Rolling back the interrupted attach of volume %s to '
                     'instance %s', bdm.volume_id, instance.uuid)
            # The mapping records the connection once the disk is plugged;
            # a restart just before that leaves it only on the attachment.
            connection_info = bdm.get_connection_info() or dict(
                (attachment or {}).get('connection_info') or {})
            # An attachment never updated with this host's connector has
            # no connection (no driver type): nothing was plugged.
            if connection_info.get('driver_volume_type'):
                connection_info.setdefault('serial', bdm.volume_id)
                self._unplug(context, instance, connection_info,
                             bdm.device_name)
            self._forget(context, bdm)
