"""Servers get their ports from the real network service: the four daemons
(fake driver) and nova-lite-network over RabbitMQ and MariaDB.

30 servers booted at once get 30 different addresses; on a subnet whose
allocation pool has room for N guests, guest N+1 ends in ERROR with Nova's
fault and leaves no port; with the network service down a create is a
503 that creates nothing, and a build it accepted before ends in ERROR
with a fault, nothing left bound once the service is back."""
import signal

import pytest
import requests

from tests.integration import deployment as deployment_mod
from tests.integration import services

HEADERS = deployment_mod.HEADERS
BURST = 30


@pytest.fixture(scope='module')
def dep(tmp_path_factory, transport_url):
    network_port = deployment_mod.free_port()
    with services.mysql_database() as db_url:
        d = deployment_mod.Deployment(
            str(tmp_path_factory.mktemp('netboots')), transport_url, db_url,
            computes=('cmp1',), network=True, network_port=network_port,
            common={'neutron': {'endpoint_override':
                                'http://127.0.0.1:%d' % network_port}})
        d.start()
        yield d
        d.stop()


def neutron(dep, method, path, **kw):
    resp = requests.request(method, dep.network_endpoint + '/v2.0/' + path,
                            timeout=30, **kw)
    assert resp.status_code < 300, resp.text
    return resp.json() if resp.content else None


def make_network(dep, name, cidr, pool=None):
    net = neutron(dep, 'POST', 'networks',
                  json={'network': {'name': name}})['network']
    subnet = {'network_id': net['id'], 'cidr': cidr, 'ip_version': 4,
              'enable_dhcp': False}
    if pool:
        subnet['allocation_pools'] = [{'start': pool[0], 'end': pool[1]}]
    neutron(dep, 'POST', 'subnets', json={'subnet': subnet})
    return net


def boot(dep, name, network_id):
    resp = requests.post(
        dep.endpoint + '/v2.1/servers', headers=HEADERS, timeout=60,
        json={'server': {'name': name, 'flavorRef': '1',
                         'imageRef': dep.image_id(),
                         'networks': [{'uuid': network_id}]}})
    assert resp.status_code == 202, resp.text
    return resp.json()['server']['id']


def settled(dep, server_ids, timeout=180):
    def done():
        found = [dep.server(sid) for sid in server_ids]
        if all(s and s['status'] in ('ACTIVE', 'ERROR') and
               s.get('OS-EXT-STS:task_state') is None for s in found):
            return found
        return None
    return deployment_mod.wait_for(done, timeout, poll=0.5)


def test_a_burst_of_boots_gets_distinct_addresses(dep):
    net = make_network(dep, 'burst', '10.70.0.0/24')
    import concurrent.futures
    with concurrent.futures.ThreadPoolExecutor(10) as pool:
        ids = list(pool.map(lambda i: boot(dep, 'b%d' % i, net['id']),
                            range(BURST)))
    servers = settled(dep, ids)
    assert [s['status'] for s in servers] == ['ACTIVE'] * BURST
    addrs = [a['addr'] for s in servers for a in s['addresses']['burst']]
    assert len(addrs) == BURST and len(set(addrs)) == BURST
    for sid in ids:
        dep.delete(sid)
    deployment_mod.wait_for(lambda: not neutron(
        dep, 'GET', 'ports?network_id=%s' % net['id'])['ports'], 120)


def test_the_guest_beyond_the_pool_is_an_error_with_no_port_left(dep):
    net = make_network(dep, 'small', '10.71.0.0/24',
                       pool=('10.71.0.10', '10.71.0.12'))
    ids = [boot(dep, 's%d' % i, net['id']) for i in range(3)]
    assert [s['status'] for s in settled(dep, ids)] == ['ACTIVE'] * 3
    extra = boot(dep, 's3', net['id'])
    (server,) = settled(dep, [extra])
    assert server['status'] == 'ERROR'
    assert server['fault']['message'].startswith(
        'Build of instance %s aborted' % extra)
    assert neutron(dep, 'GET', 'ports?device_id=%s' % extra)['ports'] == []
    assert len(neutron(dep, 'GET', 'ports?network_id=%s' % net['id'])[
        'ports']) == 3
    for sid in ids + [extra]:
        dep.delete(sid)


def test_the_network_service_down_at_create_is_a_503_creating_nothing(dep):
    net = make_network(dep, 'outage', '10.72.0.0/24')
    dep.kill('network', sig=signal.SIGKILL)
    try:
        resp = requests.post(
            dep.endpoint + '/v2.1/servers', headers=HEADERS, timeout=60,
            json={'server': {'name': 'o1', 'flavorRef': '1',
                             'imageRef': dep.image_id(),
                             'networks': [{'uuid': net['id']}]}})
        assert resp.status_code == 503, resp.text
        assert resp.json()['serviceUnavailable']['code'] == 503
        assert 'o1' not in [s['name'] for s in dep.servers()]
    finally:
        dep.start_daemon('network')
        dep.wait_for_api(endpoint=dep.network_endpoint)


def test_the_network_service_down_during_a_build(dep):
    """Accepted while the network service was up, built while it is down:
    ERROR with a fault, and once it is back no port of it is left."""
    net = make_network(dep, 'outage2', '10.73.0.0/24')
    compute = dep.procs['cmp1']
    compute.send_signal(signal.SIGSTOP)
    try:
        server_id = boot(dep, 'o2', net['id'])
        dep.kill('network', sig=signal.SIGKILL)
    finally:
        compute.send_signal(signal.SIGCONT)
    try:
        (server,) = settled(dep, [server_id])
        assert server['status'] == 'ERROR'
        assert server['fault']['message']
    finally:
        dep.start_daemon('network')
        dep.wait_for_api(endpoint=dep.network_endpoint)
    assert neutron(dep, 'GET', 'ports?device_id=%s' % server_id)[
        'ports'] == []
    dep.delete(server_id)
