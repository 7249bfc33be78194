"""Resize and cold migration hold claims like Placement: while a server
awaits confirmation the source keeps the old flavor (the migration's claim)
and the destination holds the new one (the instance's); confirm frees the
source, revert frees the destination, deleting a resized server frees both.

Usage is compared as deltas of os-hypervisors/detail, so servers of other
tests on the shared in-process deployment do not matter.
"""
import time

ADMIN = '2.100'
TINY = (1, 512, 1)      # m1.tiny: vCPUs, MiB, GiB
SMALL = (1, 2048, 20)   # m1.small
MEDIUM = (2, 4096, 40)  # m1.medium


def _usage(api):
    # 2.88 dropped the usage fields from os-hypervisors
    body = api.get('/v2.1/os-hypervisors/detail', version='2.87').json()
    return {h['hypervisor_hostname']: (h['vcpus_used'], h['memory_mb_used'],
                                       h['local_gb_used'])
            for h in body['hypervisors']}


def _settled_usage(api, timeout=10):
    """Usage once no server of any test is mid-operation (a delete of an
    earlier test may still be releasing its claims)."""
    deadline = time.time() + timeout
    while True:
        servers = api.get('/v2.1/servers/detail?all_tenants=1',
                          version=ADMIN).json()['servers']
        busy = [s for s in servers if s['OS-EXT-STS:task_state'] or
                s['status'] == 'BUILD']
        if not busy or time.time() > deadline:
            first = _usage(api)
            time.sleep(0.1)
            if _usage(api) == first:
                return first
        time.sleep(0.05)


def _delta(before, after):
    return {host: tuple(a - b for a, b in zip(after[host], before[host]))
            for host in after}


def _wait_usage(api, before, expected, timeout=10):
    deadline = time.time() + timeout
    while True:
        delta = _delta(before, _usage(api))
        if delta == expected or time.time() > deadline:
            return delta
        time.sleep(0.05)


def _server(api, sid):
    return api.get('/v2.1/servers/%s' % sid, version=ADMIN).json()['server']


def _wait(api, sid, status):
    return api.wait_for_server(sid, status, version=ADMIN)


def _boot(api, image_id, name, flavor='1'):
    resp = api.post('/v2.1/servers', {'server': {
        'name': name, 'imageRef': image_id, 'flavorRef': flavor}})
    assert resp.status_code == 202, resp.text
    sid = resp.json()['server']['id']
    return sid, _wait(api, sid, 'ACTIVE')['OS-EXT-SRV-ATTR:host']


def _other(host):
    return {'fc1': 'fc2', 'fc2': 'fc1'}[host]


def _action(api, sid, body, status):
    resp = api.post('/v2.1/servers/%s/action' % sid, body, version=ADMIN)
    assert resp.status_code == status, resp.text
    return resp


def _zero():
    return (0, 0, 0)


