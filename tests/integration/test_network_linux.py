"""Real Linux: bridges, taps, a qdhcp- namespace with dnsmasq, fake guests
getting their address by DHCP, and nftables security groups between them.

Driven with port-detail dicts (common.md), no network service. Needs root
and the tools of tools/install-network.sh (installed by the fixture; a
missing tool fails the tests). Everything created is removed."""
import json
import os
import shutil
import tempfile
import uuid

import pytest

from nova_lite.network.dhcp import DhcpManager
from nova_lite.network.linux import bridge as bridge_lib
from nova_lite.network.linux import firewall as firewall_lib
from nova_lite.network.linux import ip_lib
from nova_lite.network.linux import process
from nova_lite.network.linux import tap as tap_lib
from tests.integration import netns_host

CIDR = '10.213.7.0/24'


@pytest.fixture(scope='module', autouse=True)
def tools():
    netns_host.require_network_tools()


def _mac(n):
    return 'fa:16:3e:%02x:%02x:%02x' % (n >> 16 & 0xff, n >> 8 & 0xff,
                                         n & 0xff)


class Network(object):
    """One guest network as the network service would describe it."""

    def __init__(self, workdir):
        self.workdir = str(workdir)
        self.id = str(uuid.uuid4())
        self.subnet_id = str(uuid.uuid4())
        self.group_id = str(uuid.uuid4())
        self.bridge = bridge_lib.bridge_name(self.id)
        self.namespace = 'qdhcp-' + self.id
        self.dhcp = DhcpManager(os.path.join(self.workdir, 'dhcp'))
        self.firewall = firewall_lib.Firewall(
            table='nltest_%s' % uuid.uuid4().hex[:8])
        self.dhcp_port = self._port('10.213.7.2', 'network:dhcp')
        self.ports = []
        self.guests = []
        self.extra_rules = []

    def _port(self, ip, owner='compute:nova'):
        return {'id': str(uuid.uuid4()),
                'mac_address': _mac(uuid.uuid4().int & 0xffffff),
                'fixed_ips': [{'subnet_id': self.subnet_id,
                               'ip_address': ip}],
                'device_owner': owner, 'device_id': str(uuid.uuid4()),
                'security_groups': [self.group_id],
                'port_security_enabled': True}

    def add_port(self, ip):
        port = self._port(ip)
        self.ports.append(port)
        return port

    def entry(self):
        return {'network': {'id': self.id, 'name': 'nltest', 'mtu': 1400},
                'subnets': [{'id': self.subnet_id, 'cidr': CIDR,
                             'gateway_ip': '10.213.7.1', 'ip_version': 4,
                             'enable_dhcp': True, 'dns_nameservers': [],
                             'host_routes': []}],
                'dhcp_port': self.dhcp_port, 'ports': list(self.ports)}

    def rules(self):
        """Neutron's default group, plus what the test added."""
        members = [f['ip_address'] for p in self.ports
                   for f in p['fixed_ips']]
        default = [
            {'id': 'r1', 'direction': 'ingress', 'ethertype': 'IPv4',
             'remote_group_id': self.group_id, 'remote_ips': members},
            {'id': 'r2', 'direction': 'ingress', 'ethertype': 'IPv6',
             'remote_group_id': self.group_id, 'remote_ips': members},
            {'id': 'r3', 'direction': 'egress', 'ethertype': 'IPv4'},
            {'id': 'r4', 'direction': 'egress', 'ethertype': 'IPv6'},
        ]
        return default + self.extra_rules

    def details(self):
        return [{'port': p,
                 'network': {'id': self.id, 'name': 'nltest', 'mtu': 1400},
                 'subnets': [{'id': self.subnet_id, 'cidr': CIDR,
                              'gateway_ip': '10.213.7.1', 'ip_version': 4}],
                 'security_group_rules': self.rules()} for p in self.ports]

    def guest(self, port):
        g = netns_host.FakeGuest(self.workdir, port['id'],
                                 port['mac_address'], self.bridge, mtu=1400)
        self.guests.append(g)
        return g

    def cleanup(self):
        for g in self.guests:
            g.delete()
        self.dhcp.sync([])
        self.firewall.remove_all()
        bridge_lib.delete_bridge(self.bridge)


@pytest.fixture
def net():
    # dnsmasq drops privileges: its state dir must be traversable by all
    # (pytest's tmp_path is not).
    workdir = tempfile.mkdtemp(prefix='nltest-net-')
    os.chmod(workdir, 0o755)
    network = Network(workdir)
    try:
        yield network
    finally:
        network.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)
    assert not ip_lib.netns_exists(network.namespace)
    assert not ip_lib.link_exists(network.bridge)


def test_bridge_has_no_address_and_no_stp(tmp_path):
    name = 'brq' + uuid.uuid4().hex[:11]
    try:
        bridge_lib.ensure_bridge(name, mtu=1400)
        bridge_lib.ensure_bridge(name, mtu=1400)
        link = ip_lib.get_link(name)
        assert link['mtu'] == 1400 and 'UP' in link['flags']
        details = json.loads(netns_host.run(
            ['ip', '-j', '-d', 'link', 'show', 'dev', name]).stdout)[0]
        info = details['linkinfo']['info_data']
        assert info['stp_state'] == 0 and info['forward_delay'] == 0
        assert ip_lib.list_addresses(name, scope=None) == []
    finally:
        bridge_lib.delete_bridge(name)
    assert not ip_lib.link_exists(name)


