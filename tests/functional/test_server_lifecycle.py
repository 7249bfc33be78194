"""A server's life through the REST API, in-process (fake driver)."""
import pytest


def _boot(api, image_id, name='vm', flavor='1', **extra):
    body = {'server': dict({'name': name, 'imageRef': image_id,
                            'flavorRef': flavor}, **extra)}
    resp = api.post('/v2.1/servers', body)
    assert resp.status_code == 202, resp.text
    return resp.json()['server']


def test_create_returns_202_with_id_links_and_admin_pass(api, image_id):
    server = _boot(api, image_id)
    assert set(server) >= {'id', 'links', 'adminPass',
                           'OS-DCF:diskConfig', 'security_groups'}
    active = api.wait_for_server(server['id'], 'ACTIVE')
    assert active['OS-EXT-SRV-ATTR:host'] in ('fc1', 'fc2')
    assert active['OS-EXT-STS:vm_state'] == 'active'
    assert active['OS-EXT-STS:power_state'] == 1
    api.delete('/v2.1/servers/%s' % server['id'])
    api.wait_for_server(server['id'], 'DELETED')


def test_power_actions_follow_nova_states(api, image_id):
    server = _boot(api, image_id, name='power')
    sid = server['id']
    api.wait_for_server(sid, 'ACTIVE')
    action = '/v2.1/servers/%s/action' % sid

    assert api.post(action, {'reboot': {'type': 'SOFT'}}).status_code == 202
    api.wait_for_server(sid, 'ACTIVE')
    assert api.post(action, {'reboot': {'type': 'HARD'}}).status_code == 202
    api.wait_for_server(sid, 'ACTIVE')

    assert api.post(action, {'os-stop': None}).status_code == 202
    stopped = api.wait_for_server(sid, 'SHUTOFF')
    assert stopped['OS-EXT-STS:power_state'] == 4

    resp = api.post(action, {'os-stop': None})
    assert resp.status_code == 409
    assert resp.json() == {'conflictingRequest': {
        'code': 409,
        'message': "Cannot 'stop' instance %s while it is in vm_state "
                   "stopped" % sid}}
    resp = api.post(action, {'reboot': {'type': 'SOFT'}})
    assert resp.status_code == 409

    assert api.post(action, {'os-start': None}).status_code == 202
    api.wait_for_server(sid, 'ACTIVE')

    # Nova's count (and Tempest's): `length` pieces of the log split at
    # newlines, the empty one after the last newline being one of them.
    resp = api.post(action, {'os-getConsoleOutput': {'length': 3}})
    assert resp.status_code == 200
    assert len(resp.json()['output'].split('\n')) == 3
    assert resp.json()['output'].endswith(' login:')
    full = api.post(action, {'os-getConsoleOutput': {}}).json()['output']
    # booted, hard-rebooted... the fake console logs each boot
    assert full.count('FAKE CONSOLE OUTPUT') >= 3

    assert api.delete('/v2.1/servers/%s' % sid).status_code == 204
    api.wait_for_server(sid, 'DELETED')


def test_unknown_server_is_404_in_nova_shape(api):
    resp = api.get('/v2.1/servers/9e3a3e42-6a5a-4a28-9ad6-8d6e2a3f0c11')
    assert resp.status_code == 404
    assert resp.json() == {'itemNotFound': {
        'code': 404, 'message': 'Instance 9e3a3e42-6a5a-4a28-9ad6-'
                                '8d6e2a3f0c11 could not be found.'}}
    assert resp.headers['x-openstack-request-id'].startswith('req-')


@pytest.mark.parametrize('body', [
    {'server': {'name': 'x', 'flavorRef': '1'}},
    {'server': {'name': 'x', 'imageRef': 'nope', 'flavorRef': '1'}},
    {'server': {'name': 'x', 'imageRef': '%(image)s', 'flavorRef': 'nope'}},
    {'server': {'name': '', 'imageRef': '%(image)s', 'flavorRef': '1'}},
    {'server': {'name': 'x', 'imageRef': '%(image)s', 'flavorRef': '1',
                'min_count': 0}},
    {'server': 'not an object'},
    {},
])
def test_bad_create_bodies_are_400(api, image_id, body):
    import json
    body = json.loads(json.dumps(body).replace('%(image)s', image_id))
    resp = api.post('/v2.1/servers', body)
    assert resp.status_code == 400, resp.text
    assert set(resp.json()) == {'badRequest'}


def test_other_projects_server_is_404_and_admin_sees_all(api, image_id):
    token_a, token_b = 'alice:project-a', 'bob:project-b'
    resp = api.post('/v2.1/servers', {'server': {
        'name': 'mine', 'imageRef': image_id, 'flavorRef': '1'}},
        token=token_a)
    assert resp.status_code == 202, resp.text
    sid = resp.json()['server']['id']
    api.wait_for_server(sid, 'ACTIVE', token=token_a)
    assert api.get('/v2.1/servers/%s' % sid,
                   token=token_b).status_code == 404
    listed = api.get('/v2.1/servers', token=token_b).json()['servers']
    assert sid not in [s['id'] for s in listed]
    everyone = api.get('/v2.1/servers/detail?all_tenants=1').json()
    assert sid in [s['id'] for s in everyone['servers']]
    assert api.delete('/v2.1/servers/%s' % sid,
                      token=token_b).status_code == 404
    assert api.delete('/v2.1/servers/%s' % sid,
                      token=token_a).status_code == 204
    api.wait_for_server(sid, 'DELETED', token=token_a)


def test_multi_create_shares_a_reservation(api, image_id):
    resp = api.post('/v2.1/servers', {'server': {
        'name': 'multi', 'imageRef': image_id, 'flavorRef': '1',
        'min_count': 3, 'max_count': 3, 'return_reservation_id': True}})
    assert resp.status_code == 202, resp.text
    rid = resp.json()['reservation_id']
    servers = api.get('/v2.1/servers/detail?reservation_id=%s' % rid)
    ids = [s['id'] for s in servers.json()['servers']]
    assert len(ids) == 3
    for sid in ids:
        api.wait_for_server(sid, 'ACTIVE')
        api.delete('/v2.1/servers/%s' % sid)
    for sid in ids:
        api.wait_for_server(sid, 'DELETED')