def test_resize_confirm_holds_both_claims_until_confirm(api, image_id):
    before = _settled_usage(api)
    sid, src = _boot(api, image_id, 'claims-confirm')
    dst = _other(src)
    assert _wait_usage(api, before, {src: TINY, dst: _zero()}) == \
        {src: TINY, dst: _zero()}

    _action(api, sid, {'resize': {'flavorRef': '2'}}, 202)
    server = _wait(api, sid, 'VERIFY_RESIZE')
    assert server['OS-EXT-SRV-ATTR:host'] == dst
    assert server['flavor']['original_name'] == 'm1.small'
    # both flavors held while the resize awaits confirmation
    assert _wait_usage(api, before, {src: TINY, dst: SMALL}) == \
        {src: TINY, dst: SMALL}

    _action(api, sid, {'confirmResize': None}, 204)
    server = _wait(api, sid, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == dst
    assert server['OS-EXT-STS:power_state'] == 1
    assert _wait_usage(api, before, {src: _zero(), dst: SMALL}) == \
        {src: _zero(), dst: SMALL}

    api.delete('/v2.1/servers/%s' % sid)
    _wait(api, sid, 'DELETED')
    assert _wait_usage(api, before, {src: _zero(), dst: _zero()}) == \
        {src: _zero(), dst: _zero()}


def test_resize_revert_returns_to_the_source(api, image_id):
    before = _settled_usage(api)
    sid, src = _boot(api, image_id, 'claims-revert')
    dst = _other(src)
    _action(api, sid, {'resize': {'flavorRef': '3'}}, 202)
    _wait(api, sid, 'VERIFY_RESIZE')
    assert _wait_usage(api, before, {src: TINY, dst: MEDIUM}) == \
        {src: TINY, dst: MEDIUM}

    _action(api, sid, {'revertResize': None}, 202)
    server = _wait(api, sid, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == src
    assert server['flavor']['original_name'] == 'm1.tiny'
    assert _wait_usage(api, before, {src: TINY, dst: _zero()}) == \
        {src: TINY, dst: _zero()}

    api.delete('/v2.1/servers/%s' % sid)
    _wait(api, sid, 'DELETED')
    assert _wait_usage(api, before, {src: _zero(), dst: _zero()}) == \
        {src: _zero(), dst: _zero()}


def test_stopped_server_stays_stopped_and_delete_while_resized(api,
                                                                image_id):
    before = _settled_usage(api)
    sid, src = _boot(api, image_id, 'claims-stopped')
    dst = _other(src)
    _action(api, sid, {'os-stop': None}, 202)
    _wait(api, sid, 'SHUTOFF')
    _action(api, sid, {'migrate': None}, 202)
    server = _wait(api, sid, 'VERIFY_RESIZE')
    assert server['OS-EXT-STS:power_state'] == 4
    assert server['OS-EXT-SRV-ATTR:host'] == dst
    assert _wait_usage(api, before, {src: TINY, dst: TINY}) == \
        {src: TINY, dst: TINY}
    # Deleting a server awaiting confirmation frees both claims.
    api.delete('/v2.1/servers/%s' % sid)
    _wait(api, sid, 'DELETED')
    assert _wait_usage(api, before, {src: _zero(), dst: _zero()}) == \
        {src: _zero(), dst: _zero()}


def test_stopped_server_is_shutoff_after_confirm(api, image_id):
    sid, src = _boot(api, image_id, 'stopped-confirm')
    _action(api, sid, {'os-stop': None}, 202)
    _wait(api, sid, 'SHUTOFF')
    _action(api, sid, {'resize': {'flavorRef': '2'}}, 202)
    _wait(api, sid, 'VERIFY_RESIZE')
    _action(api, sid, {'confirmResize': None}, 204)
    server = _wait(api, sid, 'SHUTOFF')
    assert server['OS-EXT-STS:power_state'] == 4
    assert server['OS-EXT-SRV-ATTR:host'] == _other(src)
    api.delete('/v2.1/servers/%s' % sid)
    _wait(api, sid, 'DELETED')


def test_disk_shrink_rolls_back_with_claims_intact(api, image_id):
    before = _settled_usage(api)
    sid, src = _boot(api, image_id, 'claims-shrink', flavor='2')
    dst = _other(src)
    _action(api, sid, {'resize': {'flavorRef': '1'}}, 202)
    deadline = time.time() + 10
    while True:
        migrations = api.get('/v2.1/os-migrations?instance_uuid=%s' % sid,
                             version=ADMIN).json()['migrations']
        if migrations and migrations[0]['status'] == 'error':
            break
        assert time.time() < deadline, migrations
        time.sleep(0.05)
    server = _wait(api, sid, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == src
    assert server['flavor']['original_name'] == 'm1.small'
    assert _wait_usage(api, before, {src: SMALL, dst: _zero()}) == \
        {src: SMALL, dst: _zero()}
    api.delete('/v2.1/servers/%s' % sid)
    _wait(api, sid, 'DELETED')


def _boot_in_group(api, image_id, name, group_id):
    resp = api.post('/v2.1/servers', {
        'server': {'name': name, 'imageRef': image_id, 'flavorRef': '1'},
        'os:scheduler_hints': {'group': group_id}})
    assert resp.status_code == 202, resp.text
    sid = resp.json()['server']['id']
    return sid, _wait(api, sid, 'ACTIVE')['OS-EXT-SRV-ATTR:host']


def test_resize_keeps_the_anti_affinity_of_the_group(api, image_id):
    """A move is scheduled under the server's group policy, as in Nova:
    with one member on each host a resize has nowhere to go (its own host
    is not a resize target), the migration errors and the server stays
    on its flavor; without the other member it moves."""
    group = api.post('/v2.1/os-server-groups', {'server_group': {
        'name': 'aa-resize', 'policy': 'anti-affinity'}},
        version='2.64').json()['server_group']
    first, host1 = _boot_in_group(api, image_id, 'aa-1', group['id'])
    second, host2 = _boot_in_group(api, image_id, 'aa-2', group['id'])
    assert host1 != host2

    _action(api, first, {'resize': {'flavorRef': '2'}}, 202)
    deadline = time.time() + 10
    while True:
        migrations = api.get('/v2.1/os-migrations?instance_uuid=%s' % first,
                             version=ADMIN).json()['migrations']
        if migrations and migrations[0]['status'] == 'error':
            break
        assert time.time() < deadline, migrations
        time.sleep(0.05)
    server = _wait(api, first, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == host1
    assert server['flavor']['original_name'] == 'm1.tiny'

    api.delete('/v2.1/servers/%s' % second)
    _wait(api, second, 'DELETED')
    _action(api, first, {'resize': {'flavorRef': '2'}}, 202)
    server = _wait(api, first, 'VERIFY_RESIZE')
    assert server['OS-EXT-SRV-ATTR:host'] == host2
    _action(api, first, {'confirmResize': None}, 204)
    _wait(api, first, 'ACTIVE')
    api.delete('/v2.1/servers/%s' % first)
    _wait(api, first, 'DELETED')
    assert api.delete('/v2.1/os-server-groups/%s' % group['id']
                      ).status_code == 204
