"""The compute's volume steps at build: waiting for a created volume
(Nova's block_device_allocate_retries), and what is asked of Cinder."""
from unittest import mock

from oslo_config import cfg
import pytest

from nova_lite.compute.boot_from_volume import manager
from nova_lite import exception
from nova_lite import objects

objects.register_all()

INSTANCE = '5e3c1c52-8d3f-4c1e-9d1e-2b5b0f6f3a11'


class _Volumes(object):
    """Cinder answering the statuses given, one per get."""

    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.gets = 0

    def get(self, context, volume_id):
        self.gets += 1
        return {'id': volume_id, 'status': self.statuses.pop(0)}


@pytest.fixture
def no_sleep():
    cfg.CONF.set_override('block_device_allocate_retries_interval', 0)
    with mock.patch.object(manager.time, 'sleep') as sleep:
        yield sleep
    cfg.CONF.clear_override('block_device_allocate_retries_interval')


def test_wait_returns_the_attempt_it_became_available(no_sleep):
    volumes = _Volumes(['creating', 'downloading', 'available'])
    boot = manager.BootVolumes(driver=None, volume_api=volumes)
    assert boot.wait_until_available(None, 'v1') == 3
    assert no_sleep.call_count == 2


def test_wait_gives_up_after_the_retries(no_sleep):
    cfg.CONF.set_override('block_device_allocate_retries', 2)
    try:
        volumes = _Volumes(['creating'] * 5)
        boot = manager.BootVolumes(driver=None, volume_api=volumes)
        with pytest.raises(exception.VolumeNotCreated) as exc:
            boot.wait_until_available(None, 'v1')
    finally:
        cfg.CONF.clear_override('block_device_allocate_retries')
    assert volumes.gets == 3
    assert exc.value.kwargs['attempts'] == 3
    assert exc.value.kwargs['volume_status'] == 'creating'


def test_zero_retries_is_one_check(no_sleep):
    cfg.CONF.set_override('block_device_allocate_retries', 0)
    try:
        volumes = _Volumes(['creating', 'available'])
        boot = manager.BootVolumes(driver=None, volume_api=volumes)
        with pytest.raises(exception.VolumeNotCreated):
            boot.wait_until_available(None, 'v1')
    finally:
        cfg.CONF.clear_override('block_device_allocate_retries')
    assert volumes.gets == 1


def test_a_volume_in_error_stops_the_wait(no_sleep):
    volumes = _Volumes(['creating', 'error', 'available'])
    boot = manager.BootVolumes(driver=None, volume_api=volumes)
    with pytest.raises(exception.VolumeNotCreated) as exc:
        boot.wait_until_available(None, 'v1')
    assert exc.value.kwargs['volume_status'] == 'error'
    assert volumes.gets == 2


def _flavor():
    return objects.Flavor(vcpus=1, memory_mb=512, root_gb=1, ephemeral_gb=0,
                          swap=0)


def _bdm(**values):
    bdm = objects.BlockDeviceMapping(**dict({
        'device_name': None, 'no_device': False, 'disk_bus': None,
        'boot_index': None, 'destination_type': 'volume',
        'source_type': 'volume', 'volume_id': 'v'}, **values))
    bdm.save = mock.Mock()
    return bdm


def test_device_names_root_after_its_bus_then_the_next_free():
    instance = objects.Instance(uuid=INSTANCE, flavor=_flavor(),
                                system_metadata={
                                    'image_hw_disk_bus': 'scsi'})
    data = _bdm()
    root = _bdm(boot_index=0, source_type='image',
                destination_type='local')
    manager.BootVolumes.default_device_names(instance, [data, root])
    assert (root.device_name, data.device_name) == ('/dev/sda', '/dev/sdb')
    assert root.save.called and data.save.called


def test_device_names_keep_the_requested_ones():
    instance = objects.Instance(uuid=INSTANCE, flavor=_flavor(),
                                system_metadata={})
    root = _bdm(boot_index=0)
    named = _bdm(device_name='/dev/vdc')
    other = _bdm()
    manager.BootVolumes.default_device_names(instance, [root, named, other])
    assert [b.device_name for b in (root, named, other)] == \
        ['/dev/vda', '/dev/vdc', '/dev/vdb']
    assert not named.save.called
