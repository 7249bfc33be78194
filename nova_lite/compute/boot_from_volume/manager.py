"""The compute host's part of a server's volumes at build and delete (Nova's
_prep_block_device with the Driver*BlockDevice attach steps, and
_shutdown_instance / _cleanup_volumes).

At build, for each volume mapping of the server (BlockDeviceMapping
objects, destination volume):

- source image, blank or snapshot without a volume yet: Cinder creates the
  volume (from the image or snapshot; in the server's zone when
  [cinder] cross_az_attach is false), its id is recorded at once (so a
  failure later still finds it), the compute waits for it to be
  "available" ([DEFAULT] block_device_allocate_retries and
  block_device_allocate_retries_interval; VolumeNotCreated after them,
  the volume deleted if delete_on_termination), then reserves it with an
  attachment;
- every volume: the host connector from the virt driver, the attachment
  updated with it and the device name (Cinder answers the connection
  info, recorded in the mapping), the attachment completed (volume
  "in-use"). The guest is given the volumes by driver.spawn.

At delete (and after a failed build) every attachment is deleted (the
volume goes back to "available"), then the volumes marked
delete_on_termination are deleted.
"""
import time

from oslo_log import log as logging
from oslo_serialization import jsonutils

from nova_lite.compute import block_device
from nova_lite.compute.boot_from_volume import cleanup
from nova_lite.compute.boot_from_volume import volume_api as volume_api_mod
from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite import objects
from nova_lite.objects import block_device as block_device_obj

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

CREATING_STATES = ('creating', 'downloading')


def _volume_mappings(bdms):
    return [bdm for bdm in bdms if bdm.destination_type == 'volume']


