"""os-services end to end: a disabled compute is skipped by the
scheduler; deleting a compute service takes it out of its aggregates."""
import time

import pytest

from nova_lite import context as nl_context
from nova_lite import objects
from nova_lite.scheduler import host_manager

MEMBER = 'svcadm:project-a'


def _service_uuid(api, host):
    body = api.get('/v2.1/os-services?host=%s&binary=nova-compute'
                   % host, version='2.53').json()
    return body['services'][0]['id']


def _set_status(api, host, status):
    resp = api.put('/v2.1/os-services/%s' % _service_uuid(api, host),
                   {'status': status}, version='2.53')
    assert resp.status_code == 200, resp.text


def _boot(api, image_id, name):
    resp = api.post('/v2.1/servers', {'server': {
        'name': name, 'imageRef': image_id, 'flavorRef': '1'}},
        token=MEMBER)
    assert resp.status_code == 202, resp.text
    return resp.json()['server']['id']


def _wait_settled(api, server_id):
    deadline = time.time() + 20
    while time.time() < deadline:
        server = api.get('/v2.1/servers/%s' % server_id).json()['server']
        if server['status'] in ('ACTIVE', 'ERROR'):
            return server
        time.sleep(0.05)
    raise AssertionError('server %s never settled' % server_id)


def test_disabled_computes_are_skipped(api, image_id):
    wait = host_manager.SERVICE_CACHE_SECONDS + 0.2
    servers = []
    try:
        _set_status(api, 'fc1', 'disabled')
        time.sleep(wait)
        servers.append(_boot(api, image_id, 'skip-fc1'))
        server = _wait_settled(api, servers[-1])
        assert server['status'] == 'ACTIVE'
        assert server['OS-EXT-SRV-ATTR:host'] == 'fc2'

        _set_status(api, 'fc2', 'disabled')
        time.sleep(wait)
        servers.append(_boot(api, image_id, 'no-host'))
        server = _wait_settled(api, servers[-1])
        assert server['status'] == 'ERROR'
        assert 'No valid host' in server['fault']['message']
    finally:
        _set_status(api, 'fc1', 'enabled')
        _set_status(api, 'fc2', 'enabled')
        for server_id in servers:
            api.delete('/v2.1/servers/%s' % server_id)
        time.sleep(wait)


@pytest.mark.parametrize('version', ['2.1', '2.53'])
def test_delete_compute_service_leaves_its_aggregates(api, version):
    ctx = nl_context.get_admin_context()
    host = 'gone-%s' % version.replace('.', '-')
    service = objects.Service(ctx, host=host, binary='nova-compute',
                              topic='compute', report_count=0,
                              disabled=False, forced_down=False)
    service.create()
    agg = api.post('/v2.1/os-aggregates', {'aggregate': {
        'name': 'agg-%s' % host, 'availability_zone': 'az-' + host}}).json()
    agg_id = agg['aggregate']['id']
    resp = api.post('/v2.1/os-aggregates/%s/action' % agg_id,
                    {'add_host': {'host': host}})
    assert resp.json()['aggregate']['hosts'] == [host]

    service_id = service.uuid if version == '2.53' else service.id
    resp = api.delete('/v2.1/os-services/%s' % service_id, version=version)
    assert resp.status_code == 204, resp.text

    body = api.get('/v2.1/os-aggregates/%s' % agg_id).json()
    assert body['aggregate']['hosts'] == []
    hosts = [s['host'] for s in api.get('/v2.1/os-services').json()[
        'services']]
    assert host not in hosts
    resp = api.delete('/v2.1/os-services/%s' % service_id, version=version)
    assert resp.status_code == 404
    assert api.delete('/v2.1/os-aggregates/%s' % agg_id).status_code == 200
