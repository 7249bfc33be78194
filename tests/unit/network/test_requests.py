"""The create-time check of a network request (Nova's validate_networks)
against the in-memory Neutron."""
import types

import pytest

from nova_lite import exception
from nova_lite.network import api as network_api
from nova_lite.network import neutron
from nova_lite.network import requests
from tests import fake_neutron

CTX = types.SimpleNamespace(project_id='project-a')


@pytest.fixture
def fake():
    return fake_neutron.FakeNeutron()


@pytest.fixture
def validator(fake):
    client = neutron.NeutronClient(adapter=fake_neutron.InProcessAdapter(
        fake, token='alice:project-a'))
    return requests.Validator(network_api.API(client=client))


def test_api_forms():
    assert requests.from_api(None) is None
    assert requests.from_api('auto') == [{'network_id': 'auto'}]
    assert requests.from_api([{'uuid': 'n', 'fixed_ip': '10.0.0.3',
                               'tag': 't'}]) == [
        {'network_id': 'n', 'port_id': None, 'address': '10.0.0.3',
         'tag': 't'}]


def test_auto_without_any_network(validator):
    with pytest.raises(exception.UnableToAutoAllocateNetwork) as err:
        validator.validate(CTX, [{'network_id': 'auto'}], 1)
    assert err.value.format_message() == (
        'Unable to automatically allocate a network for project project-a')


def test_none_and_nothing_available_are_fine(validator):
    assert validator.validate(CTX, [{'network_id': 'none'}], 3) == 3
    assert validator.validate(CTX, None, 3) == 3


def test_port_quota_limits_the_count(validator, fake):
    net = fake.add_network('n', 'project-a')
    fake.quotas['project-a'] = {'port': 2}
    assert validator.validate(CTX, [{'network_id': net['id']}], 5) == 2
    fake.quotas['project-a'] = {'port': 0}
    with pytest.raises(exception.PortLimitExceeded):
        validator.validate(CTX, [{'network_id': net['id']}], 1)


def test_a_fixed_ip_with_several_instances(validator, fake):
    net = fake.add_network('n', 'project-a')
    with pytest.raises(exception.InvalidFixedIpAndMaxCountRequest):
        validator.validate(CTX, [{'network_id': net['id'],
                                  'address': '10.0.0.9'}], 2)


def test_a_port_without_fixed_ips(validator, fake):
    net = fake.add_network('n', 'project-a', cidr=None)
    port = fake.create('port', {'network_id': net['id'],
                                'tenant_id': 'project-a'})
    with pytest.raises(exception.PortRequiresFixedIP):
        validator.validate(CTX, [{'port_id': port['id']}], 1)
