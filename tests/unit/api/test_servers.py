"""Servers: create validation, views per microversion, lists, actions."""
import hashlib

import pytest

from nova_lite import objects
from tests.unit.api import fakes

IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b'
MEMBER = 'user1:proj1'

KEYS_21 = {
    'accessIPv4', 'accessIPv6', 'addresses', 'config_drive', 'created',
    'flavor', 'hostId', 'id', 'image', 'key_name', 'links', 'metadata',
    'name', 'OS-DCF:diskConfig', 'OS-EXT-AZ:availability_zone',
    'OS-EXT-STS:power_state', 'OS-EXT-STS:task_state',
    'OS-EXT-STS:vm_state', 'os-extended-volumes:volumes_attached',
    'OS-SRV-USG:launched_at', 'OS-SRV-USG:terminated_at', 'progress',
    'status', 'tenant_id', 'updated', 'user_id',
}
ADMIN_21 = {'OS-EXT-SRV-ATTR:host', 'OS-EXT-SRV-ATTR:hypervisor_hostname',
            'OS-EXT-SRV-ATTR:instance_name'}
ADMIN_23 = {'OS-EXT-SRV-ATTR:reservation_id', 'OS-EXT-SRV-ATTR:launch_index',
            'OS-EXT-SRV-ATTR:hostname', 'OS-EXT-SRV-ATTR:kernel_id',
            'OS-EXT-SRV-ATTR:ramdisk_id', 'OS-EXT-SRV-ATTR:root_device_name',
            'OS-EXT-SRV-ATTR:user_data'}
KEYS_2100 = KEYS_21 | {
    'locked', 'description', 'tags', 'trusted_image_certificates',
    'locked_reason', 'OS-EXT-SRV-ATTR:hostname', 'pinned_availability_zone',
    'scheduler_hints'}


def _body(**server):
    base = {'name': 'vm1', 'imageRef': IMAGE, 'flavorRef': '1'}
    base.update(server)
    return {'server': base}


@pytest.fixture
def no_services(monkeypatch):
    monkeypatch.setattr(objects.ServiceList, 'get_all',
                        classmethod(lambda cls, ctx, filters=None: []))


# -- create ------------------------------------------------------------------

def test_create_returns_202_with_password(client, compute):
    resp = client.post('/v2.1/servers', _body(), token=MEMBER)
    assert resp.status_int == 202
    server = resp.json['server']
    assert set(server) == {'id', 'links', 'OS-DCF:diskConfig',
                           'security_groups', 'adminPass'}
    assert resp.headers['Location'] == server['links'][0]['href']
    call = compute.calls[-1]
    assert call[1:4] == ('1', IMAGE, 'vm1')


def test_create_passes_all_options(client, compute):
    body = _body(key_name='k', user_data='aGVsbG8=', metadata={'a': 'b'},
                 availability_zone='nova', min_count=2, max_count=3,
                 networks='none', config_drive=True, description='d',
                 tags=['t1'], hostname='host-a', accessIPv4='1.2.3.4',
                 accessIPv6='::1')
    body['os:scheduler_hints'] = {'same_host': [IMAGE], 'custom': 'x'}
    resp = client.post('/v2.1/servers', body, version='2.100')
    assert resp.status_int == 202, resp.text
    kwargs = compute.calls[-1][4]
    assert kwargs['min_count'] == 2 and kwargs['max_count'] == 3
    assert kwargs['requested_networks'] == 'none'
    assert kwargs['scheduler_hints']['same_host'] == [IMAGE]
    assert kwargs['config_drive'] is True
    assert kwargs['tags'] == ['t1'] and kwargs['hostname'] == 'host-a'
    assert kwargs['access_ip_v4'] == '1.2.3.4'


def test_create_network_list(client, compute):
    net = '3cb9bc59-5699-4588-a4b1-b87f96708bc6'
    resp = client.post('/v2.1/servers', _body(
        networks=[{'uuid': net, 'fixed_ip': '10.0.0.5'}]), version='2.37')
    assert resp.status_int == 202, resp.text
    assert compute.calls[-1][4]['requested_networks'] == [
        {'uuid': net, 'fixed_ip': '10.0.0.5'}]


