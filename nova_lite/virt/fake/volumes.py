"""The fake driver's volumes: a record per guest of what is plugged at
each device (connection info, bus, size), kept with the guest so it
survives a compute restart like a real domain's disks."""
import os
import platform

from nova_lite import conf as nl_conf
from nova_lite import exception

CONF = nl_conf.CONF


class FakeVolumes(object):
    """guests: the driver's {uuid: guest dict}; lock and save: the
    driver's (every change is written out as the guests are)."""

    def __init__(self, guests, lock, save, host):
        self._guests = guests
        self._lock = lock
        self._save = save
        self._host = host

    @staticmethod
    def _maybe_fail(operation, instance):
        if operation in CONF.fake_driver.fail_volume_operations:
            raise exception.NovaLiteException(
                'Fake %s failure for %s' % (operation, instance.uuid))

    def _volumes_of(self, instance):
        guest = self._guests().get(instance.uuid)
        if guest is None:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        return guest.setdefault('volumes', {})

    def connector(self, instance):
        """Connector properties shaped as os-brick's (no initiator: the
        fake host has no iSCSI)."""
        return {'ip': CONF.my_ip,
                'host': self._host() or CONF.host,
                'initiator': None, 'multipath': False,
                'enforce_multipath': False, 'platform': platform.machine(),
                'os_type': os.uname().sysname.lower(),
                'do_local_attach': False}

    def attach(self, instance, connection_info, mountpoint, disk_bus,
               device_type):
        self._maybe_fail('attach_volume', instance)
        device = os.path.basename(mountpoint)
        with self._lock:
            volumes = self._volumes_of(instance)
            if device in volumes:
                raise exception.DevicePathInUse(path=mountpoint)
            volumes[device] = {
                'connection_info': connection_info, 'bus': disk_bus,
                'device_type': device_type or 'disk', 'size': None,
                'serial': connection_info.get('serial') or
                connection_info.get('volume_id')}
            self._save()

    def detach(self, instance, connection_info, mountpoint):
        self._maybe_fail('detach_volume', instance)
        # As a real host, which disconnects by the volume's connection.
        driver_type = (connection_info or {}).get('driver_volume_type')
        if not driver_type:
            raise exception.VolumeDriverNotFound(driver_type=driver_type)
        device = os.path.basename(mountpoint)
        with self._lock:
            volumes = self._volumes_of(instance)
            if device not in volumes:
                raise exception.DiskNotFound(location=mountpoint)
            del volumes[device]
            self._save()

    def swap(self, instance, new_connection_info, mountpoint, resize_to):
        self._maybe_fail('swap_volume', instance)
        device = os.path.basename(mountpoint)
        with self._lock:
            volumes = self._volumes_of(instance)
            if device not in volumes:
                raise exception.DiskNotFound(location=mountpoint)
            volumes[device]['connection_info'] = new_connection_info
            if resize_to:
                volumes[device]['size'] = resize_to * 1024 ** 3
            self._save()

    def extend(self, instance, connection_info, requested_size):
        self._maybe_fail('extend_volume', instance)
        with self._lock:
            for record in self._volumes_of(instance).values():
                if _same_volume(record['connection_info'], connection_info):
                    record['size'] = requested_size
                    self._save()
                    return
        raise exception.DiskNotFound(
            location=connection_info.get('serial') or 'volume')

    def _record_of(self, instance, volume_id):
        for record in self._volumes_of(instance).values():
            if record.get('serial') == volume_id:
                return record
        raise exception.DiskNotFound(location=volume_id)

    def snapshot_create(self, instance, volume_id, create_info):
        """The volume's disk writes to create_info['new_file'] from now
        on; the snapshot is recorded with the file it froze."""
        self._maybe_fail('volume_snapshot_create', instance)
        with self._lock:
            record = self._record_of(instance, volume_id)
            data = (record['connection_info'] or {}).get('data') or {}
            frozen = record.get('active_file') or data.get('name')
            record.setdefault('snapshots', {})[
                create_info['snapshot_id']] = frozen
            record['active_file'] = create_info['new_file']
            self._save()

    def snapshot_delete(self, instance, volume_id, snapshot_id,
                        delete_info):
        """The merge Cinder asked for, recorded with the snapshot gone."""
        self._maybe_fail('volume_snapshot_delete', instance)
        with self._lock:
            record = self._record_of(instance, volume_id)
            record.setdefault('snapshots', {}).pop(snapshot_id, None)
            record.setdefault('merges', []).append(
                (delete_info.get('file_to_merge'),
                 delete_info.get('merge_target_file')))
            self._save()

    def plugged(self, instance):
        """{device: record} of the guest's volumes (tests)."""
        with self._lock:
            guest = self._guests().get(instance.uuid) or {}
            return {dev: dict(rec)
                    for dev, rec in guest.get('volumes', {}).items()}


def from_block_device_info(block_device_info):
    """The volume records of a guest spawned with `block_device_info`
    (Nova's driver form: its block_device_mapping list)."""
    volumes = {}
    for bdm in (block_device_info or {}).get('block_device_mapping') or []:
        info = bdm.get('connection_info') or {}
        volumes[os.path.basename(bdm['mount_device'])] = {
            'connection_info': info, 'bus': bdm.get('disk_bus'),
            'device_type': bdm.get('device_type') or 'disk', 'size': None,
            'serial': info.get('serial'), 'boot_index': bdm.get('boot_index')}
    return volumes


def _same_volume(a, b):
    keys = ('serial', 'volume_id')
    for key in keys:
        if a.get(key) and a.get(key) == b.get(key):
            return True
    return a.get('data') == b.get('data')
