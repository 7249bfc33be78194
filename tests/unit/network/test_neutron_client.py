"""The Neutron client: query parameters as Neutron reads them, Neutron's
errors as Nova's exceptions, 5xx and connection failures as the network
service being unavailable."""
import types

import pytest

from nova_lite import exception
from nova_lite.network import neutron


def test_list_values_repeat_the_parameter():
    assert neutron._params({'id': ['a', 'b'], 'shared': False,
                            'fields': ['id', 'name'], 'x': None}) == [
        ('id', 'a'), ('id', 'b'), ('shared', 'False'), ('fields', 'id'),
        ('fields', 'name')]


@pytest.mark.parametrize('type_,status,ids,expected', [
    ('PortNotFound', 404, {'port_id': 'p'}, exception.PortNotFound),
    ('NetworkNotFound', 404, {'network_id': 'n'}, exception.NetworkNotFound),
    ('PortInUse', 409, {'port_id': 'p'}, exception.PortInUse),
    ('IpAddressInUse', 409, {'address': '10.0.0.5', 'instance_uuid': None},
     exception.FixedIpAlreadyInUse),
    ('IpAddressGenerationFailure', 409, {'net': 'n'},
     exception.NoMoreFixedIps),
    ('OverQuota', 409, {}, exception.PortLimitExceeded),
    ('HTTPBadRequest', 400, {}, exception.Invalid),
    ('Whatever', 404, {}, exception.NotFound),
])
def test_errors_are_novas(type_, status, ids, expected):
    message = "Quota exceeded for resources: ['port']." \
        if type_ == 'OverQuota' else 'some message'
    failure = neutron.NeutronFailure(status, type_, message)
    assert isinstance(neutron.translate(failure, **ids), expected)


def test_nova_messages():
    assert neutron.translate(neutron.NeutronFailure(
        404, 'PortNotFound', 'x'), port_id='p1').format_message() == \
        'Port id p1 could not be found.'
    assert neutron.translate(neutron.NeutronFailure(
        409, 'IpAddressGenerationFailure', 'x'), net='n1'
    ).format_message() == 'No fixed IP addresses available for network: n1'


class _Resp(object):
    def __init__(self, status, body):
        self.status_code = status
        self.body = body
        self.text = str(body)
        self.content = b'x'

    def json(self):
        return self.body


class _Adapter(object):
    def __init__(self, resp):
        self.resp = resp
        self.calls = []

    def get_endpoint(self):
        return 'http://neutron:9696/'

    def request(self, url, method, **kwargs):
        self.calls.append((url, method, kwargs))
        if isinstance(self.resp, Exception):
            raise self.resp
        return self.resp


def test_a_5xx_is_service_unavailable():
    client = neutron.NeutronClient(adapter=_Adapter(_Resp(503, {})))
    with pytest.raises(exception.NetworkServiceUnavailable):
        client.list_networks(None)


def test_a_connection_failure_is_service_unavailable():
    from keystoneauth1 import exceptions as ks_exc
    client = neutron.NeutronClient(adapter=_Adapter(
        ks_exc.ConnectFailure('refused')))
    with pytest.raises(exception.NetworkServiceUnavailable):
        client.show_port(None, 'p')


def test_requests_go_to_v2_0():
    adapter = _Adapter(_Resp(200, {'ports': []}))
    neutron.NeutronClient(adapter=adapter).list_ports(
        None, device_id='d', fixed_ips='ip_address=10.0.0.5')
    url, method, kwargs = adapter.calls[0]
    assert (url, method) == ('http://neutron:9696/v2.0/ports', 'GET')
    assert kwargs['params'] == [('device_id', 'd'),
                                ('fixed_ips', 'ip_address=10.0.0.5')]


def test_configured_by_endpoint_override():
    from tests import conf as test_conf
    conf = test_conf.parse_once()
    conf.set_override('endpoint_override', 'http://n:9696',
                      group='neutron')
    try:
        assert neutron.is_configured(conf, types.SimpleNamespace())
    finally:
        conf.clear_override('endpoint_override', group='neutron')


@pytest.mark.parametrize('auth_type, token, admin, service', [
    # Nova's neutron client: the user's token, except for the binding
    # fields (admin) and calls without a user, which take [neutron]'s
    # service credentials when there are some.
    ('password', 'user-token', False, False),
    ('password', 'user-token', True, True),
    ('password', None, False, True),
    (None, 'user-token', True, False),
    (None, 'user-token', False, False),
])
def test_whose_credentials_a_call_carries(monkeypatch, auth_type, token,
                                          admin, service):
    from nova_lite import service_adapter
    from tests import conf as test_conf
    conf = test_conf.parse_once()
    seen = []

    def load_adapter(conf, group, context, no_endpoint, cache=None,
                     service=None, **kwargs):
        seen.append(service)
        return _Adapter(_Resp(200, {'port': {'id': 'p'}}))

    monkeypatch.setattr(service_adapter, 'load_adapter', load_adapter)
    conf.set_override('auth_type', auth_type, group='neutron')
    try:
        neutron.NeutronClient(conf).update_port(
            types.SimpleNamespace(auth_token=token), 'p',
            {'binding:host_id': 'h'}, admin=admin)
    finally:
        conf.clear_override('auth_type', group='neutron')
    assert seen == [service]
