"""createImage and createBackup through the REST API (fake driver,
embedded image store): the snapshot becomes an ACTIVE private image with
Nova's properties, the server returns to what it was, a server boots from
the snapshot, backups rotate, and a failed snapshot leaves no image."""
import time

from oslo_policy import policy as oslo_policy
import pytest

from nova_lite import policy
from nova_lite.virt.fake import driver as fake_driver

TOKEN = 'snapper:project-snap'
USER, PROJECT = TOKEN.split(':')


def _boot(api, image_ref, name, token=TOKEN):
    resp = api.post('/v2.1/servers', {'server': {
        'name': name, 'imageRef': image_ref, 'flavorRef': '1'}},
        token=token)
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    api.wait_for_server(server_id, 'ACTIVE', token=token)
    return server_id


def _action(api, server_id, body, token=TOKEN, version='2.45'):
    return api.post('/v2.1/servers/%s/action' % server_id, body,
                    token=token, version=version)


def _image(api, image_id, token=TOKEN):
    return api.get('/image/v2/images/%s' % image_id, token=token)


def _wait_image(api, image_id, status='active', token=TOKEN, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        resp = _image(api, image_id, token)
        if status is None and resp.status_code == 404:
            return None
        if resp.status_code == 200 and resp.json()['status'] == status:
            return resp.json()
        time.sleep(0.05)
    raise AssertionError('image %s not %s: %s' % (image_id, status,
                                                  resp.text))


def _backups(api, server_id, backup_type):
    resp = api.get('/image/v2/images?instance_uuid=%s&backup_type=%s' % (
        server_id, backup_type), token=TOKEN)
    assert resp.status_code == 200, resp.text
    return resp.json()['images']


@pytest.fixture
def server(api, image_id):
    server_id = _boot(api, image_id, 'snap-vm')
    yield server_id
    api.delete('/v2.1/servers/%s' % server_id, token=TOKEN)


def test_create_image_and_boot_from_it(api, image_id, server):
    resp = _action(api, server, {'createImage': {
        'name': 'snap-1', 'metadata': {'purpose': 'test'}}})
    assert resp.status_code == 202, resp.text
    assert 'Location' not in resp.headers
    snapshot_id = resp.json()['image_id']

    image = _wait_image(api, snapshot_id)
    api.wait_for_server(server, 'ACTIVE', token=TOKEN)
    assert image['name'] == 'snap-1'
    assert image['visibility'] == 'private'
    assert image['owner'] == PROJECT
    assert (image['disk_format'], image['container_format']) == ('raw',
                                                                 'bare')
    assert image['size'] > 0 and image['checksum']
    assert image['image_type'] == 'snapshot'
    assert image['instance_uuid'] == server
    assert image['user_id'] == USER
    assert image['base_image_ref'] == image_id
    assert image['purpose'] == 'test'

    # Listed for its project, invisible to another.
    names = [i['name'] for i in api.get('/image/v2/images',
                                        token=TOKEN).json()['images']]
    assert 'snap-1' in names
    assert _image(api, snapshot_id, token='other:project-x').status_code \
        == 404

    actions = api.get('/v2.1/servers/%s/os-instance-actions' % server,
                      version='2.21', token=TOKEN).json()['instanceActions']
    assert [a['action'] for a in actions] == ['createImage', 'create']
    detail = api.get('/v2.1/servers/%s/os-instance-actions/%s' % (
        server, actions[0]['request_id']), version='2.51',
        token=TOKEN).json()['instanceAction']
    assert [(e['event'], e['result']) for e in detail['events']] == [
        ('compute_snapshot_instance', 'Success')]

    clone = _boot(api, snapshot_id, 'from-snap')
    shown = api.get('/v2.1/servers/%s' % clone, token=TOKEN).json()
    assert shown['server']['image']['id'] == snapshot_id
    api.delete('/v2.1/servers/%s' % clone, token=TOKEN)


def test_create_image_before_245_answers_with_location(api, server):
    resp = _action(api, server, {'createImage': {'name': 'snap-old'}},
                   version='2.44')
    assert resp.status_code == 202
    assert resp.content == b''
    location = resp.headers['Location']
    snapshot_id = location.rsplit('/', 1)[1]
    assert location.endswith('/images/' + snapshot_id)
    _wait_image(api, snapshot_id)


def test_snapshot_of_a_stopped_server_keeps_it_stopped(api, server):
    assert _action(api, server, {'os-stop': None}).status_code == 202
    api.wait_for_server(server, 'SHUTOFF', token=TOKEN)
    resp = _action(api, server, {'createImage': {'name': 'snap-off'}})
    assert resp.status_code == 202
    _wait_image(api, resp.json()['image_id'])
    shown = api.wait_for_server(server, 'SHUTOFF', token=TOKEN)
    assert shown['OS-EXT-STS:vm_state'] == 'stopped'


def test_backup_rotation_deletes_the_oldest(api, server):
    made = []
    for n in range(3):
        resp = _action(api, server, {'createBackup': {
            'name': 'daily-%d' % n, 'backup_type': 'daily',
            'rotation': 2}})
        assert resp.status_code == 202, resp.text
        made.append(resp.json()['image_id'])
        api.wait_for_server(server, 'ACTIVE', token=TOKEN)
    _wait_image(api, made[0], status=None)
    backups = _backups(api, server, 'daily')
    assert sorted(b['id'] for b in backups) == sorted(made[1:])
    assert {b['image_type'] for b in backups} == {'backup'}

    # Another backup_type rotates on its own.
    resp = _action(api, server, {'createBackup': {
        'name': 'weekly', 'backup_type': 'weekly', 'rotation': 1}})
    _wait_image(api, resp.json()['image_id'])
    assert len(_backups(api, server, 'daily')) == 2

    # rotation 0: no Location before 2.45, and every daily backup goes,
    # the new one too (as in Nova).
    resp = _action(api, server, {'createBackup': {
        'name': 'none', 'backup_type': 'daily', 'rotation': 0}},
        version='2.1')
    assert resp.status_code == 202 and 'Location' not in resp.headers
    api.wait_for_server(server, 'ACTIVE', token=TOKEN)
    deadline = time.time() + 10
    while _backups(api, server, 'daily') and time.time() < deadline:
        time.sleep(0.05)
    assert _backups(api, server, 'daily') == []
    assert len(_backups(api, server, 'weekly')) == 1


def test_backup_before_245_has_location_when_rotating(api, server):
    resp = _action(api, server, {'createBackup': {
        'name': 'b', 'backup_type': 'daily', 'rotation': '1'}},
        version='2.1')
    assert resp.status_code == 202
    assert '/v2.1/images/' in resp.headers['Location']
    _wait_image(api, resp.headers['Location'].rsplit('/', 1)[1])


def test_failed_snapshot_deletes_the_image(api, server, monkeypatch):
    def broken(self, context, instance, image_id, update_task_state):
        raise RuntimeError('disk on fire')
    monkeypatch.setattr(fake_driver.FakeDriver, 'snapshot', broken)
    resp = _action(api, server, {'createImage': {'name': 'doomed'}})
    assert resp.status_code == 202
    snapshot_id = resp.json()['image_id']
    _wait_image(api, snapshot_id, status=None)
    shown = api.wait_for_server(server, 'ACTIVE', token=TOKEN)
    assert shown['OS-EXT-STS:task_state'] is None
    actions = api.get('/v2.1/servers/%s/os-instance-actions' % server,
                      version='2.21', token=TOKEN).json()['instanceActions']
    detail = api.get('/v2.1/servers/%s/os-instance-actions/%s' % (
        server, actions[0]['request_id']), version='2.51',
        token=TOKEN).json()['instanceAction']
    assert detail['action'] == 'createImage'
    assert [(e['event'], e['result']) for e in detail['events']] == [
        ('compute_snapshot_instance', 'Error')]


def test_metadata_quota_until_238(api, server):
    quota_url = '/v2.1/os-quota-sets/%s' % PROJECT
    resp = api.put(quota_url, {'quota_set': {'metadata_items': 1}},
                   token='admin:admin')
    assert resp.status_code == 200, resp.text
    try:
        body = {'createImage': {'name': 'q',
                                'metadata': {'a': '1', 'b': '2'}}}
        resp = _action(api, server, body, version='2.38')
        assert resp.status_code == 403
        assert resp.json()['forbidden']['message'] == \
            'Image metadata limit exceeded'
        resp = _action(api, server, body, version='2.39')
        assert resp.status_code == 202
        _wait_image(api, resp.headers['Location'].rsplit('/', 1)[1])
    finally:
        api.delete(quota_url, token='admin:admin')


@pytest.fixture
def forbid_snapshots(deployment):
    enforcer = policy.get_enforcer()
    names = ('os_compute_api:servers:create_image',
             'os_compute_api:os-create-backup')
    enforcer.set_rules(oslo_policy.Rules.from_dict(
        {name: 'rule:context_is_admin' for name in names}), overwrite=False,
        use_conf=False)
    yield
    enforcer.set_rules(oslo_policy.Rules.from_dict(
        {name: 'rule:project_member_or_admin' for name in names}),
        overwrite=False, use_conf=False)


def test_policy_forbids(api, server, forbid_snapshots):
    resp = _action(api, server, {'createImage': {'name': 'nope'}})
    assert resp.status_code == 403
    assert resp.json()['forbidden']['message'] == (
        "Policy doesn't allow os_compute_api:servers:create_image to be "
        "performed.")
    resp = _action(api, server, {'createBackup': {
        'name': 'nope', 'backup_type': 'daily', 'rotation': 1}})
    assert resp.status_code == 403
    assert _backups(api, server, 'daily') == []
