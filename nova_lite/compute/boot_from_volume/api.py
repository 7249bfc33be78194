"""The compute API's part of booting from volume, at server create: the
requested block device mappings checked and completed as Nova's API does
(its _check_and_transform_bdm, _validate_bdm, the image metadata of a
volume root, the cross_az_attach rule), and the pre-existing volumes
reserved in Cinder with an attachment per server (volume "reserved")
before the build is cast.

Mappings are plain dicts (nova_lite.compute.boot_from_volume.requests);
``volume_api`` is the Cinder client (nova_lite.volume.cinder.API's
methods), ``image_api`` the image API.
"""
import copy
import json

from oslo_log import log as logging
from oslo_utils import strutils

from nova_lite.compute.boot_from_volume import cleanup
from nova_lite.compute.boot_from_volume import volume_api as volume_api_mod
from nova_lite.compute.boot_from_volume import requests as bdm_requests
from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite import objects

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

GiB = 1024 ** 3
DEFAULT_ROOT_DEVICE = 'vda'
# Nova's DiskBus values: a bus outside them is refused at the API.
DISK_BUSES = ('fdc', 'ide', 'sata', 'scsi', 'usb', 'virtio', 'xen', 'lxc',
              'uml')
# The image attributes Cinder keeps among a volume's image metadata.
VOLUME_IMAGE_ATTRIBUTES = ('image_id', 'image_name', 'size', 'checksum',
                           'container_format', 'disk_format', 'min_ram',
                           'min_disk')


def image_meta_from_volume(volume):
    """Image metadata of a bootable volume, as Nova derives it: Cinder's
    volume_image_metadata as properties, the size the volume's, min_ram
    and min_disk as integers, status active."""
    properties = dict(volume.get('volume_image_metadata') or {})
    meta = {'properties': properties,
            'size': int(volume.get('size') or 0) * GiB,
            'status': 'active'}
    for attr in VOLUME_IMAGE_ATTRIBUTES:
        value = properties.pop(attr, None)
        if attr in ('min_ram', 'min_disk'):
            meta[attr] = int(value or 0)
    return meta


def image_defined_bdms(image_meta):
    """The mappings an image's properties define: a v2 list (bdm_v2, as
    the snapshot of a volume-backed server writes it) or a legacy one.
    Glance keeps the list as a JSON string."""
    props = image_meta.get('properties') or {}
    mappings = props.get('block_device_mapping',
                         image_meta.get('block_device_mapping')) or []
    if isinstance(mappings, str):
        try:
            mappings = json.loads(mappings)
        except ValueError:
            raise exception.InvalidBDMFormat(
                details='Image block_device_mapping is not valid JSON.')
    v2 = props.get('bdm_v2', image_meta.get('bdm_v2'))
    root_device = props.get('root_device_name',
                            image_meta.get('root_device_name'))
    if not strutils.bool_from_string(v2):
        return bdm_requests.from_legacy_mapping(
            mappings, None, root_device or DEFAULT_ROOT_DEVICE)
    return [bdm_requests.normalise(m) for m in mappings]


