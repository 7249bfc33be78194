import pytest

from nova_lite.network.agent import manager as agent_manager
from nova_lite.network.agent import wiring

HOST = 'host-1'
NET = 'net00000000-aaaa'


def detail(port_id, host=HOST, **port):
    p = {'id': port_id, 'network_id': NET, 'mac_address': 'fa:16:3e:00:00:01',
         'fixed_ips': [{'subnet_id': 's', 'ip_address': '10.0.0.5'}],
         'binding:host_id': host, 'device_owner': 'compute:nova',
         'admin_state_up': True}
    p.update(port)
    return {'port': p, 'network': {'id': NET, 'name': 'n', 'mtu': 1450},
            'subnets': [], 'security_group_rules': []}


class FakeNetworkAPI(object):
    def __init__(self):
        self.details = []
        self.calls = []
        self.fail_down = False

    def get_ports_for_host(self, context, host):
        self.calls.append(('get_ports_for_host', host))
        return list(self.details)

    def update_device_up(self, context, port_id, host):
        self.calls.append(('up', port_id, host))

    def update_device_down(self, context, port_id, host):
        self.calls.append(('down', port_id, host))
        if self.fail_down:
            raise RuntimeError('port gone')


class FakeFirewall(object):
    def __init__(self):
        self.synced = []

    def sync(self, details):
        self.synced.append([d['port']['id'] for d in details])


@pytest.fixture
def agent(host):
    api = FakeNetworkAPI()
    fw = FakeFirewall()
    taps = set()
    mgr = agent_manager.NetworkAgentManager(
        HOST, network_api=api, firewall=fw, polling_interval=1,
        list_taps=lambda: set(taps))
    mgr.api, mgr.fw, mgr.taps = api, fw, taps
    return mgr


def reports(api):
    return [c for c in api.calls if c[0] in ('up', 'down')]


def test_port_with_tap_is_wired_and_reported_once(agent, host):
    agent.api.details = [detail('port-aaaaaaaaaa1'), detail('port-bbbbbbbbbb2')]
    agent.taps.add('tapport-aaaaaa')
    assert agent.sync(None) == {'port-aaaaaaaaaa1'}
    assert 'ip link add name brqnet00000000 type bridge stp_state 0 ' \
        'forward_delay 0' in host.ran()
    assert 'ip link set dev tapport-aaaaaa master brqnet00000000' in \
        host.ran()
    assert 'ip link set dev tapport-aaaaaa up' in host.ran()
    agent.sync(None)
    assert reports(agent.api) == [('up', 'port-aaaaaaaaaa1', HOST)]
    assert agent.fw.synced == [['port-aaaaaaaaaa1'], ['port-aaaaaaaaaa1']]


def test_tap_gone_reports_down_and_drops_rules(agent):
    agent.api.details = [detail('port-aaaaaaaaaa1')]
    agent.taps.add('tapport-aaaaaa')
    agent.sync(None)
    agent.taps.clear()
    agent.sync(None)
    agent.sync(None)
    assert reports(agent.api) == [('up', 'port-aaaaaaaaaa1', HOST),
                                  ('down', 'port-aaaaaaaaaa1', HOST)]
    assert agent.fw.synced[-1] == []


def test_deleted_port_reported_down_once_even_if_it_fails(agent):
    agent.api.details = [detail('port-aaaaaaaaaa1')]
    agent.taps.add('tapport-aaaaaa')
    agent.sync(None)
    agent.api.details = []
    agent.api.fail_down = True
    agent.sync(None)
    agent.sync(None)
    assert [c[0] for c in reports(agent.api)] == ['up', 'down']


def test_ports_of_other_hosts_and_admin_down_are_not_reported(agent, host):
    agent.api.details = [detail('port-aaaaaaaaaa1', host='other'),
                         detail('port-bbbbbbbbbb2', admin_state_up=False)]
    agent.taps.update({'tapport-aaaaaa', 'tapport-bbbbbb'})
    assert agent.sync(None) == set()
    assert 'ip link set dev tapport-bbbbbb down' in host.ran()
    assert reports(agent.api) == []