def test_tap_is_persistent_and_enslavable(tmp_path):
    port_id = str(uuid.uuid4())
    name = tap_lib.tap_name(port_id)
    br = 'brq' + uuid.uuid4().hex[:11]
    try:
        tap_lib.ensure_tap(name, mtu=1400)
        tap_lib.ensure_tap(name, mtu=1400)
        details = json.loads(netns_host.run(
            ['ip', '-j', '-d', 'link', 'show', 'dev', name]).stdout)[0]
        assert details['linkinfo']['info_kind'] == 'tun'
        assert details['mtu'] == 1400
        bridge_lib.ensure_bridge(br)
        bridge_lib.plug(br, name)
        bridge_lib.plug(br, name)
        assert ip_lib.get_link(name)['master'] == br
        assert ip_lib.list_addresses(name, scope=None) == []
    finally:
        tap_lib.delete_tap(name)
        bridge_lib.delete_bridge(br)
    assert not ip_lib.link_exists(name)


def test_guest_gets_its_address_and_options(net):
    port = net.add_port('10.213.7.10')
    net.dhcp.sync([net.entry()])
    lease = net.guest(port).dhcp()
    assert lease.get('ip') == '10.213.7.10'
    assert lease.get('mask') == '24'
    assert lease.get('router') == '10.213.7.1'
    assert lease.get('mtu') == '1400'
    assert lease.get('dns', '').split() == ['10.213.7.2']
    root_end = 'tap' + net.dhcp_port['id'][:11]
    assert ip_lib.get_link(root_end)['master'] == net.bridge
    assert ip_lib.list_addresses(net.bridge, scope=None) == []


def test_unknown_mac_gets_no_address(net):
    net.add_port('10.213.7.10')
    net.dhcp.sync([net.entry()])
    stranger = net._port('10.213.7.99')
    assert net.guest(stranger).dhcp() == {}


def test_one_dnsmasq_adopted_after_restart_and_reloaded(net):
    first = net.add_port('10.213.7.10')
    net.dhcp.sync([net.entry()])
    pid = net.dhcp.dnsmasq_pid(net.id)
    assert pid
    # A new manager (service restart) adopts the running dnsmasq ...
    restarted = DhcpManager(net.dhcp.state_dir)
    restarted.sync([net.entry()])
    assert restarted.dnsmasq_pid(net.id) == pid
    # ... and a new port reaches it by SIGHUP, no restart.
    second = net.add_port('10.213.7.11')
    restarted.sync([net.entry()])
    assert restarted.dnsmasq_pid(net.id) == pid
    assert net.guest(second).dhcp().get('ip') == '10.213.7.11'
    assert net.guest(first).dhcp().get('ip') == '10.213.7.10'
    ours = [p for p, (n, _) in restarted._our_dnsmasqs().items()
            if n == net.id]
    assert ours == [pid]


def test_freed_address_goes_to_the_next_port(net):
    first = net.add_port('10.213.7.10')
    net.dhcp.sync([net.entry()])
    pid = net.dhcp.dnsmasq_pid(net.id)
    assert net.guest(first).dhcp().get('ip') == '10.213.7.10'
    # The port is deleted; a new port (another MAC) gets its address.
    net.ports.remove(first)
    second = net.add_port('10.213.7.10')
    net.dhcp.sync([net.entry()])
    assert net.dhcp.dnsmasq_pid(net.id) == pid
    assert net.guest(second).dhcp().get('ip') == '10.213.7.10'


def test_stray_dnsmasq_is_killed(net):
    net.add_port('10.213.7.10')
    net.dhcp.sync([net.entry()])
    pid = net.dhcp.dnsmasq_pid(net.id)
    # The pid file lost: the running one is a stray, replaced by one.
    os.unlink(os.path.join(net.dhcp.state_dir, net.id, 'pid'))
    net.dhcp.sync([net.entry()])
    new_pid = net.dhcp.dnsmasq_pid(net.id)
    assert new_pid and new_pid != pid
    assert process.cmdline(pid) is None
    assert list(net.dhcp._our_dnsmasqs()) == [new_pid]


def test_removed_network_is_torn_down(net):
    net.add_port('10.213.7.10')
    net.dhcp.sync([net.entry()])
    pid = net.dhcp.dnsmasq_pid(net.id)
    DhcpManager(net.dhcp.state_dir).sync([])
    assert process.cmdline(pid) is None
    assert not ip_lib.netns_exists(net.namespace)
    assert not os.path.exists(os.path.join(net.dhcp.state_dir, net.id))


def _tracked(ip):
    """Conntrack entries of ICMP to `ip` (root namespace: the bridge's)."""
    out = netns_host.run(['conntrack', '-L', '-p', 'icmp', '--orig-dst', ip],
                         check=False).stdout
    return [line for line in out.splitlines() if line.startswith('icmp')]


