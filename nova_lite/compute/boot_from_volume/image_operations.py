"""What the image operations of a volume-backed server do differently.

createImage of a volume-backed server (Nova's snapshot_volume_backed),
done in the compute API: a Cinder snapshot of each volume (forced: the
volumes are in use), then an image holding no data (size 0, active at
once) whose properties map the server's disks: ``block_device_mapping``
(a JSON list of v2 mappings, the volumes as source snapshot ->
destination volume), ``bdm_v2`` True and ``root_device_name``. A server
booted from that image gets new volumes made from the snapshots.

nova_lite has no quiesce RPC: the guest is not frozen, as Nova when the
driver cannot quiesce, unless the image demands it
(os_require_quiesce), which is then refused.

A rebuild is refused unless it is onto the root volume's own image
(``check_rebuild_image``).
"""
from oslo_log import log as logging
from oslo_serialization import jsonutils
from oslo_utils import strutils

from nova_lite.compute.boot_from_volume import requests as bdm_requests
from nova_lite.compute import guards
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import objects

LOG = logging.getLogger(__name__)

SNAPSHOT_VM_STATES = [vm_states.ACTIVE, vm_states.STOPPED, vm_states.PAUSED,
                      vm_states.SUSPENDED]
EVENT = 'api_snapshot_instance'
# Properties of the base image a new mapping replaces.
MAPPING_PROPERTIES = ('block_device_mapping', 'bdm_v2', 'root_device_name')


def is_volume_backed(instance, bdms):
    """The root disk is a volume (a server without a root mapping: when
    it has no image)."""
    root = bdms.root_bdm() if bdms is not None else None
    if root is not None:
        return root.is_volume
    return not instance.image_ref


class VolumeSnapshotAPI(object):
    """image_meta(context, instance, name, properties): the metadata of a
    snapshot image (SnapshotAPI.snapshot_image_meta); image_api: images;
    volume_api: the Cinder client."""

    def __init__(self, image_meta, image_api, volume_api):
        self.image_meta = image_meta
        self.image_api = image_api
        self.volume_api = volume_api

    @guards.check_instance_state(vm_state=SNAPSHOT_VM_STATES,
                                 action='createImage')
    def snapshot_volume_backed(self, context, instance, name,
                               extra_properties=None):
        """The new (active, empty) image dict."""
        properties = {'instance_uuid': instance.uuid,
                      'user_id': str(context.user_id),
                      'image_type': 'snapshot'}
        properties.update(extra_properties or {})
        meta = self.image_meta(context, instance, name, properties)
        for key in ('disk_format', 'container_format'):
            meta.pop(key, None)
        props = meta['properties']
        for key in MAPPING_PROPERTIES:
            props.pop(key, None)
        bdms = objects.BlockDeviceMappingList.get_by_instance_uuid(
            context, instance.uuid)
        root = bdms.root_bdm()
        if root is not None and root.device_name:
            props['root_device_name'] = root.device_name
        volume_bdms = [bdm for bdm in bdms
                       if not bdm.no_device and bdm.is_volume]
        mapping = [bdm_requests.image_mapping(_as_dict(bdm)) for bdm in bdms
                   if not bdm.no_device and not bdm.is_volume]
        self._check_snapshot_quota(context, len(volume_bdms))
        self._check_quiesce(instance)
        compute_utils.start_action(context, instance, 'createImage')
        with compute_utils.ActionEvent(context, instance, EVENT):
            for bdm in volume_bdms:
                volume = self.volume_api.get(context, bdm.volume_id)
                snapshot = self.volume_api.create_snapshot_force(
                    context, volume['id'], 'snapshot for %s' % name,
                    volume.get('display_description'))
                LOG.info('Snapshot %s of volume %s made for the image of '
                         'instance %s', snapshot['id'], volume['id'],
                         instance.uuid)
                mapping.append(bdm_requests.snapshot_from_bdm(
                    snapshot['id'], _as_dict(bdm)))
        if mapping:
            props['block_device_mapping'] = jsonutils.dumps(mapping)
            props['bdm_v2'] = True
        image = self.image_api.create(context, meta)
        # No data: active at once, as Nova's zero-size upload makes it.
        image = self.image_api.upload(
            context, image['id'], iter([b'']),
            image_meta={'disk_format': 'raw', 'container_format': 'bare'})
        LOG.info('Image %s of volume-backed instance %s created with %d '
                 'volume snapshot(s) (request %s)', image['id'],
                 instance.uuid, len(volume_bdms), context.request_id)
        return image

    def _check_snapshot_quota(self, context, count):
        """Cinder's snapshot limit, checked before the first snapshot."""
        if not count:
            return
        limits = self.volume_api.get_absolute_limits(context)
        used = limits.get('totalSnapshotsUsed', 0)
        allowed = limits.get('maxTotalSnapshots', -1)
        if allowed > -1 and count + used > allowed:
            raise exception.OverQuota(overs='snapshots')

    @staticmethod
    def _check_quiesce(instance):
        if instance.vm_state != vm_states.ACTIVE:
            return
        required = (instance.system_metadata or {}).get(
            'image_os_require_quiesce')
        if strutils.bool_from_string(required):
            raise exception.InstanceQuiesceNotSupported(
                instance_id=instance.uuid)
        LOG.info('Skipping quiescing instance %s: not supported',
                 instance.uuid)


def _as_dict(bdm):
    return {key: bdm[key] for key in bdm_requests.FIELDS
            if bdm.obj_attr_is_set(key)}


def check_rebuild_image(volume_api, context, instance, image_href):
    """A volume-backed server rebuilds only onto the image its root
    volume was made from (Nova before 2.93): ImageUnacceptable else."""
    bdms = objects.BlockDeviceMappingList.get_by_instance_uuid(
        context, instance.uuid)
    if not is_volume_backed(instance, bdms):
        return
    root = bdms.root_bdm()
    original = None
    if root is not None and root.volume_id:
        volume = volume_api.get(context, root.volume_id)
        original = (volume.get('volume_image_metadata') or {}).get(
            'image_id')
    if original != image_href:
        LOG.info('Refusing to rebuild volume-backed instance %s from '
                 'image %s (its volume is of image %s)', instance.uuid,
                 image_href, original)
        raise exception.ImageUnacceptable(
            image_id=image_href,
            reason='Unable to rebuild with a different image for a '
                   'volume-backed server.')
