"""Cinder's assisted volume snapshots in the compute API (which server,
which states) and on the host (what Cinder is told, when the mapping's
connection info is refreshed)."""
from unittest import mock

import pytest

from nova_lite.compute.assisted_snapshots import api as assisted_api
from nova_lite.compute.assisted_snapshots import manager as assisted_manager
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects

objects.register_all()
CTX = nl_context.RequestContext(user_id='cinder', project_id='service',
                                auth_token='tok')
VOL = 'v1'
UUID = '7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0f'
SNAP = 's1'
CREATE_INFO = {'snapshot_id': SNAP, 'type': 'qcow2', 'new_file': 'f',
               'id': SNAP}


def _instance(**kw):
    values = dict(uuid=UUID, host='cmp1', vm_state='active',
                  task_state=None)
    values.update(kw)
    return objects.Instance(**values)


@pytest.fixture
def api():
    rpc = mock.Mock()
    with mock.patch.object(objects.BlockDeviceMapping, 'get_by_volume',
                           return_value=mock.Mock(instance_uuid=UUID)) as \
            by_volume, \
            mock.patch.object(objects.Instance, 'get_by_uuid') as by_uuid:
        yield assisted_api.AssistedSnapshotsAPI(rpc), rpc, by_volume, \
            by_uuid


def test_create_casts_to_the_volumes_server(api):
    avs, rpc, by_volume, by_uuid = api
    instance = by_uuid.return_value = _instance(vm_state='stopped')
    assert avs.volume_snapshot_create(CTX, VOL, CREATE_INFO) == {
        'snapshot': {'id': SNAP, 'volumeId': VOL}}
    rpc.volume_snapshot_create.assert_called_once_with(
        CTX, instance, VOL, CREATE_INFO)
    # read as admin: the caller is a service of another project
    assert by_volume.call_args[0][0].is_admin


def test_create_answers_a_null_id_without_one(api):
    avs, rpc, by_volume, by_uuid = api
    by_uuid.return_value = _instance()
    info = dict(CREATE_INFO)
    del info['id']
    assert avs.volume_snapshot_create(CTX, VOL, info)['snapshot']['id'] \
        is None


@pytest.mark.parametrize('instance, error', [
    (_instance(host=None), exception.InstanceNotReady),
    (_instance(task_state='rebooting'), exception.InstanceInvalidState),
])
def test_create_refused(api, instance, error):
    avs, rpc, by_volume, by_uuid = api
    by_uuid.return_value = instance
    with pytest.raises(error):
        avs.volume_snapshot_create(CTX, VOL, CREATE_INFO)
    rpc.volume_snapshot_create.assert_not_called()


def test_a_volume_attached_nowhere(api):
    avs, rpc, by_volume, by_uuid = api
    by_volume.side_effect = exception.VolumeBDMNotFound(volume_id=VOL)
    with pytest.raises(exception.VolumeBDMNotFound):
        avs.volume_snapshot_delete(CTX, VOL, SNAP, {'volume_id': VOL})
    rpc.volume_snapshot_delete.assert_not_called()


def test_delete_commit_needs_a_running_server(api):
    avs, rpc, by_volume, by_uuid = api
    by_uuid.return_value = _instance(vm_state='stopped')
    info = {'volume_id': VOL, 'file_to_merge': 'a',
            'merge_target_file': 'b', 'type': 'qcow2'}
    with pytest.raises(exception.InstanceInvalidState):
        avs.volume_snapshot_delete(CTX, VOL, SNAP, info)
    info['merge_target_file'] = None
    avs.volume_snapshot_delete(CTX, VOL, SNAP, info)
    rpc.volume_snapshot_delete.assert_called_once_with(
        CTX, by_uuid.return_value, VOL, SNAP, info)


# -- the host -----------------------------------------------------------------

@pytest.fixture
def host(monkeypatch):
    driver = mock.Mock()
    cinder = mock.Mock()
    cinder.get_snapshot.return_value = {'status': 'available'}
    cinder.attachment_get.return_value = {'connection_info': {
        'driver_volume_type': 'nfs', 'data': {'name': 'f',
                                              'format': 'qcow2'}}}
    bdm = mock.Mock(attachment_id='a1')
    monkeypatch.setattr(objects.BlockDeviceMapping,
                        'get_by_volume_and_instance',
                        mock.Mock(return_value=bdm))
    monkeypatch.setattr(assisted_manager, 'POLL', 0)
    snapshots = assisted_manager.AssistedSnapshots(
        mock.Mock(driver=driver), mock.Mock(volume_api=cinder))
    return snapshots, driver, cinder, bdm


def test_create_reports_and_refreshes(host):
    snapshots, driver, cinder, bdm = host
    cinder.get_snapshot.side_effect = [{'status': 'creating'},
                                       {'status': 'available'}]
    instance = _instance()
    snapshots.volume_snapshot_create(CTX, instance, VOL, CREATE_INFO)
    driver.volume_snapshot_create.assert_called_once_with(
        CTX, instance, VOL, CREATE_INFO)
    cinder.update_snapshot_status.assert_called_once_with(CTX, SNAP,
                                                          'creating')
    assert cinder.get_snapshot.call_count == 2
    cinder.attachment_get.assert_called_once_with(CTX, 'a1')
    bdm.set_connection_info.assert_called_once_with({
        'driver_volume_type': 'nfs', 'serial': VOL,
        'data': {'name': 'f', 'format': 'qcow2'}})
    bdm.save.assert_called_once_with()


def test_a_failed_create_is_an_error_for_cinder(host):
    snapshots, driver, cinder, bdm = host
    driver.volume_snapshot_create.side_effect = \
        exception.InstanceNotRunning(instance_id=UUID)
    snapshots.volume_snapshot_create(CTX, _instance(), VOL, CREATE_INFO)
    cinder.update_snapshot_status.assert_called_once_with(CTX, SNAP, 'error')
    cinder.get_snapshot.assert_not_called()
    bdm.save.assert_not_called()


def test_a_snapshot_cinder_dropped_is_not_waited_for(host):
    snapshots, driver, cinder, bdm = host
    cinder.get_snapshot.side_effect = exception.SnapshotNotFound(
        snapshot_id=SNAP)
    snapshots.volume_snapshot_create(CTX, _instance(), VOL, CREATE_INFO)
    bdm.save.assert_not_called()


def test_a_report_cinder_refuses_is_logged_not_raised(host):
    snapshots, driver, cinder, bdm = host
    cinder.update_snapshot_status.side_effect = exception.InvalidInput(
        reason='not allowed')
    snapshots.volume_snapshot_create(CTX, _instance(), VOL, CREATE_INFO)
    bdm.save.assert_called_once_with()


def test_delete_reports_and_refreshes(host):
    snapshots, driver, cinder, bdm = host
    info = {'type': 'qcow2', 'file_to_merge': None,
            'merge_target_file': None, 'volume_id': VOL}
    snapshots.volume_snapshot_delete(CTX, _instance(), VOL, SNAP, info)
    cinder.update_snapshot_status.assert_called_once_with(CTX, SNAP,
                                                          'deleting')
    bdm.save.assert_called_once_with()


def test_a_failed_delete_is_error_deleting(host):
    snapshots, driver, cinder, bdm = host
    driver.volume_snapshot_delete.side_effect = RuntimeError('job failed')
    snapshots.volume_snapshot_delete(CTX, _instance(), VOL, SNAP, {})
    cinder.update_snapshot_status.assert_called_once_with(
        CTX, SNAP, 'error_deleting')
    bdm.save.assert_not_called()