def test_security_groups_filter_pings(net):
    p1 = net.add_port('10.213.7.10')
    p2 = net.add_port('10.213.7.11')
    net.dhcp.sync([net.entry()])
    g1, g2 = net.guest(p1), net.guest(p2)
    net.firewall.sync(net.details())
    # DHCP is allowed through the firewall.
    assert g1.dhcp().get('ip') == '10.213.7.10'
    assert g2.dhcp().get('ip') == '10.213.7.11'
    # Default group: members reach each other, the qdhcp- namespace not.
    assert g1.ping('10.213.7.11')
    assert g2.ping('10.213.7.10')
    assert not netns_host.ping(net.namespace, '10.213.7.10')
    # Stateful: the guest's own traffic out gets its answers.
    assert g1.ping('10.213.7.2')
    # An icmp ingress rule opens ping from anywhere.
    net.extra_rules.append({'id': 'r5', 'direction': 'ingress',
                            'ethertype': 'IPv4', 'protocol': 'icmp',
                            'remote_ip_prefix': '0.0.0.0/0'})
    net.firewall.sync(net.details())
    assert netns_host.ping(net.namespace, '10.213.7.10')
    assert netns_host.ping(net.namespace, '10.213.7.11')
    # Rules removed again: the tracked pings are gone, no answer.
    assert _tracked('10.213.7.10')
    net.extra_rules[:] = []
    net.firewall.sync(net.details())
    assert not _tracked('10.213.7.10')
    assert not netns_host.ping(net.namespace, '10.213.7.10')


def test_anti_spoofing(net):
    p1 = net.add_port('10.213.7.10')
    net.extra_rules.append({'id': 'r5', 'direction': 'ingress',
                            'ethertype': 'IPv4', 'protocol': 'icmp'})
    net.dhcp.sync([net.entry()])
    g1 = net.guest(p1)
    net.firewall.sync(net.details())
    g1.set_address('10.213.7.10/24')
    assert netns_host.ping(net.namespace, '10.213.7.10')
    # Another IP: neither its ARP nor its IP traffic get through.
    g1.set_address('10.213.7.50/24')
    assert not g1.ping('10.213.7.2')
    assert not netns_host.ping(net.namespace, '10.213.7.50')
    # Another MAC with its own IP: dropped too.
    g1.set_address('10.213.7.10/24')
    g1.exec(['ip', 'link', 'set', 'dev', 'eth0', 'address',
             'fa:16:3e:ee:ee:ee'])
    assert not g1.ping('10.213.7.2')


def test_port_security_disabled_is_not_filtered(net):
    p1 = net.add_port('10.213.7.10')
    p1['port_security_enabled'] = False
    net.dhcp.sync([net.entry()])
    g1 = net.guest(p1)
    net.firewall.sync(net.details())
    g1.set_address('10.213.7.10/24')
    assert netns_host.ping(net.namespace, '10.213.7.10')


@pytest.fixture
def other_net():
    workdir = tempfile.mkdtemp(prefix='nltest-net-')
    os.chmod(workdir, 0o755)
    network = Network(workdir)
    try:
        yield network
    finally:
        network.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)


def test_overlapping_networks_stay_apart(net, other_net):
    """Two networks with the same CIDR and the same addresses on one host:
    each guest gets its address from its own dnsmasq, each namespace
    reaches its own guest only."""
    icmp = {'id': 'r5', 'direction': 'ingress', 'ethertype': 'IPv4',
            'protocol': 'icmp'}
    guests = []
    for network in (net, other_net):
        network.extra_rules.append(icmp)
        port = network.add_port('10.213.7.10')
        network.dhcp.sync([network.entry()])
        guests.append(network.guest(port))
    net.firewall.sync(net.details() + other_net.details())
    for guest in guests:
        assert guest.dhcp().get('ip') == '10.213.7.10'
    for network, guest in zip((net, other_net), guests):
        assert netns_host.ping(network.namespace, '10.213.7.10')
        assert guest.ping('10.213.7.2')
    zones = {firewall_lib.conntrack_zone(n.id) for n in (net, other_net)}
    assert len(zones) == 2


def test_two_agents_on_one_host_leave_each_other_alone(net, other_net):
    """Each network here has its own agent's tables (as two deployments on
    one test host): both number their first port 1, and one agent's
    default group must not drop the other's opened pings."""
    icmp = {'id': 'r5', 'direction': 'ingress', 'ethertype': 'IPv4',
            'protocol': 'icmp'}
    other_net.extra_rules.append(icmp)
    guests = []
    for network in (net, other_net):
        port = network.add_port('10.213.7.10')
        network.dhcp.sync([network.entry()])
        guests.append(network.guest(port))
        network.firewall.sync(network.details())
    for guest in guests:
        assert guest.dhcp().get('ip') == '10.213.7.10'
    assert netns_host.ping(other_net.namespace, '10.213.7.10')
    assert not netns_host.ping(net.namespace, '10.213.7.10')
