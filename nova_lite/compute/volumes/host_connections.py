"""A server's volumes following its guest when the guest is made again:
rebuild on the same host, shelve offload off every host and unshelve onto
one (Nova's _terminate_volume_connections and the attach half of
_prep_block_device).

- Rebuild: the guest is destroyed and spawned again with the server's
  block_device_info; the attachments stay as they are (same host, same
  connector).
- Off a host (shelve offload, a failed unshelve): each volume gets a new
  attachment without a connector (it stays "reserved" to the server, no
  other server can take it), the old attachment is deleted and the
  mapping forgets its connection.
- Onto a host (unshelve): each attachment is given this host's connector,
  its connection info recorded and the attachment completed before the
  guest is spawned with them, as at build.
"""
from oslo_log import log as logging

from nova_lite.compute import block_device
from nova_lite.compute.boot_from_volume import cleanup
from nova_lite.compute.boot_from_volume import volume_api as volume_api_mod
from nova_lite import exception
from nova_lite import objects

LOG = logging.getLogger(__name__)


def _volume_mappings(bdms):
    return [bdm for bdm in bdms if bdm.is_volume and bdm.volume_id]


class HostConnections(object):
    """boot_volumes: the host's BootVolumes (its attach step); driver: the
    virt driver (its host connector)."""

    def __init__(self, driver, boot_volumes, volume_api=None):
        self.driver = driver
        self.boot_volumes = boot_volumes
        self.volume_api = volume_api or volume_api_mod.LazyVolumeAPI()

    @staticmethod
    def mappings(context, instance):
        return objects.BlockDeviceMappingList.get_by_instance_uuid(
            context, instance.uuid)

    def block_device_info(self, context, instance):
        """The driver's block_device_info of the server's mappings, None
        for a server without volumes (the driver's default)."""
        bdms = self.mappings(context, instance)
        if not _volume_mappings(bdms):
            return None
        return block_device.block_device_info(bdms)

    def connect_here(self, context, instance):
        """Attach every volume of the server to this host; the driver's
        block_device_info (None without volumes)."""
        bdms = self.mappings(context, instance)
        volume_bdms = _volume_mappings(bdms)
        if not volume_bdms:
            return None
        connector = self.driver.get_volume_connector(instance)
        for bdm in volume_bdms:
            if not bdm.attachment_id:
                bdm.attachment_id = self.volume_api.attachment_create(
                    context, bdm.volume_id, instance.uuid)['id']
                bdm.save()
            self.boot_volumes.attach(context, instance, bdm, connector)
        return block_device.block_device_info(bdms)

    def release_host(self, context, instance):
        """Hand every volume of the server back to Cinder as reserved for
        it, off any host. Never raises: a volume that could not be moved
        is logged and keeps its attachment."""
        try:
            bdms = self.mappings(context, instance)
        except Exception:
            LOG.exception('Could not read the volume mappings of %s',
                          instance.uuid)
            return
        for bdm in _volume_mappings(bdms):
            try:
                reserved = self.volume_api.attachment_create(
                    context, bdm.volume_id, instance.uuid)
            except Exception:
                LOG.exception('Could not reserve volume %s for %s off its '
                              'host', bdm.volume_id, instance.uuid)
                continue
            if bdm.attachment_id:
                cleanup.delete_attachment(self.volume_api, context,
                                          bdm.attachment_id, bdm.volume_id)
            bdm.attachment_id = reserved['id']
            bdm.connection_info = None
            try:
                bdm.save()
            except exception.NotFound:
                pass
            LOG.info('Volume %s of %s reserved off its host (attachment '
                     '%s)', bdm.volume_id, instance.uuid, bdm.attachment_id)
