"""BlockDeviceMapping objects on a real (SQLite) schema: every instance is
created with its root mapping in the same transaction, volume mappings
are found by volume (and server), and all go with their instance."""
from oslo_utils import uuidutils
import pytest

from nova_lite import exception
from nova_lite import objects

IMAGE = '155d900f-4e14-4e4c-a73d-069cbf4541e6'


def _instance(context, image_ref=IMAGE, bdms=None):
    instance = objects.Instance(context, user_id='u', project_id='p',
                                image_ref=image_ref, vm_state='building',
                                display_name='s')
    instance.create(block_device_mappings=bdms)
    return instance


def _volume_bdm(context, instance_uuid, volume_id, **kw):
    bdm = objects.BlockDeviceMapping(
        context, instance_uuid=instance_uuid, source_type='volume',
        destination_type='volume', volume_id=volume_id, device_type='disk',
        device_name='/dev/vdb', **kw)
    bdm.create()
    return bdm


def test_an_instance_is_created_with_its_image_root_mapping(sqlite_db):
    instance = _instance(sqlite_db)
    bdms = objects.BlockDeviceMappingList.get_by_instance_uuid(
        sqlite_db, instance.uuid)
    assert len(bdms) == 1
    root = bdms.root_bdm()
    assert (root.source_type, root.destination_type, root.boot_index,
            root.image_id, root.device_type, root.device_name) == (
        'image', 'local', 0, IMAGE, 'disk', '/dev/vda')
    assert root.delete_on_termination is True
    assert root.is_root and root.is_local and not root.is_volume
    assert uuidutils.is_uuid_like(root.uuid)
    assert bdms.volumes() == []


def test_the_root_device_is_named_after_the_images_disk_bus(sqlite_db):
    instance = objects.Instance(sqlite_db, user_id='u', project_id='p',
                                image_ref=IMAGE, vm_state='building',
                                system_metadata={'image_hw_disk_bus': 'scsi'})
    instance.create()
    root = objects.BlockDeviceMappingList.get_by_instance_uuid(
        sqlite_db, instance.uuid).root_bdm()
    assert root.device_name == '/dev/sda'


def test_an_instance_is_created_with_the_mappings_given(sqlite_db):
    volume_id = uuidutils.generate_uuid()
    given = objects.BlockDeviceMappingList(objects=[
        objects.BlockDeviceMapping(
            source_type='volume', destination_type='volume',
            volume_id=volume_id, boot_index=0,
            delete_on_termination=False)])
    instance = _instance(sqlite_db, image_ref='', bdms=given)
    bdms = objects.BlockDeviceMappingList.get_by_instance_uuid(
        sqlite_db, instance.uuid)
    assert [(b.volume_id, b.is_volume, b.is_root) for b in bdms] == [
        (volume_id, True, True)]


def test_volume_mappings_found_by_volume_and_by_server(sqlite_db):
    first, second = _instance(sqlite_db), _instance(sqlite_db)
    volume_id = uuidutils.generate_uuid()
    bdm = _volume_bdm(sqlite_db, first.uuid, volume_id, tag='data')
    assert objects.BlockDeviceMapping.get_by_volume(
        sqlite_db, volume_id).uuid == bdm.uuid
    found = objects.BlockDeviceMapping.get_by_volume_and_instance(
        sqlite_db, volume_id, first.uuid)
    assert (found.id, found.tag) == (bdm.id, 'data')
    with pytest.raises(exception.VolumeBDMNotFound):
        objects.BlockDeviceMapping.get_by_volume_and_instance(
            sqlite_db, volume_id, second.uuid)
    # Attached to both (multiattach): no single mapping for the volume.
    _volume_bdm(sqlite_db, second.uuid, volume_id)
    with pytest.raises(exception.VolumeBDMIsMultiAttach):
        objects.BlockDeviceMapping.get_by_volume(sqlite_db, volume_id)
    with pytest.raises(exception.VolumeBDMNotFound):
        objects.BlockDeviceMapping.get_by_volume(
            sqlite_db, uuidutils.generate_uuid())


def test_save_keeps_connection_info_and_destroy_soft_deletes(sqlite_db):
    instance = _instance(sqlite_db)
    volume_id = uuidutils.generate_uuid()
    bdm = _volume_bdm(sqlite_db, instance.uuid, volume_id)
    attachment_id = uuidutils.generate_uuid()
    bdm.attachment_id = attachment_id
    bdm.set_connection_info({'driver_volume_type': 'nfs',
                             'data': {'export': 'h:/x', 'name': 'v'}})
    bdm.save()
    again = objects.BlockDeviceMapping.get_by_uuid(sqlite_db, bdm.uuid)
    assert again.attachment_id == attachment_id
    assert again.get_connection_info()['driver_volume_type'] == 'nfs'
    bdm.destroy()
    with pytest.raises(exception.BDMNotFound):
        objects.BlockDeviceMapping.get_by_uuid(sqlite_db, bdm.uuid)
    assert [b.is_root for b in objects.BlockDeviceMappingList
            .get_by_instance_uuid(sqlite_db, instance.uuid)] == [True]


def test_mappings_go_with_their_instance(sqlite_db):
    kept, gone = _instance(sqlite_db), _instance(sqlite_db)
    _volume_bdm(sqlite_db, gone.uuid, uuidutils.generate_uuid())
    gone.destroy()
    assert len(objects.BlockDeviceMappingList.get_by_instance_uuid(
        sqlite_db, gone.uuid)) == 0
    by_uuid = objects.BlockDeviceMappingList.get_by_instance_uuids(
        sqlite_db, [kept.uuid, gone.uuid]).bdms_by_instance_uuid()
    assert list(by_uuid) == [kept.uuid]


def test_unknown_types_are_refused():
    with pytest.raises(ValueError):
        objects.BlockDeviceMapping(source_type='floppy')
    with pytest.raises(ValueError):
        objects.BlockDeviceMapping(destination_type='remote')
