"""Device names for new volumes (Nova's get_next_device_name) and the
driver's block_device_info, from an instance's mappings."""
import pytest

from nova_lite.compute import block_device
from nova_lite import exception
from nova_lite import objects

objects.register_all()


def _root(device='/dev/vda'):
    return objects.BlockDeviceMapping(
        source_type='image', destination_type='local', boot_index=0,
        device_name=device, connection_info=None)


def _volume(device, volume_id='v1'):
    return objects.BlockDeviceMapping(
        source_type='volume', destination_type='volume', boot_index=None,
        device_name=device, volume_id=volume_id, disk_bus=None,
        device_type='disk', delete_on_termination=False,
        attachment_id=None, connection_info='{"driver_volume_type": "nfs"}')


def _instance(ephemeral_gb=0, swap=0):
    return objects.Instance(flavor=objects.Flavor(
        ephemeral_gb=ephemeral_gb, swap=swap))


def test_the_next_free_letter_after_the_root():
    assert block_device.next_device_name(_instance(), [_root()]) == \
        '/dev/vdb'
    assert block_device.next_device_name(
        _instance(), [_root(), _volume('/dev/vdb')]) == '/dev/vdc'


def test_the_flavors_local_disks_are_taken():
    assert block_device.next_device_name(
        _instance(ephemeral_gb=1, swap=512), [_root()]) == '/dev/vdd'


def test_a_requested_name_takes_the_roots_prefix():
    assert block_device.next_device_name(
        _instance(), [_root()], '/dev/sdf') == '/dev/vdf'


def test_a_taken_or_malformed_name_is_refused():
    with pytest.raises(exception.DevicePathInUse):
        block_device.next_device_name(_instance(), [_root()], '/dev/vda')
    with pytest.raises(exception.InvalidDevicePath):
        block_device.next_device_name(_instance(), [_root()], '/dev/1')


def test_block_device_info_lists_the_volumes():
    info = block_device.block_device_info([_root(), _volume('/dev/vdb')])
    assert info['root_device_name'] == '/dev/vda'
    assert info['block_device_mapping'] == [{
        'connection_info': {'driver_volume_type': 'nfs'},
        'mount_device': '/dev/vdb', 'boot_index': None, 'disk_bus': None,
        'device_type': 'disk', 'delete_on_termination': False,
        'attachment_id': None, 'volume_id': 'v1'}]