def test_return_reservation_id(client, compute):
    resp = client.post('/v2.1/servers', _body(return_reservation_id=True))
    assert resp.status_int == 202
    assert resp.json == {'reservation_id': 'r-12345678'}


@pytest.mark.parametrize('version,body', [
    ('2.1', {}),
    ('2.1', {'server': 'x'}),
    ('2.1', {'server': {'imageRef': IMAGE, 'flavorRef': '1'}}),
    ('2.1', _body(name='')),
    ('2.1', _body(name=' padded ')),
    ('2.1', _body(name='x' * 256)),
    ('2.1', _body(imageRef='not-a-uuid')),
    ('2.1', _body(flavorRef='')),
    ('2.1', _body(flavorRef=None)),
    ('2.1', _body(min_count=0)),
    ('2.1', _body(min_count='abc')),
    ('2.1', _body(min_count=3, max_count=2)),
    ('2.1', _body(metadata={'k': 1})),
    ('2.1', _body(metadata='x')),
    ('2.1', _body(user_data='not base64!')),
    ('2.1', _body(accessIPv4='999.1.1.1')),
    ('2.1', _body(accessIPv6='zz::')),
    ('2.1', _body(networks='auto')),
    ('2.1', _body(bogus=1)),
    ('2.1', _body(description='too new')),
    ('2.1', dict(_body(), extra=1)),
    ('2.1', _body(imageRef='')),
    ('2.37', _body()),
    ('2.37', _body(networks='some')),
    ('2.37', _body(networks=[{'uuid': 'not-uuid'}])),
    ('2.52', _body(networks='none', tags='notalist')),
    ('2.52', _body(networks='none', tags=['a/b'])),
    ('2.90', _body(networks='none', hostname='bad_host!')),
    ('2.1', _body(config_drive='maybe')),
    ('2.1', _body(key_name='')),
    ('2.1', {'server': _body()['server'], 'os:scheduler_hints': 'x'}),
    ('2.1', [1, 2]),
])
def test_create_bad_bodies_are_400(client, version, body):
    resp = client.post('/v2.1/servers', body, version=version)
    assert resp.status_int == 400, (body, resp.text)
    assert resp.json['badRequest']['code'] == 400


def test_create_unknown_flavor_and_image_are_400(client):
    resp = client.post('/v2.1/servers', _body(flavorRef='missing'))
    assert resp.status_int == 400
    assert 'missing' in resp.json['badRequest']['message']
    resp = client.post('/v2.1/servers', _body(
        imageRef='00000000-0000-0000-0000-000000000000'))
    assert resp.status_int == 400
    assert resp.json['badRequest']['message'] == \
        'Can not find requested image'


def test_forced_host_needs_admin(client):
    resp = client.post('/v2.1/servers',
                       _body(availability_zone='nova:host1'), token=MEMBER)
    assert resp.status_int == 403
    assert resp.json['forbidden']['message'] == (
        "Policy doesn't allow os_compute_api:servers:create:forced_host "
        "to be performed.")


# -- views -------------------------------------------------------------------

def test_show_keys_21_member(client, compute):
    inst = compute.add()
    resp = client.get('/v2.1/servers/%s' % inst.uuid, token=MEMBER)
    assert resp.status_int == 200
    server = resp.json['server']
    assert set(server) == KEYS_21
    assert server['flavor'] == {'id': '1', 'links': [{
        'rel': 'bookmark', 'href': 'http://localhost/flavors/1'}]}
    assert server['image']['id'] == IMAGE
    assert server['status'] == 'ACTIVE'
    assert server['hostId'] == hashlib.sha224(
        b'proj1host1').hexdigest()
    assert server['created'] == '2024-05-01T12:00:00Z'
    assert server['OS-SRV-USG:launched_at'] == '2024-05-01T12:00:00.000000'
    assert server['links'][0]['href'] == \
        'http://localhost/v2.1/servers/%s' % inst.uuid
    assert server['links'][1]['href'] == \
        'http://localhost/servers/%s' % inst.uuid


