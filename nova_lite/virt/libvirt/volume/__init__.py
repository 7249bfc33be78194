"""Libvirt volume drivers: one class per Cinder driver_volume_type, each
connecting the volume to this host (os-brick) and giving the <disk>
element the guest sees it through.

`driver_for(connection_info)` picks the class from the registry below.
"""
from nova_lite import exception
from nova_lite.virt.libvirt.volume import fs
from nova_lite.virt.libvirt.volume import iscsi
from nova_lite.virt.libvirt.volume import net

DRIVERS = {
    'nfs': fs.NfsVolumeDriver,
    'file': fs.FileVolumeDriver,
    'local': fs.FileVolumeDriver,
    'iscsi': iscsi.IscsiVolumeDriver,
    'rbd': net.RbdVolumeDriver,
}


def driver_for(connection_info, conf=None):
    """The volume driver instance for a connection_info
    ({'driver_volume_type', 'data'}); VolumeDriverNotFound otherwise."""
    driver_type = (connection_info or {}).get('driver_volume_type')
    cls = DRIVERS.get(driver_type)
    if cls is None:
        raise exception.VolumeDriverNotFound(driver_type=driver_type)
    return cls(conf)