class BootVolumesAPI(object):
    """image_api: the image API; volume_api: the Cinder client (by
    default made on first use)."""

    def __init__(self, image_api, volume_api=None):
        self.image_api = image_api
        self.volume_api = volume_api or volume_api_mod.LazyVolumeAPI()

    # -- before the instances exist -----------------------------------------

    def boot_image_meta(self, context, bdms):
        """The image metadata of a server created without imageRef: that
        of the image, volume or snapshot's volume of the boot_index 0
        mapping ({} when there is none)."""
        root = bdm_requests.root_of(bdms)
        if root is None:
            return {}
        volume_id = root.get('volume_id')
        if root.get('snapshot_id'):
            snapshot = self._get_snapshot(context, root['snapshot_id'])
            volume_id = snapshot.get('volume_id')
        if root.get('image_id'):
            try:
                return self.image_api.get(context, root['image_id'])
            except Exception:
                raise exception.InvalidBDMImage(id=root['image_id'])
        if not volume_id:
            return {}
        try:
            volume = self.volume_api.get(context, volume_id)
        except exception.CinderConnectionFailed:
            raise
        except Exception:
            raise exception.InvalidBDMVolume(id=volume_id)
        if not strutils.bool_from_string(volume.get('bootable', True),
                                         default=True):
            raise exception.InvalidBDMVolumeNotBootable(id=volume_id)
        return image_meta_from_volume(volume)

    def transform(self, image_ref, image_meta, min_count, max_count, bdms,
                  legacy):
        """The server's mappings: the requested ones (legacy ones in the
        v2 form), those its image defines, the image -> local root of an
        image boot. Raises InvalidRequest as Nova does."""
        if image_ref:
            for bdm in bdms:
                if (bdm.get('destination_type') == 'volume' and
                        bdm_requests.strip_dev(bdm.get('device_name')) ==
                        DEFAULT_ROOT_DEVICE):
                    raise exception.InvalidRequest(
                        'The volume cannot be assigned the same device name '
                        'as the root device %s' % DEFAULT_ROOT_DEVICE)
        from_image = image_defined_bdms(image_meta or {})
        root_in_image = bdm_requests.root_of(from_image) is not None
        if legacy:
            bdms = bdm_requests.from_legacy_mapping(
                bdms, image_ref, DEFAULT_ROOT_DEVICE, no_root=root_in_image)
        elif root_in_image:
            # The image's root wins over the image -> local mapping a
            # client adds for imageRef.
            bdms = [bdm for bdm in bdms
                    if not (bdm.get('boot_index') == 0 and
                            bdm.get('source_type') == 'image')]
        names = {bdm.get('device_name') for bdm in bdms
                 if bdm.get('device_name')}
        bdms = list(bdms) + [bdm for bdm in from_image
                             if bdm.get('device_name') not in names]
        if (min_count > 1 or max_count > 1) and any(
                bdm.get('source_type') == 'volume' for bdm in bdms):
            raise exception.InvalidRequest(
                'Cannot attach one or more volumes to multiple instances')
        return bdms

    def volumes_for(self, context, bdms):
        """volume id -> the Cinder volume, for mappings of existing
        volumes (VolumeNotFound when one is not there)."""
        return {bdm['volume_id']: self.volume_api.get(context,
                                                      bdm['volume_id'])
                for bdm in bdms if bdm.get('volume_id')}

    @staticmethod
    def check_multiattach(volumes, supports_multiattach):
        """A multiattach volume needs the 2.60 API."""
        if not supports_multiattach and any(
                volume.get('multiattach') for volume in volumes.values()):
            raise exception.MultiattachNotSupportedOldMicroversion()

    @staticmethod
    def volume_zone(instance_az, volumes):
        """With [cinder] cross_az_attach false: the volumes' zone must be
        the server's; a server that asked for no zone gets the volumes'
        one (returned) unless it is the default zone. None otherwise."""
        if not volumes or CONF.cinder.cross_az_attach:
            return None
        zones = [volume.get('availability_zone')
                 for volume in volumes.values()]
        if len(set(zones)) > 1:
            raise exception.MismatchVolumeAZException(
                reason='Volumes are in different availability zones: %s' %
                ','.join(str(z) for z in zones))
        volume_az = zones[0]
        if instance_az is None:
            if volume_az != CONF.default_availability_zone:
                return volume_az
            return None
        if instance_az != volume_az:
            raise exception.MismatchVolumeAZException(
                reason='Server and volumes are not in the same availability '
                       'zone. Server is in: %s. Volumes are in: %s' %
                       (instance_az, volume_az))
        return None

    def validate(self, context, image_ref, flavor, bdms, volumes,
                 image_cache):
        """Nova's _validate_bdm for one server: a copy of `bdms` with the
        sizes filled in. Raises the InvalidBDM* errors."""
        bdms = copy.deepcopy(bdms)
        boot_indexes = sorted(bdm['boot_index'] for bdm in bdms
                              if bdm.get('boot_index') is not None and
                              bdm['boot_index'] >= 0)
        if not boot_indexes or any(i != v
                                   for i, v in enumerate(boot_indexes)):
            raise exception.InvalidBDMBootSequence()
        for bdm in bdms:
            self._validate_one(context, image_ref, bdm, volumes, image_cache)
        ephemeral_size = sum(bdm.get('volume_size') or flavor.ephemeral_gb
                             for bdm in bdms
                             if bdm_requests.is_ephemeral(bdm))
        if ephemeral_size > flavor.ephemeral_gb:
            raise exception.InvalidBDMEphemeralSize()
        swaps = [bdm for bdm in bdms if bdm_requests.is_swap(bdm)]
        if len(swaps) > 1:
            raise exception.InvalidBDMFormat(
                details='More than one swap drive requested.')
        if swaps and (swaps[0].get('volume_size') or 0) > flavor.swap:
            raise exception.InvalidBDMSwapSize()
        max_local = CONF.max_local_block_devices
        if max_local >= 0 and len(
                [bdm for bdm in bdms
                 if bdm.get('destination_type') == 'local']) > max_local:
            raise exception.InvalidBDMLocalsLimit()
        for bdm in bdms:
            if bdm.get('volume_size') is None and \
                    bdm_requests.is_ephemeral(bdm):
                bdm['volume_size'] = flavor.ephemeral_gb
            elif bdm.get('volume_size') is None and \
                    bdm_requests.is_swap(bdm):
                bdm['volume_size'] = flavor.swap
        return bdms

    def _validate_one(self, context, image_ref, bdm, volumes, image_cache):
        if bdm.get('image_id') is not None:
            image_id = bdm['image_id']
            if image_id != image_ref and image_id not in image_cache:
                try:
                    image_cache[image_id] = self.image_api.get(context,
                                                               image_id)
                except Exception:
                    raise exception.InvalidBDMImage(id=image_id)
            if (bdm.get('source_type') == 'image' and
                    bdm.get('destination_type') == 'volume' and
                    not bdm.get('volume_size')):
                raise exception.InvalidBDM(
                    "Images with destination_type 'volume' need to have a "
                    "non-zero size specified")
        elif bdm.get('volume_id') is not None:
            volume = volumes[bdm['volume_id']]
            bdm['volume_size'] = volume.get('size')
        elif bdm.get('snapshot_id') is not None:
            snapshot = self._get_snapshot(context, bdm['snapshot_id'])
            bdm['volume_size'] = bdm.get('volume_size') or \
                snapshot.get('size')
        elif (bdm.get('source_type') == 'blank' and
                bdm.get('destination_type') == 'volume' and
                not bdm.get('volume_size')):
            raise exception.InvalidBDM(
                "Blank volumes (source: 'blank', dest: 'volume') need to "
                "have non-zero size")
        if bdm.get('disk_bus') and bdm['disk_bus'] not in DISK_BUSES:
            raise exception.InvalidBDMDiskBus(disk_bus=bdm['disk_bus'])

    def _get_snapshot(self, context, snapshot_id):
        try:
            return self.volume_api.get_snapshot(context, snapshot_id)
        except exception.CinderConnectionFailed:
            raise
        except Exception:
            raise exception.InvalidBDMSnapshot(id=snapshot_id)

    # -- once each instance has its uuid --------------------------------------

    def reserve(self, context, instance_uuid, bdms):
        """Reserve each existing volume of `bdms` for the server with an
        attachment (its id goes into the mapping), as Nova's API does. On
        a failure the attachments made so far are deleted."""
        reserved = []
        try:
            for bdm in bdms:
                if not bdm.get('volume_id') or \
                        bdm.get('source_type') != 'volume':
                    continue
                bdm['attachment_id'] = self._attachment_create(
                    context, bdm['volume_id'], instance_uuid)
                reserved.append(bdm)
        except Exception:
            self.unreserve(context, reserved)
            raise
        return bdms

    def _attachment_create(self, context, volume_id, instance_uuid):
        try:
            return self.volume_api.attachment_create(
                context, volume_id, instance_uuid)['id']
        except (exception.CinderConnectionFailed, exception.InvalidVolume):
            raise
        except exception.InvalidInput as exc:
            raise exception.InvalidVolume(reason=exc.format_message())
        except Exception as exc:
            LOG.info('Failed validating volume %s. Error: %s', volume_id, exc)
            raise exception.InvalidBDMVolume(id=volume_id)

    def unreserve(self, context, bdms):
        """Delete the attachments `reserve` made (never raises)."""
        for bdm in bdms:
            if bdm.get('attachment_id'):
                cleanup.delete_attachment(self.volume_api, context,
                                          bdm['attachment_id'],
                                          bdm.get('volume_id'))
                bdm['attachment_id'] = None


def mapping_objects(context, bdms):
    """The BlockDeviceMappingList of a server's mappings (created with
    the instance)."""
    return objects.BlockDeviceMappingList(context, objects=[
        objects.BlockDeviceMapping(context, **{
            key: value for key, value in bdm.items()
            if key in bdm_requests.FIELDS or key == 'attachment_id'})
        for bdm in bdms])


def check_root_volume(image_meta, root_bdm):
    """A volume root must hold the image's min_disk (Nova's check instead
    of the flavor's disk checks for a volume-backed server)."""
    size = root_bdm.get('volume_size')
    if size is None:
        return
    min_disk = int(image_meta.get('min_disk') or 0) * GiB
    if min_disk > size * GiB:
        raise exception.VolumeSmallerThanMinDisk(volume_size=size * GiB,
                                                 image_min_disk=min_disk)
