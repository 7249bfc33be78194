"""Block device mappings as the compute uses them: device names (Nova's
get_next_device_name: the next free /dev/vdX, or the requested one when
free) and the driver's block_device_info built from an instance's
mappings."""
import re

from nova_lite import exception

DEFAULT_ROOT_DEVICE_NAME = '/dev/vda'
# /dev/ + optional x, one of v/s/h, d + letters (+ partition digits).
_DEVICE = re.compile(r'^(/dev/x?[a-z]?d?)([a-z]+)[0-9]*$')
_MAX_LETTERS = 26 * 27


def match_device(device):
    """(prefix, letters) of a device name like /dev/vdb, else None."""
    match = _DEVICE.match(device or '')
    return match.groups() if match else None


def _letter_index(letters):
    index = 0
    for char in letters:
        index = index * 26 + (ord(char) - ord('a') + 1)
    return index - 1


def _letters(index):
    name = ''
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(ord('a') + rem) + name
    return name


def local_device_names(instance, root_device_name=None):
    """The devices of an image-backed server's local disks: its root,
    then the flavor's ephemeral and swap disks (as the drivers lay them
    out)."""
    root = root_device_name or DEFAULT_ROOT_DEVICE_NAME
    prefix, letters = match_device(root)
    count = 1
    flavor = getattr(instance, 'flavor', None)
    if flavor is not None:
        count += bool(flavor.ephemeral_gb) + bool(getattr(flavor, 'swap',
                                                          0))
    first = _letter_index(letters)
    return [prefix + _letters(first + n) for n in range(count)]


def used_device_names(instance, bdms):
    names = [bdm.device_name for bdm in bdms if bdm.device_name]
    root = next((b for b in bdms if b.is_root), None)
    if root is None or root.is_local:
        names += local_device_names(
            instance, root.device_name if root is not None else None)
    return names


def next_device_name(instance, bdms, requested=None):
    """The device a new volume gets: `requested` (in the root's prefix,
    as Nova converts /dev/sdc to /dev/vdc) when free, else the first free
    letter after the used ones. InvalidDevicePath for a malformed name,
    DevicePathInUse for a taken one."""
    requested_letters = None
    if requested:
        matched = match_device(requested)
        if matched is None:
            raise exception.InvalidDevicePath(path=requested)
        requested_letters = matched[1]
    root = next((b for b in bdms if b.is_root and b.device_name), None)
    prefix = match_device(root.device_name if root is not None else
                          DEFAULT_ROOT_DEVICE_NAME)[0]
    used = {match_device(name)[1] for name in
            used_device_names(instance, bdms) if match_device(name)}
    if requested_letters is not None:
        if requested_letters in used:
            raise exception.DevicePathInUse(path=requested)
        return prefix + requested_letters
    for index in range(_MAX_LETTERS):
        if _letters(index) not in used:
            return prefix + _letters(index)
    raise exception.InvalidDevicePath(path='(no free device name)')


def driver_bdm(bdm):
    """One volume mapping in the driver's form."""
    return {'connection_info': bdm.get_connection_info(),
            'mount_device': bdm.device_name, 'boot_index': bdm.boot_index,
            'disk_bus': bdm.disk_bus, 'device_type': bdm.device_type,
            'delete_on_termination': bdm.delete_on_termination,
            'attachment_id': bdm.attachment_id, 'volume_id': bdm.volume_id}


def block_device_info(bdms, root_device_name=None):
    """Nova's block_device_info for the driver from an instance's
    mappings: its root device name and its volumes (ephemerals and swap
    come from the flavor in nova_lite's drivers)."""
    root = next((b for b in bdms if b.is_root), None)
    return {'root_device_name': root_device_name or (
                root.device_name if root is not None and root.device_name
                else DEFAULT_ROOT_DEVICE_NAME),
            'ephemerals': [], 'swap': None,
            'block_device_mapping': [driver_bdm(b) for b in bdms
                                     if b.is_volume]}
