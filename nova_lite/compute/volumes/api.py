"""Volumes of a server in the compute API, as Nova's compute API does
them: attach (the volume checked, a device name reserved on the server's
host with its BDM, the Cinder attachment created so the volume is
'reserved', then a cast to the host), detach (a cast), update of
delete_on_termination, and the attachments of a server."""
from oslo_log import log as logging

from nova_lite.compute import block_device
from nova_lite.compute import guards
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite.compute.volumes import rollback
from nova_lite import exception
from nova_lite import objects

LOG = logging.getLogger(__name__)

# Nova's attach/detach states; shelved-offloaded servers (no host) are
# refused here: attaching to them needs no compute and is not built yet.
_ATTACH_STATES = [vm_states.ACTIVE, vm_states.PAUSED, vm_states.STOPPED,
                  vm_states.RESIZED, vm_states.SOFT_DELETED,
                  vm_states.SHELVED]
_SWAP_STATES = [vm_states.ACTIVE, vm_states.PAUSED, vm_states.RESIZED]


def _cinder():
    from nova_lite.volume import cinder
    return cinder


class VolumesAPI(object):
    """compute_rpcapi: the compute RPC client; volume_api: Cinder's
    (nova_lite.volume.cinder.API unless given)."""

    def __init__(self, compute_rpcapi, volume_api=None):
        self.compute_rpcapi = compute_rpcapi
        self._volume_api = volume_api

    @property
    def volume_api(self):
        if self._volume_api is None:
            self._volume_api = _cinder().API()
        return self._volume_api

    def require_cinder(self, context):
        """Without a block storage service Nova cannot find the volume."""
        if not _cinder().is_configured(context=context):
            raise exception.CinderConnectionFailed(
                reason='no block storage service is configured')

    def attachments(self, context, instance):
        """The server's volume mappings (os-volume_attachments)."""
        return objects.BlockDeviceMappingList.get_by_instance_uuid(
            context, instance.uuid).volumes()

    def volumes_of_servers(self, context, instances):
        """{instance uuid: [volume BDMs]} (server lists)."""
        uuids = [i.uuid for i in instances]
        if not uuids:
            return {}
        by_uuid = objects.BlockDeviceMappingList.get_by_instance_uuids(
            context, uuids).bdms_by_instance_uuid()
        return {uuid: [b for b in bdms if b.is_volume]
                for uuid, bdms in by_uuid.items()}

    def attachment(self, context, instance, volume_id):
        return objects.BlockDeviceMapping.get_by_volume_and_instance(
            context, volume_id, instance.uuid)

    def _check_not_attached(self, context, instance, volume):
        """Nova's _check_volume_already_attached."""
        try:
            bdm = objects.BlockDeviceMapping.get_by_volume(context,
                                                           volume['id'])
            bdms = [bdm]
        except exception.VolumeBDMNotFound:
            return
        except exception.VolumeBDMIsMultiAttach:
            bdms = None
        if not volume.get('multiattach'):
            holders = ' '.join(b.instance_uuid for b in bdms or [])
            raise exception.InvalidVolume(
                reason='volume %s is already attached to instances: %s'
                % (volume['id'], holders))
        try:
            objects.BlockDeviceMapping.get_by_volume_and_instance(
                context, volume['id'], instance.uuid)
        except exception.VolumeBDMNotFound:
            return
        raise exception.InvalidVolume(
            reason='volume %s already attached' % volume['id'])

    @guards.check_instance_lock
    @guards.check_instance_state(vm_state=_ATTACH_STATES,
                                 must_have_host=True,
                                 action='attach_volume')
    def attach_volume(self, context, instance, volume_id, device=None,
                      disk_bus=None, device_type=None, tag=None,
                      supports_multiattach=False,
                      delete_on_termination=False):
        """The device name the volume gets; the host attaches it later."""
        self.require_cinder(context)
        if device and block_device.match_device(device) is None:
            raise exception.InvalidDevicePath(path=device)
        volume = self.volume_api.get(context, volume_id)
        self._check_not_attached(context, instance, volume)
        bdm = self.compute_rpcapi.reserve_block_device_name(
            context, instance, device, volume_id, disk_bus=disk_bus,
            device_type=device_type, tag=tag,
            multiattach=bool(volume.get('multiattach')))
        try:
            bdm.delete_on_termination = bool(delete_on_termination)
            self.volume_api.check_availability_zone(context, volume,
                                                    instance=instance)
            if volume.get('multiattach') and not supports_multiattach:
                raise exception.MultiattachNotSupportedOldMicroversion()
            bdm.attachment_id = self.volume_api.attachment_create(
                context, volume_id, instance.uuid)['id']
            bdm.save()
            compute_utils.start_action(context, instance, 'attach_volume')
            self.compute_rpcapi.attach_volume(context, instance, bdm)
        except Exception:
            rollback.forget(self.volume_api, context, bdm)
            raise
        LOG.info('Volume %s reserved for instance %s at %s (request %s)',
                 volume_id, instance.uuid, bdm.device_name,
                 context.request_id)
        return bdm

    @guards.check_instance_lock
    @guards.check_instance_state(vm_state=_ATTACH_STATES,
                                 must_have_host=True,
                                 action='detach_volume')
    def detach_volume(self, context, instance, bdm):
        """Cast the detach of the volume of `bdm` to the server's host."""
        if bdm.is_root:
            raise exception.InvalidVolume(
                reason="Can't detach root device volume")
        if not compute_utils.compute_is_up(context, instance.host):
            raise exception.ServiceUnavailable()
        compute_utils.start_action(context, instance, 'detach_volume')
        self.compute_rpcapi.detach_volume(context, instance, bdm.volume_id,
                                          bdm.attachment_id)

    @guards.check_instance_lock
    @guards.check_instance_state(vm_state=_SWAP_STATES,
                                 must_have_host=True,
                                 action='swap_volume')
    def swap_volume(self, context, instance, bdm, new_volume_id):
        """Nova's swap: the old volume attached here, the new one detached
        and no smaller; a new attachment reserves it; the host copies."""
        self.require_cinder(context)
        old = self.volume_api.get(context, bdm.volume_id)
        new = self.volume_api.get(context, new_volume_id)
        if instance.uuid not in (old.get('attachments') or {}):
            raise exception.InvalidVolume(
                reason='Old volume is attached to a different instance.')
        if new['attach_status'] == 'attached':
            raise exception.InvalidVolume(
                reason='New volume must be detached in order to swap.')
        if int(new['size']) < int(old['size']):
            raise exception.InvalidVolume(
                reason='New volume must be the same size or larger.')
        self.volume_api.check_availability_zone(context, new,
                                                instance=instance)
        self._check_not_attached(context, instance, new)
        attachment_id = self.volume_api.attachment_create(
            context, new_volume_id, instance.uuid)['id']
        try:
            compute_utils.start_action(context, instance, 'swap_volume')
            self.compute_rpcapi.swap_volume(
                context, instance, bdm.volume_id, new_volume_id,
                attachment_id)
        except Exception:
            self.volume_api.attachment_delete(context, attachment_id)
            raise

    @guards.check_instance_lock
    def update_delete_on_termination(self, context, instance, bdm, value):
        bdm.delete_on_termination = bool(value)
        bdm.save()

