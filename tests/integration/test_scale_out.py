"""Scaled out: two nova-lite-api, two conductors and two schedulers (each
on its own host name, each with two worker processes) and ten fake
compute hosts serve one deployment over RabbitMQ and MariaDB. A hundred
concurrent boots, spread over both APIs, all end ACTIVE; no host holds
more than its capacity (claims stay atomic in the database whatever the
schedulers' caches believed); every claim goes back on delete."""
import concurrent.futures

import pytest
import requests

from tests.integration import deployment as deployment_mod
from tests.integration.deployment import wait_for
from tests.integration import services

COMPUTES = tuple('cmp%02d' % i for i in range(1, 11))
BOOTS = 100
# m1.tiny (1 vCPU, 512 MiB, 1 GiB): room for 12 on each host, 120 in all,
# so the last boots land on nearly full hosts.
CAPACITY = {'vcpus': 12, 'memory_mb': 12 * 512, 'local_gb': 100}
CONF = {
    'DEFAULT': {'osapi_compute_workers': 2, 'cpu_allocation_ratio': 1.0,
                'ram_allocation_ratio': 1.0, 'rpc_response_timeout': 60},
    'conductor': {'workers': 2},
    'scheduler': {'workers': 2},
    'fake_driver': CAPACITY,
    # Four conductor workers at the default pool (32 + overflow each)
    # would take more connections than this machine's shared MariaDB has
    # (151); 8 each is plenty for 100 boots.
    'database': {'max_pool_size': 6, 'max_overflow': 2},
}


@pytest.fixture(scope='module')
def deployment(tmp_path_factory, transport_url):
    with services.DATABASES['mysql']() as db_url:
        dep = deployment_mod.Deployment(
            str(tmp_path_factory.mktemp('scale')), transport_url, db_url,
            computes=COMPUTES, common=CONF, controllers=2)
        dep.start()
        yield dep
        dep.stop()
        errors = dep.errors_in_logs()
        assert not errors, errors


def hypervisors(dep):
    body = requests.get(dep.endpoint + '/v2.1/os-hypervisors/detail',
                        headers=dep._auth(), timeout=30).json()
    return {h['hypervisor_hostname']: h for h in body['hypervisors']}


def boot(dep, index, image):
    """POST to one API or the other."""
    endpoint = dep.endpoints[index % len(dep.endpoints)]
    resp = requests.post(
        endpoint + '/v2.1/servers', headers=deployment_mod.HEADERS,
        timeout=120, json={'server': {'name': 'scale-%d' % index,
                                      'flavorRef': '1', 'imageRef': image,
                                      'networks': 'none'}})
    assert resp.status_code == 202, resp.text
    return resp.json()['server']['id']


def test_every_controller_copy_reports_up(deployment):
    listed = deployment.wait_for_services(
        ['nova-conductor', 'nova-scheduler'] * 2 +
        ['nova-compute'] * len(COMPUTES))
    hosts = sorted((s['binary'], s['host']) for s in listed
                   if s['binary'] != 'nova-compute')
    assert hosts == [('nova-conductor', 'controller'),
                     ('nova-conductor', 'controller-2'),
                     ('nova-scheduler', 'controller'),
                     ('nova-scheduler', 'controller-2')]


def test_hundred_concurrent_boots_fit_and_are_released(deployment):
    image = deployment.image_id()
    with concurrent.futures.ThreadPoolExecutor(25) as pool:
        ids = list(pool.map(lambda i: boot(deployment, i, image),
                            range(BOOTS)))

    def all_settled():
        servers = {s['id']: s for s in deployment.servers()}
        mine = [servers.get(i) for i in ids]
        if all(s is not None and s['status'] in ('ACTIVE', 'ERROR')
               for s in mine):
            return mine
    servers = wait_for(all_settled, timeout=300, poll=1)
    errors = [(s['id'], s.get('fault')) for s in servers
              if s['status'] != 'ACTIVE']
    assert errors == []

    placed = [s['OS-EXT-SRV-ATTR:host'] for s in servers]
    by_host = hypervisors(deployment)
    assert sorted(by_host) == sorted(COMPUTES)
    for host, hyp in by_host.items():
        count = placed.count(host)
        # The claims are what runs there, and within the host's capacity.
        assert (hyp['running_vms'], hyp['vcpus_used'],
                hyp['memory_mb_used'], hyp['local_gb_used']) == (
                    count, count, 512 * count, count), hyp
        assert hyp['vcpus_used'] <= hyp['vcpus'] == CAPACITY['vcpus']
        assert hyp['memory_mb_used'] <= hyp['memory_mb'] == \
            CAPACITY['memory_mb']
    assert sum(placed.count(h) for h in COMPUTES) == BOOTS
    # Both schedulers' caches spread the load: no host was left empty.
    assert all(placed.count(h) > 0 for h in COMPUTES), placed

    with concurrent.futures.ThreadPoolExecutor(25) as pool:
        list(pool.map(deployment.delete, ids))
    wait_for(lambda: not deployment.servers(), timeout=180, poll=1)

    def released():
        return all((h['running_vms'], h['vcpus_used'], h['memory_mb_used'],
                    h['local_gb_used']) == (0, 0, 0, 0)
                   for h in hypervisors(deployment).values())
    wait_for(released, timeout=30)
