"""Is this image bootable with this flavor? The checks Nova's API makes at
server create and rebuild (its ``_validate_flavor_image``), with Nova's
exceptions, messages and status codes.

In order, as Nova: the image is active; ``img_config_drive`` is optional
or mandatory; the flavor has the image's ``min_ram``; a flavor with a root
disk holds the image (``size``) and its ``min_disk``; a flavor without one
(root_gb 0) is allowed by policy ``os_compute_api:servers:create:
zero_disk_flavor``; the hardware properties name values Nova knows (an
unknown ``hw_disk_bus`` fails here with 400; a known one this host's driver
cannot give fails later on the compute, with a fault, as in Nova).
"""
from nova_lite.compute import utils as compute_utils
from nova_lite import exception
from nova_lite.policies import servers as server_policies

GiB = 1024 ** 3

CONFIG_DRIVE_OPTIONS = ('optional', 'mandatory')

# The values of Nova's image property enums (nova/objects/fields.py).
DISK_BUSES = ('fdc', 'ide', 'sata', 'scsi', 'usb', 'virtio', 'xen', 'lxc',
              'uml')
VIF_MODELS = ('virtio', 'ne2k_pci', 'pcnet', 'rtl8139', 'e1000', 'e1000e',
              'netfront', 'spapr-vlan', 'lan9118', 'sriov', 'vmxnet',
              'vmxnet3', 'igb')
# Nova also accepts the VMware spellings of the VIF models.
VIF_MODEL_ALIASES = {'virtuale1000': 'e1000', 'virtuale1000e': 'e1000e',
                     'virtualpcnet32': 'pcnet',
                     'virtualsriovethernetcard': 'sriov',
                     'virtualvmxnet': 'vmxnet', 'virtualvmxnet3': 'vmxnet3'}
VIDEO_MODELS = ('cirrus', 'qxl', 'vga', 'vmvga', 'xen', 'virtio', 'gop',
                'none', 'bochs')


def _check_enum(props, name, allowed, aliases=None, fold_case=False):
    value = props.get(name)
    if value is None:
        return
    value = str(value)
    canonical = value.lower() if fold_case else value
    canonical = (aliases or {}).get(canonical, canonical)
    if canonical not in allowed:
        raise exception.InvalidImageMetadata(error='Field value %s is invalid' % value)


def check_image_properties(props):
    """Values Nova's ImageMeta would refuse to hold."""
    _check_enum(props, 'hw_disk_bus', DISK_BUSES)
    _check_enum(props, 'hw_vif_model', VIF_MODELS, VIF_MODEL_ALIASES,
                fold_case=True)
    _check_enum(props, 'hw_video_model', VIDEO_MODELS)


def _check_flavor_disk(context, image, flavor):
    """The flavor's root disk holds the image, or the flavor has none and
    policy allows that."""
    min_disk = int(image.get('min_disk') or 0) * GiB
    size = int(image.get('size') or 0)
    root = flavor.root_gb * GiB
    if root:
        if size > root:
            raise exception.FlavorDiskSmallerThanImage(flavor_size=root,
                                                       image_size=size)
        if min_disk > root:
            raise exception.FlavorDiskSmallerThanMinDisk(
                flavor_size=root, image_min_disk=min_disk)
    elif not context.can(server_policies.ZERO_DISK_FLAVOR, fatal=False):
        raise exception.BootFromVolumeRequiredForZeroDiskFlavor()


def check_flavor_image(context, image, flavor, volume_backed=False):
    """Raise Nova's exception if `flavor` cannot boot `image` (an image
    dict as nova_lite.image.api returns it). A volume-backed server's root
    is its volume: the flavor's disk is not checked against the image."""
    if image.get('status') != 'active':
        raise exception.ImageNotActive(image_id=image.get('id'))
    props = compute_utils.image_properties(image)
    config_drive = props.get('img_config_drive', 'optional')
    if config_drive not in CONFIG_DRIVE_OPTIONS:
        raise exception.InvalidImageConfigDrive(config_drive=config_drive)
    if flavor.memory_mb < int(image.get('min_ram') or 0):
        raise exception.FlavorMemoryTooSmall()
    if not volume_backed:
        _check_flavor_disk(context, image, flavor)
    check_image_properties(props)


def bootable_image(image_api, context, image_href, flavor):
    """The image dict of `image_href` once the checks above pass for
    `flavor` (server create and rebuild)."""
    image = image_api.get(context, image_href)
    check_flavor_image(context, image, flavor)
    return image