def test_restart_reports_up_again_idempotently(agent, host):
    host.links[(None, 'brqnet00000000')] = {'mtu': 1450, 'flags': ['UP']}
    host.links[(None, 'tapport-aaaaaa')] = {'master': 'brqnet00000000'}
    agent.api.details = [detail('port-aaaaaaaaaa1')]
    agent.taps.add('tapport-aaaaaa')
    agent.sync(None)
    assert not [c for c in host.ran() if 'master' in c or 'link add' in c]
    assert reports(agent.api) == [('up', 'port-aaaaaaaaaa1', HOST)]


def test_casts_wake_the_loop(agent):
    agent.port_update(None, 'p', HOST)
    assert agent._wake.is_set()
    agent._wake.clear()
    agent.security_groups_updated(None, ['g'])
    assert agent._wake.is_set()
    agent._wake.clear()
    agent.port_delete(None, 'p')
    assert agent._wake.is_set()


def test_local_taps_lists_only_taps(host):
    host.links[(None, 'tapabc')] = {}
    host.links[(None, 'brqabc')] = {}
    host.links[(None, 'eth0')] = {}
    assert wiring.local_taps() == {'tapabc'}


def test_physical_interface_enslaved_to_the_first_bridge(host):
    host.links[(None, 'eth9')] = {}
    wire = wiring.HostWiring(HOST, FakeFirewall(), physical_interface='eth9')
    wire.apply([detail('port-aaaaaaaaaa1')], {'tapport-aaaaaa'})
    wire.apply([detail('port-aaaaaaaaaa1')], {'tapport-aaaaaa'})
    assert host.ran().count('ip link set dev eth9 master brqnet00000000') == 1


def test_bridge_ensured_once_per_sync(agent, host):
    agent.api.details = [detail('port-aaaaaaaaaa1'), detail('port-bbbbbbbbbb2')]
    agent.taps.update({'tapport-aaaaaa', 'tapport-bbbbbb'})
    agent.sync(None)
    assert len([c for c in host.ran() if 'type bridge' in c]) == 1


def test_no_answer_from_the_network_service_is_a_warning(agent, caplog):
    """A resync call timing out (the network service starting, or its
    queue unread) is retried, and said as a warning, not an error."""
    import oslo_messaging

    def no_answer(context, host):
        agent._stop.set()
        raise oslo_messaging.MessagingTimeout('no reply')

    agent.api.get_ports_for_host = no_answer
    agent._loop()
    said = [(r.levelname, r.getMessage()) for r in caplog.records
            if 'resync' in r.getMessage()]
    assert [level for level, _ in said] == ['WARNING'], said
    assert 'retrying in 1s' in said[0][1]


def test_a_tap_gone_before_wiring_is_not_an_error(agent, host, caplog):
    """The guest went between listing the taps and wiring its port (a
    delete or an unplug): nothing wired, nothing reported up, no error."""
    agent.api.details = [detail('port-aaaaaaaaaa1')]
    agent.taps.add('tapport-aaaaaa')   # listed, but no longer a link
    host.fail[('ip', 'link', 'set', 'dev', 'tapport-aaaaaa')] = (
        1, 'Cannot find device "tapport-aaaaaa"')
    agent.sync(None)
    assert reports(agent.api) == []
    assert not [r for r in caplog.records if r.levelname == 'ERROR']


def test_a_wiring_failure_of_a_present_tap_is_an_error(agent, host,
                                                       caplog):
    host.links[(None, 'tapport-aaaaaa')] = {}
    agent.api.details = [detail('port-aaaaaaaaaa1')]
    agent.taps.add('tapport-aaaaaa')
    host.fail[('ip', 'link', 'set', 'dev', 'tapport-aaaaaa')] = (
        2, 'RTNETLINK answers: Operation not permitted')
    agent.sync(None)
    assert reports(agent.api) == []
    assert [r.levelname for r in caplog.records
            if 'Wiring port' in r.getMessage()] == ['ERROR']
