"""The requested block device mappings in their normalised form, with
Nova's InvalidBDMFormat messages."""
import pytest

from nova_lite.compute.boot_from_volume import requests as bdm_requests
from nova_lite import exception

IMAGE = '155d900f-4e14-4e4c-a73d-069cbf4541e6'
VOLUME = 'a26887c6-c47b-4654-abb5-dfadf7d3f803'


def _details(exc_info):
    return exc_info.value.format_message()


def test_volume_item_gets_its_id_and_every_field():
    bdm = bdm_requests.from_api(
        {'source_type': 'volume', 'destination_type': 'volume',
         'uuid': VOLUME, 'boot_index': '0',
         'delete_on_termination': 'true'}, image_uuid_specified=False)
    assert bdm['volume_id'] == VOLUME
    assert bdm['boot_index'] == 0
    assert bdm['delete_on_termination'] is True
    assert 'uuid' not in bdm
    assert set(bdm) == bdm_requests.FIELDS


def test_image_to_local_only_for_the_image_ref_root():
    root = bdm_requests.from_api(
        {'source_type': 'image', 'destination_type': 'local',
         'uuid': IMAGE, 'boot_index': 0}, image_uuid_specified=True)
    assert root['image_id'] == IMAGE
    for item, given in (({'boot_index': 1}, True), ({'boot_index': 0}, False),
                        ({'boot_index': None}, True), ({}, True)):
        item.update(source_type='image', destination_type='local',
                    uuid=IMAGE)
        with pytest.raises(exception.InvalidBDMFormat) as exc:
            bdm_requests.from_api(item, image_uuid_specified=given)
        assert _details(exc) == ('Block Device Mapping is Invalid: Mapping '
                                 'image to local is not supported.')


@pytest.mark.parametrize('item, message', [
    ({'source_type': 'blank', 'uuid': VOLUME}, 'Invalid device UUID.'),
    ({'source_type': 'volume'}, 'Missing device UUID.'),
    ({'source_type': 'image', 'destination_type': 'local', 'uuid': IMAGE,
      'boot_index': 0, 'volume_type': 'lvm'},
     'Specifying a volume_type with destination_type=local is not '
     'supported.'),
    ({'source_type': 'volume', 'uuid': VOLUME, 'volume_type': 'lvm'},
     'Specifying volume type to existing volume is not supported.'),
    ({'source_type': 'volume', 'uuid': VOLUME, 'device_name': 'vd b'},
     'Device name contains spaces.'),
    ({'uuid': VOLUME}, 'Some required fields are missing'),
])
def test_invalid_items(item, message):
    with pytest.raises(exception.InvalidBDMFormat) as exc:
        bdm_requests.from_api(item, image_uuid_specified=True)
    assert _details(exc) == 'Block Device Mapping is Invalid: ' + message
    assert exc.value.code == 400


def test_device_name_gets_dev_prefix():
    bdm = bdm_requests.from_api({'source_type': 'blank',
                                 'destination_type': 'volume',
                                 'volume_size': '2', 'device_name': 'vdb'},
                                image_uuid_specified=True)
    assert bdm['device_name'] == '/dev/vdb'
    assert bdm['volume_size'] == 2


def test_legacy_mapping_root_on_the_root_device():
    bdms = bdm_requests.from_legacy_mapping(
        [{'volume_id': VOLUME, 'device_name': 'vda'}], '', 'vda')
    assert [(b['source_type'], b['boot_index']) for b in bdms] == \
        [('volume', 0)]


def test_legacy_mapping_image_root_first():
    bdms = bdm_requests.from_legacy_mapping(
        [{'volume_id': VOLUME, 'device_name': '/dev/vdb'}], IMAGE, 'vda')
    assert [(b['source_type'], b['boot_index']) for b in bdms] == \
        [('image', 0), ('volume', -1)]
    assert bdms[0]['image_id'] == IMAGE
    assert bdms[0]['delete_on_termination'] is True


def test_legacy_without_root_picks_first_not_blank():
    bdms = bdm_requests.from_legacy_mapping(
        [{'virtual_name': 'swap', 'device_name': 'vdc'},
         {'snapshot_id': VOLUME}], '', None)
    assert [(b['source_type'], b.get('boot_index')) for b in bdms] == \
        [('blank', None), ('snapshot', 0)]
    assert bdms[0]['guest_format'] == 'swap'


def test_legacy_unrecognised():
    with pytest.raises(exception.InvalidBDMFormat):
        bdm_requests.from_legacy({'device_name': 'vdb'})


def test_snapshot_mapping_of_a_volume_root():
    template = bdm_requests.from_api(
        {'source_type': 'volume', 'destination_type': 'volume',
         'uuid': VOLUME, 'boot_index': 0}, False)
    template.update(volume_size=3, device_name='/dev/vda',
                    connection_info='{"a": 1}')
    mapping = bdm_requests.snapshot_from_bdm('snap-1', template)
    assert mapping['source_type'] == 'snapshot'
    assert mapping['destination_type'] == 'volume'
    assert mapping['snapshot_id'] == 'snap-1'
    assert mapping['volume_id'] is None
    assert (mapping['volume_size'], mapping['boot_index'],
            mapping['device_name']) == (3, 0, '/dev/vda')
    assert 'connection_info' not in mapping