def test_show_keys_21_admin(client, compute):
    inst = compute.add()
    server = client.get('/v2.1/servers/%s' % inst.uuid).json['server']
    assert set(server) == KEYS_21 | ADMIN_21
    assert server['OS-EXT-SRV-ATTR:instance_name'] == 'instance-00000001'


def test_show_keys_2100_member(client, compute):
    inst = compute.add(scheduler_hints={'same_host': IMAGE},
                       system_metadata={'image_os_distro': 'cirros'})
    resp = client.get('/v2.1/servers/%s' % inst.uuid, token=MEMBER,
                      version='2.100')
    server = resp.json['server']
    assert set(server) == KEYS_2100 | {'server_groups'}
    assert server['flavor'] == {
        'vcpus': 1, 'ram': 512, 'disk': 1, 'ephemeral': 0, 'swap': 0,
        'original_name': 'm1.tiny', 'extra_specs': {}}
    assert server['image']['properties'] == {'os_distro': 'cirros'}
    assert server['scheduler_hints'] == {'same_host': [IMAGE]}
    assert server['locked'] is False


def test_show_keys_2100_admin(client, compute, no_services):
    inst = compute.add()
    server = client.get('/v2.1/servers/%s' % inst.uuid,
                        version='2.100').json['server']
    assert set(server) == (KEYS_2100 | ADMIN_21 | ADMIN_23 |
                           {'server_groups', 'host_status'})
    assert server['host_status'] == 'UNKNOWN'


@pytest.mark.parametrize('version,added', [
    ('2.3', set()),
    ('2.9', {'locked'}),
    ('2.16', {'locked'}),
    ('2.19', {'locked', 'description'}),
    ('2.26', {'locked', 'description', 'tags'}),
    ('2.73', {'locked', 'description', 'tags', 'trusted_image_certificates',
              'server_groups', 'locked_reason'}),
    ('2.90', {'locked', 'description', 'tags', 'trusted_image_certificates',
              'server_groups', 'locked_reason',
              'OS-EXT-SRV-ATTR:hostname'}),
    ('2.96', {'locked', 'description', 'tags', 'trusted_image_certificates',
              'server_groups', 'locked_reason', 'OS-EXT-SRV-ATTR:hostname',
              'pinned_availability_zone'}),
])
def test_member_keys_by_version(client, compute, version, added):
    inst = compute.add()
    server = client.get('/v2.1/servers/%s' % inst.uuid, token=MEMBER,
                        version=version).json['server']
    assert set(server) == KEYS_21 | added


def test_embedded_flavor_at_247(client, compute, no_services):
    inst = compute.add()
    server = client.get('/v2.1/servers/%s' % inst.uuid,
                        version='2.46').json['server']
    assert set(server['flavor']) == {'id', 'links'}
    server = client.get('/v2.1/servers/%s' % inst.uuid,
                        version='2.47').json['server']
    assert server['flavor']['original_name'] == 'm1.tiny'


@pytest.mark.parametrize('vm_state,task_state,status', [
    ('building', 'scheduling', 'BUILD'),
    ('active', None, 'ACTIVE'),
    ('active', 'rebooting', 'REBOOT'),
    ('active', 'rebooting_hard', 'HARD_REBOOT'),
    ('stopped', None, 'SHUTOFF'),
    ('paused', None, 'PAUSED'),
    ('suspended', None, 'SUSPENDED'),
    ('error', None, 'ERROR'),
    ('deleted', None, 'DELETED'),
    ('soft-delete', None, 'SOFT_DELETED'),
    ('resized', None, 'VERIFY_RESIZE'),
    ('shelved_offloaded', None, 'SHELVED_OFFLOADED'),
    ('weird', None, 'UNKNOWN'),
])
def test_status_mapping(client, compute, vm_state, task_state, status):
    inst = compute.add(vm_state=vm_state, task_state=task_state)
    server = client.get('/v2.1/servers/%s' % inst.uuid).json['server']
    assert server['status'] == status


