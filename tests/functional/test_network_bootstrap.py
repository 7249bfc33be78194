"""The networks an operator or nova-lite-all makes: `nova-lite-manage
network create` and the shared default network of the bootstrap."""
import argparse

from tests import conf as test_conf


def test_bootstrap_made_the_shared_private_network(network_api):
    nets = network_api.get('/v2.0/networks?name=private',
                           token='gina:net-project-g').json()['networks']
    assert len(nets) == 1 and nets[0]['shared'] is True
    subnets = network_api.get('/v2.0/subnets?network_id=%s' % nets[0]['id'],
                              token='gina:net-project-g').json()['subnets']
    assert [s['cidr'] for s in subnets] == ['10.0.0.0/24']


def test_bootstrap_is_idempotent(deployment):
    from nova_lite import context as nl_context
    from nova_lite.network.service import bootstrap
    ctx = nl_context.get_admin_context()
    conf = test_conf.parse_once()
    first = bootstrap.ensure_default_network(ctx, conf)
    assert bootstrap.ensure_default_network(ctx, conf).id == first.id


def test_manage_network_create(network_api, capsys):
    from nova_lite.cmd import manage
    conf = test_conf.parse_once()
    args = argparse.Namespace(name='ops-net', cidr='10.80.0.0/24',
                              gateway='10.80.0.254', shared=True,
                              project=None)
    assert manage._network_create(conf, args) is None
    assert 'Created network ops-net' in capsys.readouterr().out
    net = network_api.get('/v2.0/networks?name=ops-net').json()[
        'networks'][0]
    subnet = network_api.get('/v2.0/subnets/%s' % net['subnets'][0]).json()[
        'subnet']
    assert subnet['gateway_ip'] == '10.80.0.254'
    assert subnet['allocation_pools'] == [{'start': '10.80.0.1',
                                           'end': '10.80.0.253'}]
    bad = argparse.Namespace(name='bad-net', cidr='10.81.0.0/33',
                             gateway=None, shared=False, project=None)
    assert manage._network_create(conf, bad) == 1
    assert 'not a valid IP subnet' in capsys.readouterr().err
    assert network_api.get('/v2.0/networks?name=bad-net').json()[
        'networks'] == []