class BootVolumes(object):
    """driver: the virt driver (its host connector); volume_api: the
    Cinder client (by default made on first use)."""

    def __init__(self, driver, volume_api=None):
        self.driver = driver
        self.volume_api = volume_api or volume_api_mod.LazyVolumeAPI()

    # -- build ------------------------------------------------------------

    @staticmethod
    def mappings(context, instance):
        """The server's BlockDeviceMappingList ([] when it cannot be read:
        a cleanup goes on without it)."""
        try:
            return objects.BlockDeviceMappingList.get_by_instance_uuid(
                context, instance.uuid)
        except Exception:
            LOG.exception('Could not read the block device mappings of %s',
                          instance.uuid)
            return []

    @staticmethod
    def block_device_info(instance, bdms):
        """The virt driver's block_device_info of `bdms`."""
        return block_device.block_device_info(bdms)

    @staticmethod
    def default_device_names(instance, bdms):
        """Name every disk without a device name (saved), as Nova at
        build: the root after its bus (its mapping's, else the image's
        hw_disk_bus: /dev/vda for virtio), then each other the next free
        device after the server's local disks (the device a later attach
        would get)."""
        for bdm in sorted(bdms, key=lambda bdm: not bdm.is_root):
            if bdm.device_name or bdm.no_device:
                continue
            if bdm.is_root:
                bus = bdm.disk_bus or (instance.system_metadata or {}).get(
                    'image_hw_disk_bus')
                bdm.device_name = (
                    block_device_obj.root_device_for_bus(bus) or
                    block_device.DEFAULT_ROOT_DEVICE_NAME)
            else:
                bdm.device_name = block_device.next_device_name(instance,
                                                                bdms)
            bdm.save()

    def prepare(self, context, instance):
        """Name the server's disks, create, wait for and attach its
        volumes (see the module docstring; each mapping is saved as it
        changes); returns the driver's block_device_info."""
        bdms = self.mappings(context, instance)
        self.default_device_names(instance, bdms)
        volume_bdms = _volume_mappings(bdms)
        if volume_bdms:
            connector = self.driver.get_volume_connector(instance)
        for bdm in volume_bdms:
            if not bdm.volume_id and bdm.source_type in ('image', 'blank',
                                                         'snapshot'):
                self._create_volume(context, instance, bdm)
            self.attach(context, instance, bdm, connector)
        return self.block_device_info(instance, bdms)

    def _create_volume(self, context, instance, bdm):
        zone = None if CONF.cinder.cross_az_attach else \
            instance.availability_zone
        kwargs = {'volume_type': bdm.volume_type, 'availability_zone': zone}
        name = ''
        if bdm.source_type == 'image':
            kwargs['image_id'] = bdm.image_id
        elif bdm.source_type == 'snapshot':
            kwargs['snapshot'] = self.volume_api.get_snapshot(
                context, bdm.snapshot_id)
            if not bdm.volume_type and kwargs['snapshot'].get('volume_id'):
                # The snapshot's volume type, as Nova picks it.
                origin = self.volume_api.get(
                    context, kwargs['snapshot']['volume_id'])
                kwargs['volume_type'] = origin.get('volume_type_id')
        else:
            name = instance.uuid + '-blank-vol'
        volume = self.volume_api.create(context, bdm.volume_size, name, '',
                                        **kwargs)
        bdm.volume_id = volume['id']
        bdm.save()
        LOG.info('Volume %s (%s GiB, from %s) created for instance %s',
                 volume['id'], bdm.volume_size, bdm.source_type,
                 instance.uuid)
        try:
            self.wait_until_available(context, volume['id'])
        except exception.VolumeNotCreated:
            if bdm.delete_on_termination:
                cleanup.delete_volume(self.volume_api, context,
                                      volume['id'])
            raise
        bdm.attachment_id = self.volume_api.attachment_create(
            context, volume['id'], instance.uuid)['id']
        bdm.save()

    def wait_until_available(self, context, volume_id):
        """Poll the new volume until it leaves creating/downloading; the
        number of attempts it took, VolumeNotCreated when it did not
        become available."""
        started = time.monotonic()
        retries = CONF.block_device_allocate_retries
        attempts = retries + 1 if retries >= 1 else 1
        status = None
        for attempt in range(1, attempts + 1):
            status = self.volume_api.get(context, volume_id)['status']
            if status not in CREATING_STATES:
                if status == 'available':
                    return attempt
                LOG.warning('Volume %s finished being created but its '
                            'status is %s', volume_id, status)
                break
            if attempt < attempts:
                time.sleep(CONF.block_device_allocate_retries_interval)
        raise exception.VolumeNotCreated(
            volume_id=volume_id, seconds=int(time.monotonic() - started),
            attempts=attempt, volume_status=status)

    def attach(self, context, instance, bdm, connector):
        """Give the reserved attachment of `bdm` this host's connector,
        record the connection info, complete the attachment."""
        attachment = self.volume_api.attachment_update(
            context, bdm.attachment_id, connector, bdm.device_name)
        connection_info = dict(attachment.get('connection_info') or {})
        connection_info.setdefault('serial', bdm.volume_id)
        # Saved before the volume goes in-use: a detach needs it.
        bdm.connection_info = jsonutils.dumps(connection_info)
        bdm.save()
        self.volume_api.attachment_complete(context, bdm.attachment_id)
        LOG.info('Volume %s attached to instance %s at %s (attachment %s)',
                 bdm.volume_id, instance.uuid, bdm.device_name,
                 bdm.attachment_id)

    # -- delete and failed builds -------------------------------------------

    def release(self, context, instance, bdms, destroy_deleted=False):
        """Detach every volume, delete those marked delete_on_termination
        (with their mappings when `destroy_deleted`): a delete, or a
        build that ends in ERROR. Never raises."""
        deleted = cleanup.release_volumes(self.volume_api, context,
                                          instance.uuid, bdms)
        if not destroy_deleted:
            return
        for bdm in deleted:
            try:
                bdm.destroy()
            except exception.NotFound:
                pass

    def detach_all(self, context, instance, bdms):
        """Delete the attachment of every volume mapping (a guest that
        failed to spawn here, before a reschedule). Never raises."""
        for bdm in _volume_mappings(bdms):
            if bdm.attachment_id:
                cleanup.delete_attachment(self.volume_api, context,
                                          bdm.attachment_id, bdm.volume_id)
