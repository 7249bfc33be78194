"""Network disks QEMU opens itself (no host connection): Ceph RBD, as
<disk type='network'><source protocol='rbd' name='pool/volume'> with the
monitors and the cephx secret libvirt holds."""
from nova_lite.virt.libvirt.volume import base


class RbdVolumeDriver(base.LibvirtBaseVolumeDriver):
    disk_type = 'network'

    def connect_volume(self, connection_info, instance=None):
        pass    # QEMU connects to the cluster itself

    def disconnect_volume(self, connection_info, instance=None):
        pass

    def extend_volume(self, connection_info, instance=None,
                      requested_size=None):
        return requested_size

    def cache_mode(self, data):
        return 'writeback' if data.get('cache') == 'writeback' else 'none'

    def source(self, disk, data):
        source = base.sub(disk, 'source', protocol='rbd', name=data['name'])
        for host, port in zip(data.get('hosts') or [],
                              data.get('ports') or []):
            base.sub(source, 'host', name=host, port=port)
        if data.get('auth_enabled') and data.get('auth_username'):
            auth = base.sub(source, 'auth', username=data['auth_username'])
            base.sub(auth, 'secret', type='ceph',
                     uuid=data.get('secret_uuid'))
