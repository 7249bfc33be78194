"""The network agent on real Linux: persistent taps (as the libvirt driver
makes them) enslaved to their network's bridge, the firewall applied, and
a restarted agent leaving both as they were. The network service is a
stand-in answering port details (common.md)."""
import uuid

import pytest

from nova_lite.network.agent import manager as agent_manager
from nova_lite.network.linux import bridge as bridge_lib
from nova_lite.network.linux import executor
from nova_lite.network.linux import firewall as firewall_lib
from nova_lite.network.linux import ip_lib
from nova_lite.network.linux import tap as tap_lib
from tests.integration import netns_host

HOST = 'nltest-agent-host'


@pytest.fixture(scope='module', autouse=True)
def tools():
    netns_host.require_network_tools()


class NetworkService(object):
    def __init__(self):
        self.details = []
        self.reports = []

    def get_ports_for_host(self, context, host):
        return [d for d in self.details
                if d['port']['binding:host_id'] == host]

    def update_device_up(self, context, port_id, host):
        self.reports.append(('up', port_id))

    def update_device_down(self, context, port_id, host):
        self.reports.append(('down', port_id))


def _detail(network_id, ip):
    port_id = str(uuid.uuid4())
    return {'port': {'id': port_id, 'network_id': network_id,
                     'mac_address': 'fa:16:3e:%s' % ':'.join(
                         uuid.uuid4().hex[i:i + 2] for i in (0, 2, 4)),
                     'fixed_ips': [{'subnet_id': 's', 'ip_address': ip}],
                     'binding:host_id': HOST, 'device_owner': 'compute:nova',
                     'admin_state_up': True, 'port_security_enabled': True},
            'network': {'id': network_id, 'name': 'n', 'mtu': 1400},
            'subnets': [{'id': 's', 'cidr': '10.213.9.0/24',
                         'gateway_ip': None, 'ip_version': 4}],
            'security_group_rules': [
                {'direction': 'ingress', 'ethertype': 'IPv4',
                 'protocol': 'tcp', 'port_range_min': 22,
                 'port_range_max': 22}]}


@pytest.fixture
def setup():
    network_id = str(uuid.uuid4())
    service = NetworkService()
    table = 'nltest_%s' % uuid.uuid4().hex[:8]
    details = [_detail(network_id, '10.213.9.%d' % i) for i in (10, 11)]
    service.details = details
    taps = [tap_lib.tap_name(d['port']['id']) for d in details]
    try:
        yield service, table, details, taps, bridge_lib.bridge_name(
            network_id)
    finally:
        for tap in taps:
            tap_lib.delete_tap(tap)
        firewall_lib.Firewall(table).remove_all()
        bridge_lib.delete_bridge(bridge_lib.bridge_name(network_id))


def _agent(service, table):
    return agent_manager.NetworkAgentManager(
        HOST, network_api=service, firewall=firewall_lib.Firewall(table),
        polling_interval=1)


def _ruleset(table):
    return executor.execute(['nft', 'list', 'table', 'inet', table])


def _our_taps(taps):
    return set(taps) & agent_manager.wiring.local_taps()


def test_agent_wires_taps_and_survives_restart(setup):
    service, table, details, taps, bridge = setup
    agent = _agent(service, table)
    # No tap yet (the guest is not defined): nothing wired or reported.
    assert agent.sync(None) == set()
    assert service.reports == []
    tap_lib.ensure_tap(taps[0], mtu=1400)
    assert agent.sync(None) == {details[0]['port']['id']}
    assert ip_lib.get_link(taps[0])['master'] == bridge
    assert 'UP' in ip_lib.get_link(taps[0])['flags']
    assert ip_lib.list_addresses(bridge, scope=None) == []
    rules = _ruleset(table)
    assert 'tcp dport 22 accept' in rules
    assert service.reports == [('up', details[0]['port']['id'])]

    # A second port's tap appears.
    tap_lib.ensure_tap(taps[1], mtu=1400)
    agent.sync(None)
    assert ip_lib.get_link(taps[1])['master'] == bridge

    # Restart: a new agent changes nothing on the host, reports again.
    before = _ruleset(table)
    restarted = _agent(service, table)
    assert restarted.sync(None) == {d['port']['id'] for d in details}
    assert _ruleset(table) == before
    assert all(ip_lib.get_link(t)['master'] == bridge for t in taps)

    # The guest goes: its tap is deleted, its rules removed, port down.
    tap_lib.delete_tap(taps[0])
    restarted.sync(None)
    assert ('down', details[0]['port']['id']) in service.reports
    assert 'egress_p2' not in _ruleset(table)
    assert _our_taps(taps) == {taps[1]}
