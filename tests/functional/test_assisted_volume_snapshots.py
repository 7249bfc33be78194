"""Cinder's assisted snapshots of an attached volume, in-process: the
Cinder stand-in behaves as the NFS driver (a snapshot of an in-use
volume waits for Nova's report); this test asks nova_lite as Cinder
would (POST and DELETE /os-assisted-volume-snapshots as admin). The fake
driver's guest writes to the new file, Cinder hears 'creating' 90%
(then 'available'), the mapping's connection info follows the new file;
a delete is merged and reported 'deleting' 90%; a driver failure is
reported 'error' / 'error_deleting'."""
import json
import urllib.parse

import pytest

from tests.functional import test_server_volumes as volumes

TOKEN = volumes.TOKEN
ADMIN = 'admin:admin'
fail_driver = volumes.fail_driver


@pytest.fixture
def attached(api, image_id, fake_cinder, fake_computes):
    """(server, volume, snapshot id): a volume attached to a running
    server and a forced snapshot of it Cinder is making."""
    fake_cinder.assisted_snapshots = True
    server = volumes._boot(api, image_id, name='assisted')
    volume = fake_cinder.add_volume('v1', project_id=volumes.PROJECT)
    resp = volumes._attach(api, server['id'], volume['id'])
    assert resp.status_code == 200, resp.text
    volumes._wait_for(
        lambda: fake_cinder.status_of(volume['id']) == 'in-use',
        'the volume in-use')
    resp = api.post('/v2.1/os-snapshots', {'snapshot': {
        'volume_id': volume['id'], 'force': True}}, token=TOKEN)
    assert resp.status_code == 200, resp.text
    snapshot_id = resp.json()['snapshot']['id']
    yield server, volume, snapshot_id
    volumes._delete(api, server['id'])


def _create(api, volume, snapshot_id):
    return api.post('/v2.1/os-assisted-volume-snapshots', {'snapshot': {
        'volume_id': volume['id'], 'create_info': {
            'snapshot_id': snapshot_id, 'type': 'qcow2', 'id': snapshot_id,
            'new_file': 'volume-%s.%s' % (volume['id'], snapshot_id)}}},
        token=ADMIN)


def _delete(api, volume, snapshot_id, **info):
    info = dict({'type': 'qcow2', 'volume_id': volume['id'],
                 'file_to_merge': None, 'merge_target_file': None}, **info)
    return api.delete('/v2.1/os-assisted-volume-snapshots/%s?%s' % (
        snapshot_id, urllib.parse.urlencode(
            {'delete_info': json.dumps(info)})), token=ADMIN)


def _record(fake_computes, server):
    return volumes._plugged(fake_computes, server)['vdb']


def _connection_data(server):
    [bdm] = [b for b in volumes._bdms(server['id']) if b.is_volume]
    return bdm.get_connection_info()['data']


def test_create_then_delete(api, fake_cinder, fake_computes, attached):
    server, volume, snapshot_id = attached
    new_file = 'volume-%s.%s' % (volume['id'], snapshot_id)
    assert fake_cinder.snapshots[snapshot_id]['status'] == 'creating'
    resp = _create(api, volume, snapshot_id)
    assert resp.status_code == 200, resp.text
    assert resp.json() == {'snapshot': {'id': snapshot_id,
                                        'volumeId': volume['id']}}
    volumes._wait_for(
        lambda: fake_cinder.snapshots[snapshot_id]['status'] == 'available',
        'the snapshot available')
    record = _record(fake_computes, server)
    assert record['active_file'] == new_file
    assert record['snapshots'] == {snapshot_id: 'volume-%s' % volume['id']}
    volumes._wait_for(lambda: _connection_data(server)['name'] == new_file,
                      'the connection info on the new file')
    assert _connection_data(server)['format'] == 'qcow2'

    fake_cinder.begin_delete(snapshot_id)
    resp = _delete(api, volume, snapshot_id)
    assert resp.status_code == 204, resp.text
    assert resp.text == ''
    volumes._wait_for(lambda: snapshot_id not in fake_cinder.snapshots,
                      'the snapshot deleted')
    record = _record(fake_computes, server)
    assert record['snapshots'] == {}
    assert record['merges'] == [(None, None)]
    calls = [c for c in fake_cinder.calls
             if c[1].endswith('/snapshots/%s/action' % snapshot_id)]
    assert len(calls) == 2


def test_a_failed_create_is_reported(api, fake_cinder, fake_computes,
                                     attached, fail_driver):
    server, volume, snapshot_id = attached
    fail_driver(['volume_snapshot_create'])
    resp = _create(api, volume, snapshot_id)
    assert resp.status_code == 200, resp.text
    volumes._wait_for(
        lambda: fake_cinder.snapshots[snapshot_id]['status'] == 'error',
        'the snapshot in error')
    assert 'active_file' not in _record(fake_computes, server)
    assert _connection_data(server)['name'] == 'volume-%s' % volume['id']


def test_a_failed_delete_is_reported(api, fake_cinder, fake_computes,
                                     attached, fail_driver):
    server, volume, snapshot_id = attached
    assert _create(api, volume, snapshot_id).status_code == 200
    volumes._wait_for(
        lambda: fake_cinder.snapshots[snapshot_id]['status'] == 'available',
        'the snapshot available')
    fail_driver(['volume_snapshot_delete'])
    fake_cinder.begin_delete(snapshot_id)
    assert _delete(api, volume, snapshot_id).status_code == 204
    volumes._wait_for(
        lambda: fake_cinder.snapshots[snapshot_id]['status'] ==
        'error_deleting', 'the snapshot in error_deleting')
    assert _record(fake_computes, server)['snapshots'] == {
        snapshot_id: 'volume-%s' % volume['id']}


def test_a_member_may_not_ask(api, attached):
    server, volume, snapshot_id = attached
    resp = api.post('/v2.1/os-assisted-volume-snapshots', {'snapshot': {
        'volume_id': volume['id'], 'create_info': {
            'snapshot_id': snapshot_id, 'type': 'qcow2',
            'new_file': 'f'}}}, token=TOKEN)
    assert resp.status_code == 403, resp.text
    assert resp.json()['forbidden']['code'] == 403
