"""The Network API against the in-memory Neutron: ports created and
bound at build, deallocated at delete (user ports unbound, not deleted),
network_info in Nova's shape, Neutron errors as Nova's exceptions."""
import types

import pytest

from nova_lite import exception
from nova_lite.network import api as network_api
from nova_lite.network import model
from nova_lite.network import neutron
from tests import fake_neutron

PROJECT = 'project-a'


@pytest.fixture
def fake():
    return fake_neutron.FakeNeutron()


@pytest.fixture
def api(fake, monkeypatch):
    client = neutron.NeutronClient(adapter=fake_neutron.InProcessAdapter(
        fake, token='alice:' + PROJECT))
    api = network_api.API(client=client)
    caches = {}
    monkeypatch.setattr(api, '_save_cache',
                        lambda ctx, inst, info: caches.__setitem__(
                            inst.uuid, info))
    monkeypatch.setattr(api, 'cached_network_info',
                        lambda ctx, inst: caches.get(inst.uuid, []))
    api.caches = caches
    return api


def instance(uuid='11111111-2222-3333-4444-555555555555'):
    return types.SimpleNamespace(uuid=uuid, project_id=PROJECT,
                                 availability_zone=None)


def test_one_network_is_used_when_none_is_requested(api, fake):
    net = fake.add_network('private', PROJECT)
    info = api.allocate_for_instance(None, instance(), None, host='cmp1')
    assert len(info) == 1
    vif = info[0]
    port = fake.data['port'][vif['id']]
    assert port['device_id'] == instance().uuid
    assert port['device_owner'] == 'compute:nova'
    assert port['binding:host_id'] == 'cmp1'
    assert vif['type'] == 'tap' and vif['devname'] == 'tap' + vif['id'][:11]
    assert vif['network']['id'] == net['id']
    assert vif['network']['label'] == 'private'
    assert vif['network']['bridge'] is None
    assert vif['network']['meta']['mtu'] == 1500
    assert vif['network']['subnets'][0]['cidr'] == '10.0.0.0/24'
    assert vif['network']['subnets'][0]['gateway']['address'] == '10.0.0.1'
    assert model.fixed_ips(vif)[0]['address'] == '10.0.0.2'
    assert vif['preserve_on_delete'] is False
    assert api.caches[instance().uuid] == info


def test_no_network_available_boots_without_one(api):
    assert api.allocate_for_instance(None, instance(), None) == []


def test_auto_without_a_network_is_nova_400(api):
    with pytest.raises(exception.UnableToAutoAllocateNetwork) as err:
        api.allocate_for_instance(None, instance(),
                                  [{'network_id': 'auto'}])
    assert err.value.code == 400


def test_none_allocates_nothing(api, fake):
    fake.add_network('private', PROJECT)
    assert api.allocate_for_instance(None, instance(),
                                     [{'network_id': 'none'}]) == []
    assert not fake.data['port']


def test_two_networks_unrequested_are_ambiguous(api, fake):
    fake.add_network('a', PROJECT)
    fake.add_network('b', PROJECT, cidr='10.0.1.0/24')
    with pytest.raises(exception.NetworkAmbiguous):
        api.allocate_for_instance(None, instance(), None)


def test_requested_fixed_ip_and_unknown_network(api, fake):
    net = fake.add_network('private', PROJECT)
    info = api.allocate_for_instance(
        None, instance(), [{'network_id': net['id'],
                            'address': '10.0.0.42'}])
    assert model.fixed_ips(info[0])[0]['address'] == '10.0.0.42'
    with pytest.raises(exception.FixedIpAlreadyInUse):
        api.allocate_for_instance(
            None, instance('22222222-2222-3333-4444-555555555555'),
            [{'network_id': net['id'], 'address': '10.0.0.42'}])
    with pytest.raises(exception.NetworkNotFound):
        api.allocate_for_instance(
            None, instance(), [{'network_id': 'f' * 8 + '-0000-0000-0000-'
                                + '0' * 12}])


