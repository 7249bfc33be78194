"""File-backed volumes: a file on an NFS share os-brick mounts under
[libvirt] nfs_mount_point_base (Cinder's NFS driver), or a file already
on this host ('file'/'local': data['device_path'])."""
import os

from nova_lite.virt.libvirt.volume import base


class FileVolumeDriver(base.LibvirtBaseVolumeDriver):
    """A local file or block device named by data['device_path']; no
    connection to make."""

    def connect_volume(self, connection_info, instance=None):
        path = connection_info['data'].get('device_path')
        if not path or not os.path.exists(path):
            raise FileNotFoundError('volume path %r does not exist' % path)

    def disconnect_volume(self, connection_info, instance=None):
        pass

    def extend_volume(self, connection_info, instance=None,
                      requested_size=None):
        return os.path.getsize(connection_info['data']['device_path'])

    def source(self, disk, data):
        path = data['device_path']
        if os.path.exists(path) and not os.path.isfile(path):
            disk.set('type', 'block')
            base.sub(disk, 'source', dev=path)
        else:
            base.sub(disk, 'source', file=path)


class NfsVolumeDriver(base.LibvirtBaseVolumeDriver):
    """Cinder's NFS driver: data {'export': 'host:/path', 'name':
    'volume-<id>', 'options', 'format'}; os-brick's RemoteFsConnector
    mounts the export (or finds it mounted) and answers the file path."""
    protocol = 'NFS'

    def extend_volume(self, connection_info, instance=None,
                      requested_size=None):
        path = connection_info['data'].get('device_path')
        if path and os.path.exists(path):
            return os.path.getsize(path)
        return super().extend_volume(connection_info, instance,
                                     requested_size)

    def source(self, disk, data):
        base.sub(disk, 'source', file=data['device_path'])
