"""A provider's usages and allocations follow the claims of real boots,
resizes and deletes (the amounts the YAML cases cannot see, since other
files' servers share the hosts)."""
import time

import pytest

PLACEMENT = {'OpenStack-API-Version': 'placement 1.39',
             'Accept': 'application/json'}


def _placement(api, path):
    resp = api.get('/placement' + path, headers=PLACEMENT)
    assert resp.status_code == 200, resp.text
    return resp.json()


def _provider(api, name):
    found = _placement(api, '/resource_providers?name=%s' % name)
    return found['resource_providers'][0]['uuid']


def _usages(api, rp):
    return _placement(api, '/resource_providers/%s/usages' % rp)['usages']


def _boot(api, image_id, flavor, host):
    resp = api.post('/v2.1/servers', {'server': {
        'name': 'plc-%s' % host, 'imageRef': image_id, 'flavorRef': flavor,
        'networks': 'none', 'availability_zone': 'nova:%s' % host}},
        version='2.37')
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    assert api.wait_for_server(server_id, 'ACTIVE')['status'] == 'ACTIVE'
    return server_id


def _delete(api, server_id):
    assert api.delete('/v2.1/servers/%s' % server_id).status_code == 204
    deadline = time.time() + 20
    while api.get('/v2.1/servers/%s' % server_id).status_code != 404:
        assert time.time() < deadline, 'server never went away'
        time.sleep(0.05)


@pytest.fixture
def quiet_fc2(api):
    """Nothing else boots on fc2 while a test counts its usage: other
    tests run in this process one at a time."""
    return _provider(api, 'fc2')


def test_usages_follow_boot_and_delete(api, image_id, quiet_fc2):
    rp = quiet_fc2
    before = _usages(api, rp)
    server_id = _boot(api, image_id, '3', 'fc2')   # m1.medium 2/4096/40
    during = _usages(api, rp)
    assert {rc: during[rc] - before[rc] for rc in during} == {
        'VCPU': 2, 'MEMORY_MB': 4096, 'DISK_GB': 40}
    allocations = _placement(api, '/resource_providers/%s/allocations' % rp)
    assert allocations['allocations'][server_id]['resources'] == {
        'VCPU': 2, 'MEMORY_MB': 4096, 'DISK_GB': 40}
    # the provider's usages are the sum of its consumers' allocations
    sums = {}
    for entry in allocations['allocations'].values():
        for rc, amount in entry['resources'].items():
            sums[rc] = sums.get(rc, 0) + amount
    assert {rc: sums.get(rc, 0) for rc in during} == during
    _delete(api, server_id)
    assert _usages(api, rp) == before
    assert server_id not in _placement(
        api, '/resource_providers/%s/allocations' % rp)['allocations']


def test_hypervisor_usage_and_placement_agree(api, image_id, quiet_fc2):
    """os-hypervisors and Placement read the same claims."""
    server_id = _boot(api, image_id, '42', 'fc2')   # m1.nano 1/128/1
    try:
        hypervisors = api.get('/v2.1/os-hypervisors/detail').json()
        fc2 = next(h for h in hypervisors['hypervisors']
                   if h['hypervisor_hostname'] == 'fc2')
        usages = _usages(api, quiet_fc2)
        assert usages['VCPU'] == fc2['vcpus_used']
        assert usages['MEMORY_MB'] == fc2['memory_mb_used']
        assert usages['DISK_GB'] == fc2['local_gb_used']
    finally:
        _delete(api, server_id)