def test_a_full_pool_fails_and_leaves_no_port(api, fake):
    net = fake.add_network('tiny', PROJECT,
                           pool=[{'start': '10.0.0.2', 'end': '10.0.0.2'}])
    api.allocate_for_instance(None, instance(), [{'network_id': net['id']}])
    with pytest.raises(exception.NoMoreFixedIps):
        api.allocate_for_instance(
            None, instance('22222222-2222-3333-4444-555555555555'),
            [{'network_id': net['id']}])
    assert len(fake.data['port']) == 1


def test_port_quota_is_port_limit_exceeded(api, fake):
    net = fake.add_network('private', PROJECT)
    fake.quotas[PROJECT] = {'port': 0}
    with pytest.raises(exception.PortLimitExceeded):
        api.allocate_for_instance(None, instance(),
                                  [{'network_id': net['id']}])


def test_user_port_is_unbound_and_created_port_deleted(api, fake):
    net = fake.add_network('private', PROJECT)
    user_port = fake.create('port', {'network_id': net['id'],
                                     'tenant_id': PROJECT})
    info = api.allocate_for_instance(
        None, instance(), [{'port_id': user_port['id']},
                           {'network_id': net['id']}])
    assert [v['id'] for v in info][0] == user_port['id']
    assert info[0]['preserve_on_delete'] is True
    created = info[1]['id']
    api.deallocate_for_instance(None, instance())
    assert created not in fake.data['port']
    kept = fake.data['port'][user_port['id']]
    assert kept['device_id'] == '' and kept['binding:host_id'] == ''
    assert api.caches[instance().uuid] == []


def test_a_port_in_use_is_refused(api, fake):
    net = fake.add_network('private', PROJECT)
    port = fake.create('port', {'network_id': net['id'],
                                'tenant_id': PROJECT, 'device_id': 'x'})
    with pytest.raises(exception.PortInUse):
        api.allocate_for_instance(None, instance(),
                                  [{'port_id': port['id']}])


def test_unknown_security_group(api, fake):
    net = fake.add_network('private', PROJECT)
    with pytest.raises(exception.SecurityGroupNotFound):
        api.allocate_for_instance(None, instance(),
                                  [{'network_id': net['id']}],
                                  security_groups=['nope'])
    assert not fake.data['port']


def test_attach_and_detach_a_port(api, fake):
    net = fake.add_network('private', PROJECT)
    api.allocate_for_instance(None, instance(), None)
    vif, info = api.allocate_port_for_instance(None, instance(),
                                               network_id=net['id'],
                                               host='cmp1')
    assert len(info) == 2 and info[1]['id'] == vif['id']
    info = api.deallocate_port_for_instance(None, instance(), vif['id'])
    assert len(info) == 1 and vif['id'] not in fake.data['port']


def test_addresses_view_shape(api, fake):
    fake.add_network('private', PROJECT)
    info = api.allocate_for_instance(None, instance(), None)
    assert model.addresses(info) == {'private': [{
        'version': 4, 'addr': '10.0.0.2', 'OS-EXT-IPS:type': 'fixed',
        'OS-EXT-IPS-MAC:mac_addr': info[0]['address']}]}


def test_no_endpoint_means_not_configured():
    from tests import conf as test_conf
    conf = test_conf.parse_once()
    assert neutron.is_configured(conf, None) is False
    ctx = types.SimpleNamespace(service_catalog=[{
        'type': 'network', 'endpoints': [{'interface': 'public',
                                          'url': 'http://n:9696'}]}])
    assert neutron.is_configured(conf, ctx) is True


def test_server_errors_are_service_unavailable(api, fake):
    fake.fail_next[('GET', 'network')] = (503, 'ServiceUnavailable', 'down')
    with pytest.raises(exception.NetworkServiceUnavailable):
        api.allocate_for_instance(None, instance(), None)
