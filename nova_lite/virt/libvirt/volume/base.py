"""What every libvirt volume driver has: the <disk> element built from a
connection_info and the guest's disk info, and the os-brick plumbing.

disk_info: {'dev': 'vdb', 'bus': 'virtio', 'type': 'disk'|'cdrom',
'boot_index': None or an int}. connection_info['serial'] (the volume
id, as Nova sets it) becomes the disk's <serial>.
"""
import os
import xml.etree.ElementTree as ET

from oslo_config import cfg

from nova_lite.virt.libvirt.volume import brick


def sub(parent, tag, text=None, **attrs):
    elem = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()
                                       if v is not None})
    if text is not None:
        elem.text = str(text)
    return elem


def volume_serial(connection_info):
    return (connection_info.get('serial') or
            (connection_info.get('data') or {}).get('volume_id'))


class LibvirtBaseVolumeDriver(object):
    #: <disk type=...>
    disk_type = 'file'
    #: os-brick protocol name (None: no os-brick connector)
    protocol = None

    def __init__(self, conf=None):
        self.conf = cfg.CONF if conf is None else conf

    # -- host connection ------------------------------------------------

    def connector(self):
        return brick.connector(self.protocol, self.conf)

    def connect_volume(self, connection_info, instance=None):
        """Make the volume reachable on this host; records the local
        path in connection_info['data']['device_path']."""
        data = connection_info['data']
        device = self.connector().connect_volume(data)
        data['device_path'] = device['path']

    def disconnect_volume(self, connection_info, instance=None):
        data = connection_info.get('data') or {}
        self.connector().disconnect_volume(data, None)

    def extend_volume(self, connection_info, instance=None,
                      requested_size=None):
        """The new size in bytes as the host sees it."""
        return self.connector().extend_volume(connection_info['data'])

    # -- guest config ---------------------------------------------------

    def disk_element(self, connection_info, disk_info):
        data = connection_info.get('data') or {}
        disk = ET.Element('disk', {'type': self.disk_type,
                                   'device': disk_info.get('type') or 'disk'})
        sub(disk, 'driver', name='qemu', type=self.driver_format(data),
            cache=self.cache_mode(data), discard=data.get('discard') and
            'unmap' or None)
        self.source(disk, data)
        sub(disk, 'target', dev=os.path.basename(disk_info['dev']),
            bus=disk_info.get('bus') or 'virtio')
        serial = volume_serial(connection_info)
        if serial:
            sub(disk, 'serial', serial)
        if disk_info.get('boot_index') is not None:
            sub(disk, 'boot', order=int(disk_info['boot_index']) + 1)
        if data.get('access_mode') == 'ro':
            sub(disk, 'readonly')
        return disk

    def get_config(self, connection_info, disk_info):
        """The <disk> XML (str) for attachDeviceFlags or a domain."""
        disk = self.disk_element(connection_info, disk_info)
        return ET.tostring(disk, encoding='unicode')

    def driver_format(self, data):
        return data.get('format') or 'raw'

    def cache_mode(self, data):
        return 'none'

    def source(self, disk, data):
        raise NotImplementedError()