def test_fault_shown_in_error(client, compute):
    fault = objects.InstanceFault(code=500, message='NoValidHost',
                                  details='trace', created_at=fakes.NOW)
    inst = compute.add(vm_state='error', fault=fault, host=None)
    server = client.get('/v2.1/servers/%s' % inst.uuid,
                        token=MEMBER).json['server']
    assert server['fault'] == {'code': 500, 'message': 'NoValidHost',
                               'created': '2024-05-01T12:00:00Z'}
    assert server['hostId'] == ''
    admin = client.get('/v2.1/servers/%s' % inst.uuid).json['server']
    assert admin['fault']['details'] == 'trace'


def test_volume_backed_image_is_empty_string(client, compute):
    inst = compute.add(image_ref='')
    server = client.get('/v2.1/servers/%s' % inst.uuid).json['server']
    assert server['image'] == ''


def test_other_project_is_404(client, compute):
    inst = compute.add(project_id='other')
    resp = client.get('/v2.1/servers/%s' % inst.uuid, token=MEMBER)
    assert resp.status_int == 404
    assert resp.json['itemNotFound']['message'] == \
        'Instance %s could not be found.' % inst.uuid


# -- lists -------------------------------------------------------------------

def test_index_and_detail(client, compute, no_services):
    a = compute.add(display_name='a')
    resp = client.get('/v2.1/servers', token=MEMBER)
    assert resp.json == {'servers': [{
        'id': a.uuid, 'name': 'a',
        'links': [{'rel': 'self',
                   'href': 'http://localhost/v2.1/servers/%s' % a.uuid},
                  {'rel': 'bookmark',
                   'href': 'http://localhost/servers/%s' % a.uuid}]}]}
    detail = client.get('/v2.1/servers/detail', version='2.100',
                        token=MEMBER).json
    assert 'server_groups' not in detail['servers'][0]
    assert detail['servers'][0]['id'] == a.uuid


def test_list_search_opts(client, compute):
    client.get('/v2.1/servers/detail?name=web&status=ACTIVE&flavor=1'
               '&changes-since=2024-01-01T00:00:00Z&image=%s' % IMAGE,
               token=MEMBER)
    opts = compute.calls[-1][1]
    assert opts['name'] == 'web' and opts['flavor'] == '1'
    assert opts['vm_state'] == ['active']
    assert 'task_state' not in opts
    assert opts['project_id'] == 'proj1'
    assert opts['changes-since'].year == 2024
    assert 'deleted' not in opts


def test_list_status_reboot_filters_task_state(client, compute):
    client.get('/v2.1/servers?status=REBOOT')
    opts = compute.calls[-1][1]
    assert opts['vm_state'] == ['active']
    assert set(opts['task_state']) == {'rebooting', 'reboot_pending',
                                       'reboot_started'}
    assert opts['deleted'] is False


def test_invalid_status(client, compute):
    assert client.get('/v2.1/servers?status=FOO',
                      version='2.38').status_int == 400
    resp = client.get('/v2.1/servers?status=FOO', version='2.37')
    assert resp.status_int == 200 and resp.json == {'servers': []}


def test_admin_filters_dropped_for_members(client, compute):
    client.get('/v2.1/servers?host=h1&name=x', token=MEMBER)
    opts = compute.calls[-1][1]
    assert 'host' not in opts and opts['name'] == 'x'
    client.get('/v2.1/servers?host=h1&all_tenants=1')
    opts = compute.calls[-1][1]
    assert opts['host'] == 'h1' and opts['all_tenants'] is True
    assert 'project_id' not in opts


def test_all_tenants_forbidden_for_member(client, compute):
    resp = client.get('/v2.1/servers?all_tenants=1', token=MEMBER)
    assert resp.status_int == 403
    assert resp.json['forbidden']['message'] == (
        "Policy doesn't allow os_compute_api:servers:index:get_all_tenants "
        "to be performed.")


