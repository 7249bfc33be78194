"""The API's checks of requested mappings: boot sequence, sizes, the
image metadata of a volume root and the cross_az_attach rule."""
import json

from oslo_config import cfg
import pytest

from nova_lite.compute.boot_from_volume import api as bfv_api
from nova_lite.compute.boot_from_volume import requests as bdm_requests
from nova_lite import exception


class _Flavor(object):
    ephemeral_gb = 1
    swap = 512


def _api():
    return bfv_api.BootVolumesAPI(image_api=None, volume_api=object())


def _volume_root(volume_id='v1', **extra):
    return bdm_requests.from_api(dict({
        'source_type': 'volume', 'destination_type': 'volume',
        'uuid': volume_id, 'boot_index': 0}, **extra), False)


def test_sizes_of_volumes_and_flavor_disks_are_filled_in():
    bdms = [_volume_root(),
            bdm_requests.normalise({'source_type': 'blank',
                                    'destination_type': 'local',
                                    'boot_index': -1}),
            bdm_requests.normalise({'source_type': 'blank',
                                    'destination_type': 'local',
                                    'guest_format': 'swap'})]
    checked = _api().validate(None, '', _Flavor(), bdms,
                              {'v1': {'size': 4}}, {})
    assert [b['volume_size'] for b in checked] == [4, 1, 512]
    # The request's own mappings are left as they were.
    assert bdms[0]['volume_size'] is None


def test_two_swaps_are_refused():
    swap = bdm_requests.normalise({'source_type': 'blank',
                                   'destination_type': 'local',
                                   'guest_format': 'swap'})
    with pytest.raises(exception.InvalidBDMFormat) as exc:
        _api().validate(None, '', _Flavor(), [_volume_root(), swap, swap],
                        {'v1': {'size': 1}}, {})
    assert 'More than one swap drive requested.' in exc.value.message


def test_local_disks_beyond_the_limit():
    cfg.CONF.set_override('max_local_block_devices', 0)
    try:
        image_root = bdm_requests.image_bdm('i1')
        with pytest.raises(exception.InvalidBDMLocalsLimit):
            _api().validate(None, 'i1', _Flavor(), [image_root], {}, {})
    finally:
        cfg.CONF.clear_override('max_local_block_devices')


def test_image_meta_from_a_volume():
    meta = bfv_api.image_meta_from_volume({
        'size': 2, 'volume_image_metadata': {
            'image_id': 'i1', 'min_ram': '64', 'min_disk': '1',
            'hw_disk_bus': 'virtio', 'size': '123'}})
    assert meta == {'properties': {'hw_disk_bus': 'virtio'},
                    'size': 2 * 1024 ** 3, 'status': 'active',
                    'min_ram': 64, 'min_disk': 1}


def test_image_defined_mappings_from_a_volume_snapshot_image():
    mapping = bdm_requests.snapshot_from_bdm('s1', _volume_root(
        volume_size=1))
    bdms = bfv_api.image_defined_bdms({'properties': {
        'block_device_mapping': json.dumps([mapping]), 'bdm_v2': 'True'}})
    assert [(b['source_type'], b['snapshot_id'], b['boot_index'])
            for b in bdms] == [('snapshot', 's1', 0)]


def test_image_root_replaces_the_image_ref_mapping():
    mapping = bdm_requests.snapshot_from_bdm('s1', _volume_root())
    image_meta = {'properties': {'block_device_mapping': [mapping],
                                 'bdm_v2': True}}
    requested = [bdm_requests.image_bdm('i1')]
    bdms = _api().transform('i1', image_meta, 1, 1, requested, False)
    assert [b['source_type'] for b in bdms] == ['snapshot']


@pytest.mark.parametrize('cross_az, instance_az, zones, expected', [
    (True, 'az1', ['az2'], None),
    (False, None, ['az2'], 'az2'),
    (False, None, ['nova'], None),
    (False, 'az1', ['az1'], None),
])
def test_volume_zone(cross_az, instance_az, zones, expected):
    cfg.CONF.set_override('cross_az_attach', cross_az, group='cinder')
    try:
        volumes = {str(i): {'availability_zone': z}
                   for i, z in enumerate(zones)}
        assert bfv_api.BootVolumesAPI.volume_zone(instance_az,
                                                  volumes) == expected
    finally:
        cfg.CONF.clear_override('cross_az_attach', group='cinder')


@pytest.mark.parametrize('instance_az, zones', [
    ('az1', ['az2']), (None, ['az1', 'az2'])])
def test_volume_zone_mismatch(instance_az, zones):
    cfg.CONF.set_override('cross_az_attach', False, group='cinder')
    try:
        volumes = {str(i): {'availability_zone': z}
                   for i, z in enumerate(zones)}
        with pytest.raises(exception.MismatchVolumeAZException):
            bfv_api.BootVolumesAPI.volume_zone(instance_az, volumes)
    finally:
        cfg.CONF.clear_override('cross_az_attach', group='cinder')
