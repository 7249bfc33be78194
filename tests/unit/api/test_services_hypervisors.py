"""os-services and os-hypervisors."""
import pytest

MEMBER = 'user1:proj1'


def test_services_list_21(client, services):
    body = client.get('/v2.1/os-services').json
    by_id = {s['id']: s for s in body['services']}
    assert set(by_id) == {1, 2, 3}
    assert by_id[1]['zone'] == 'internal'
    assert by_id[2]['zone'] == 'nova'
    assert by_id[2]['state'] == 'up' and by_id[2]['status'] == 'enabled'
    assert by_id[3]['state'] == 'down' and by_id[3]['status'] == 'disabled'
    assert by_id[3]['disabled_reason'] == 'maint'
    assert by_id[2]['binary'] == 'nova-compute'
    assert set(by_id[1]) == {'id', 'binary', 'host', 'zone', 'status',
                             'state', 'updated_at', 'disabled_reason'}


def test_services_uuid_and_forced_down(client, services):
    services[1].forced_down = True
    body = client.get('/v2.1/os-services?binary=nova-compute',
                      version='2.53').json
    assert len(body['services']) == 2
    svc = body['services'][0]
    assert svc['id'] == services[1].uuid
    assert svc['forced_down'] is True and svc['state'] == 'down'


def test_services_forbidden_for_member(client, services):
    resp = client.get('/v2.1/os-services', token=MEMBER)
    assert resp.status_int == 403
    assert resp.json == {'forbidden': {
        'code': 403,
        'message': "Policy doesn't allow os_compute_api:os-services:list "
                   "to be performed."}}


@pytest.mark.parametrize('path', ['/v2.1/os-hypervisors',
                                  '/v2.1/os-hypervisors/detail',
                                  '/v2.1/os-hypervisors/1'])
def test_hypervisors_forbidden_for_member(client, services, nodes, path):
    assert client.get(path, token=MEMBER).status_int == 403


def test_hypervisors_list(client, services, nodes):
    body = client.get('/v2.1/os-hypervisors').json
    assert body['hypervisors'][0] == {
        'id': 1, 'hypervisor_hostname': 'node1', 'state': 'up',
        'status': 'enabled'}
    assert body['hypervisors'][1]['status'] == 'disabled'
    body = client.get('/v2.1/os-hypervisors', version='2.53').json
    assert body['hypervisors'][0]['id'] == nodes[0].uuid


def test_hypervisors_detail_before_288(client, services, nodes):
    hv = client.get('/v2.1/os-hypervisors/detail',
                    version='2.28').json['hypervisors'][0]
    assert hv['cpu_info'] == {'arch': 'x86_64'}
    assert hv['free_ram_mb'] == 16384 - 512
    assert hv['service'] == {'host': 'host1', 'id': 2,
                             'disabled_reason': None}
    assert hv['running_vms'] == 0
    hv = client.get('/v2.1/os-hypervisors/1').json['hypervisor']
    assert hv['cpu_info'] == '{"arch": "x86_64"}'


def test_hypervisors_at_288(client, services, nodes):
    hv = client.get('/v2.1/os-hypervisors/%s' % nodes[0].uuid,
                    version='2.88').json['hypervisor']
    assert set(hv) == {'id', 'hypervisor_hostname', 'state', 'status',
                       'hypervisor_type', 'hypervisor_version', 'host_ip',
                       'service', 'uptime'}


def test_hypervisor_show_errors(client, services, nodes):
    assert client.get('/v2.1/os-hypervisors/99').status_int == 404
    assert client.get('/v2.1/os-hypervisors/abc').status_int == 404
    assert client.get('/v2.1/os-hypervisors/abc',
                      version='2.53').status_int == 400


def test_hypervisors_paging(client, services, nodes):
    body = client.get('/v2.1/os-hypervisors?limit=1', version='2.33').json
    assert len(body['hypervisors']) == 1
    assert body['hypervisors_links'][0]['href'].endswith(
        'os-hypervisors?limit=1&marker=1')