def test_unknown_query_param_400_at_275(client, compute):
    assert client.get('/v2.1/servers?foo=1',
                      version='2.74').status_int == 200
    assert client.get('/v2.1/servers?foo=1',
                      version='2.75').status_int == 400


def test_pagination_links(client, compute):
    servers = [compute.add(display_name='s%d' % i, project_id='admin')
               for i in range(3)]
    resp = client.get('/v2.1/servers/detail?limit=2')
    body = resp.json
    assert len(body['servers']) == 2
    assert body['servers_links'] == [{
        'rel': 'next',
        'href': 'http://localhost/v2.1/servers/detail?limit=2&marker=%s'
                % servers[1].uuid}]
    resp = client.get('/v2.1/servers?limit=2&marker=%s' % servers[1].uuid)
    assert [s['id'] for s in resp.json['servers']] == [servers[2].uuid]
    assert 'servers_links' not in resp.json


@pytest.mark.parametrize('query', ['limit=abc', 'limit=-1',
                                   'marker=nope', 'sort_key=bogus',
                                   'sort_dir=up',
                                   'changes-since=yesterday',
                                   'all_tenants=maybe'])
def test_bad_list_params_400(client, compute, query):
    compute.add()
    resp = client.get('/v2.1/servers?' + query)
    assert resp.status_int == 400, resp.text


# -- update / delete / actions -----------------------------------------------

def test_update(client, compute):
    inst = compute.add()
    resp = client.put('/v2.1/servers/%s' % inst.uuid,
                      {'server': {'name': 'new', 'description': 'd'}},
                      version='2.19', token=MEMBER)
    assert resp.status_int == 200
    assert resp.json['server']['name'] == 'new'
    assert compute.calls[-1] == ('update', {'display_name': 'new',
                                            'display_description': 'd'})
    resp = client.put('/v2.1/servers/%s' % inst.uuid,
                      {'server': {'description': 'd'}}, version='2.18')
    assert resp.status_int == 400


def test_delete(client, compute):
    inst = compute.add()
    resp = client.delete('/v2.1/servers/%s' % inst.uuid, token=MEMBER)
    assert resp.status_int == 204 and resp.body == b''
    assert compute.calls[-1] == ('delete', inst.uuid)


@pytest.mark.parametrize('body,call', [
    ({'reboot': {'type': 'HARD'}}, ('reboot', 'HARD')),
    ({'reboot': {'type': 'soft'}}, ('reboot', 'SOFT')),
    ({'os-stop': None}, ('stop',)),
    ({'os-start': None}, ('start',)),
])
def test_actions_202(client, compute, body, call):
    inst = compute.add()
    resp = client.post('/v2.1/servers/%s/action' % inst.uuid, body,
                       token=MEMBER)
    assert resp.status_int == 202, resp.text
    assert compute.calls[-1][0] == call[0]
    assert compute.calls[-1][2:] == call[1:]


@pytest.mark.parametrize('body', [
    {'reboot': {'type': 'MEDIUM'}}, {'reboot': {}}, {'reboot': None},
    {'bogus': None}, {'os-stop': None, 'os-start': None},
    {'os-getConsoleOutput': {'length': 'ten'}},
    {'os-getConsoleOutput': {'length': -5}},
])
def test_bad_actions_400(client, compute, body):
    inst = compute.add()
    resp = client.post('/v2.1/servers/%s/action' % inst.uuid, body)
    assert resp.status_int == 400, resp.text


def test_console_output(client, compute):
    inst = compute.add()
    resp = client.post('/v2.1/servers/%s/action' % inst.uuid,
                       {'os-getConsoleOutput': {'length': '2'}})
    assert resp.status_int == 200
    assert resp.json == {'output': 'line 8\nline 9'}
    resp = client.post('/v2.1/servers/%s/action' % inst.uuid,
                       {'os-getConsoleOutput': {'length': -1}})
    assert compute.calls[-1][2] is None


def test_action_on_missing_server_404(client, compute):
    resp = client.post('/v2.1/servers/nope/action', {'os-stop': None})
    assert resp.status_int == 404
