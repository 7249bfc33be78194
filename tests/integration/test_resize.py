"""Resize as deployed: api, conductor, scheduler and two computes as
separate processes over RabbitMQ, MariaDB behind the conductor. Resize and
confirm, resize and revert, cold migrate: the server lands where it should
and no claim leaks (os-hypervisors usage returns to exactly the server's
flavor, then to zero)."""
import pytest
import requests

from tests.integration import deployment as deployment_mod
from tests.integration.deployment import wait_for
from tests.integration import services

V = {'OpenStack-API-Version': 'compute 2.87'}   # usage fields until 2.88


@pytest.fixture(scope='module')
def deployment(tmp_path_factory, transport_url):
    with services.DATABASES['mysql']() as db_url:
        dep = deployment_mod.Deployment(
            str(tmp_path_factory.mktemp('resize')), transport_url, db_url,
            computes=('cmp1', 'cmp2'),
            common={'fake_driver': {'vcpus': 8, 'memory_mb': 16384,
                                    'local_gb': 200}})
        dep.start()
        yield dep
        dep.stop()
        errors = dep.errors_in_logs()
        assert not errors, errors


def _action(dep, sid, body, status):
    resp = requests.post('%s/v2.1/servers/%s/action' % (dep.endpoint, sid),
                         json=body, headers=deployment_mod.HEADERS,
                         timeout=30)
    assert resp.status_code == status, resp.text


def _settled(dep, sid, status):
    def check():
        server = dep.server(sid)
        assert server['status'] != 'ERROR', server
        return (server['status'] == status and
                server['OS-EXT-STS:task_state'] is None and server)
    return wait_for(check, timeout=60)


def _usage(dep, host):
    body = requests.get(dep.endpoint + '/v2.1/os-hypervisors/detail',
                        headers=V, timeout=30).json()
    hyp = [h for h in body['hypervisors']
           if h['hypervisor_hostname'] == host][0]
    return hyp['vcpus_used'], hyp['memory_mb_used'], hyp['local_gb_used']


def _expect_usage(dep, expected):
    wait_for(lambda: all(_usage(dep, h) == u for h, u in expected.items()),
             timeout=30)


def _migrations(dep, sid):
    return requests.get(
        dep.endpoint + '/v2.1/os-migrations?instance_uuid=' + sid,
        headers=deployment_mod.HEADERS, timeout=30).json()['migrations']


def test_resize_confirm_resize_revert_migrate_without_leaks(deployment):
    dep = deployment
    sid = dep.boot('resize-me', flavor='1')
    src = _settled(dep, sid, 'ACTIVE')['OS-EXT-SRV-ATTR:host']
    dst = {'cmp1': 'cmp2', 'cmp2': 'cmp1'}[src]
    tiny, small, medium = (1, 512, 1), (1, 2048, 20), (2, 4096, 40)
    _expect_usage(dep, {src: tiny, dst: (0, 0, 0)})

    # resize, confirm
    _action(dep, sid, {'resize': {'flavorRef': '2'}}, 202)
    server = _settled(dep, sid, 'VERIFY_RESIZE')
    assert server['OS-EXT-SRV-ATTR:host'] == dst
    assert server['flavor']['original_name'] == 'm1.small'
    _expect_usage(dep, {src: tiny, dst: small})
    _action(dep, sid, {'confirmResize': None}, 204)
    _settled(dep, sid, 'ACTIVE')
    _expect_usage(dep, {src: (0, 0, 0), dst: small})

    # resize, revert
    _action(dep, sid, {'resize': {'flavorRef': '3'}}, 202)
    server = _settled(dep, sid, 'VERIFY_RESIZE')
    assert server['OS-EXT-SRV-ATTR:host'] == src
    _expect_usage(dep, {src: medium, dst: small})
    _action(dep, sid, {'revertResize': None}, 202)
    server = _settled(dep, sid, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == dst
    assert server['flavor']['original_name'] == 'm1.small'
    _expect_usage(dep, {src: (0, 0, 0), dst: small})

    # cold migrate (admin), confirm
    _action(dep, sid, {'migrate': None}, 202)
    server = _settled(dep, sid, 'VERIFY_RESIZE')
    assert server['OS-EXT-SRV-ATTR:host'] == src
    _expect_usage(dep, {src: small, dst: small})
    _action(dep, sid, {'confirmResize': None}, 204)
    _settled(dep, sid, 'ACTIVE')
    _expect_usage(dep, {src: small, dst: (0, 0, 0)})

    statuses = [m['status'] for m in _migrations(dep, sid)]
    assert statuses == ['confirmed', 'reverted', 'confirmed'], statuses
    types = [m['migration_type'] for m in _migrations(dep, sid)]
    assert types == ['migration', 'resize', 'resize'], types

    # delete while VERIFY_RESIZE: both claims go
    _action(dep, sid, {'resize': {'flavorRef': '3'}}, 202)
    _settled(dep, sid, 'VERIFY_RESIZE')
    _expect_usage(dep, {src: small, dst: medium})
    dep.delete(sid)
    wait_for(lambda: dep.server(sid) is None)
    _expect_usage(dep, {src: (0, 0, 0), dst: (0, 0, 0)})
