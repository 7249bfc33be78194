import pytest

from nova_lite.network.linux import firewall
from nova_lite.network.linux import nft_rules

PORT_A = 'aaaaaaaa-1111-2222-3333-444444444444'
PORT_B = 'bbbbbbbb-1111-2222-3333-444444444444'


def detail(port_id, ip, mac, rules=(), **port):
    p = {'id': port_id, 'mac_address': mac,
         'fixed_ips': [{'subnet_id': 's', 'ip_address': ip}],
         'device_owner': 'compute:nova'}
    p.update(port)
    return {'port': p, 'security_group_rules': list(rules)}


@pytest.mark.parametrize('rule,expected', [
    ({'direction': 'ingress', 'ethertype': 'IPv4'}, 'meta nfproto ipv4'),
    ({'direction': 'ingress', 'ethertype': 'IPv4', 'protocol': 'icmp'},
     'meta nfproto ipv4 meta l4proto 1'),
    ({'direction': 'ingress', 'ethertype': 'IPv4', 'protocol': 'icmp',
      'port_range_min': 8, 'port_range_max': 0},
     'meta nfproto ipv4 meta l4proto 1 icmp type 8 icmp code 0'),
    ({'direction': 'ingress', 'ethertype': 'IPv6', 'protocol': 'icmp'},
     'meta nfproto ipv6 meta l4proto 58'),
    ({'direction': 'ingress', 'ethertype': 'IPv4', 'protocol': 'tcp',
      'port_range_min': 22, 'port_range_max': 22,
      'remote_ip_prefix': '10.0.0.0/24'},
     'meta nfproto ipv4 ip saddr 10.0.0.0/24 meta l4proto 6 th dport 22'),
    ({'direction': 'egress', 'ethertype': 'IPv4', 'protocol': 'udp',
      'port_range_min': 1000, 'port_range_max': 2000,
      'remote_ip_prefix': '192.168.1.7/32'},
     'meta nfproto ipv4 ip daddr 192.168.1.7 meta l4proto 17 '
     'th dport 1000-2000'),
    ({'direction': 'ingress', 'ethertype': 'IPv4', 'protocol': '132'},
     'meta nfproto ipv4 meta l4proto 132'),
    ({'direction': 'ingress', 'ethertype': 'IPv4',
      'remote_ip_prefix': '0.0.0.0/0'}, 'meta nfproto ipv4'),
    ({'direction': 'ingress', 'ethertype': 'IPv4', 'remote_group_id': 'g',
      'remote_ips': ['10.0.0.5', '10.0.0.6', 'fd00::5']},
     'meta nfproto ipv4 ip saddr { 10.0.0.5, 10.0.0.6 }'),
])
def test_rule_match(rule, expected):
    assert nft_rules.rule_match(rule) == expected


@pytest.mark.parametrize('rule', [
    {'direction': 'ingress', 'ethertype': 'IPv4', 'remote_group_id': 'g',
     'remote_ips': []},
    {'direction': 'ingress', 'ethertype': 'IPv6',
     'remote_ip_prefix': '10.0.0.0/8'},
    {'direction': 'ingress', 'ethertype': 'IPv4', 'protocol': 'bogus'},
])
def test_unusable_rules(rule):
    with pytest.raises(nft_rules.UnusableRule):
        nft_rules.rule_match(rule)


def chain(script, name):
    return script.split('chain %s {' % name)[1].split('\n  }\n')[0]


def test_no_ports_gives_empty_tables():
    script = firewall.build_ruleset([])
    assert script.startswith('table bridge nova_lite\n'
                             'delete table bridge nova_lite\n'
                             'table inet nova_lite\n'
                             'delete table inet nova_lite\n')
    assert 'jump' not in script


def test_ports_are_marked_and_filtered():
    rules = [{'direction': 'ingress', 'ethertype': 'IPv4',
              'protocol': 'icmp'},
             {'direction': 'egress', 'ethertype': 'IPv4'}]
    script = firewall.build_ruleset([
        detail(PORT_B, '10.0.0.6', 'FA:16:3E:00:00:02'),
        detail(PORT_A, '10.0.0.5', 'fa:16:3e:00:00:01', rules)])
    # Sorted by port id: A is index 1.
    assert ('iifname vmap { "tapaaaaaaaa-11" : jump from_p1, '
            '"tapbbbbbbbb-11" : jump from_p2 }') in script
    assert 'ether saddr != fa:16:3e:00:00:02 drop' in script
    assert 'arp saddr ip != { 0.0.0.0, 10.0.0.5 } drop' in script
    assert 'ether type ip ip saddr 10.0.0.5 return' in script
    assert 'meta mark set meta mark or 0x20000' in script
    assert 'ct state established,related accept' in script
    assert '0x10000 : jump ingress_p1' in script
    ingress_a = chain(script, 'ingress_p1')
    assert 'meta nfproto ipv4 meta l4proto 1 accept' in ingress_a
    assert ingress_a.strip().endswith('drop')
    egress_a = chain(script, 'egress_p1')
    assert 'meta nfproto ipv4 return' in egress_a
    assert 'udp sport 68 udp dport 67 return' in egress_a
    egress_b = chain(script, 'egress_p2')
    assert 'meta nfproto ipv4 return' not in egress_b


def test_unfiltered_ports_are_left_out():
    script = firewall.build_ruleset([
        detail(PORT_A, '10.0.0.5', 'fa:16:3e:00:00:01',
               port_security_enabled=False),
        detail(PORT_B, '10.0.0.2', 'fa:16:3e:00:00:02',
               device_owner='network:dhcp')])
    assert 'tap' not in script


def test_allowed_address_pairs_extend_antispoofing():
    script = firewall.build_ruleset([detail(
        PORT_A, '10.0.0.5', 'fa:16:3e:00:00:01',
        allowed_address_pairs=[{'ip_address': '10.0.0.100/32',
                                'mac_address': 'fa:16:3e:00:00:99'}])])
    assert 'ether saddr != { fa:16:3e:00:00:01, fa:16:3e:00:00:99 }' in script
    assert 'ip saddr { 10.0.0.5, 10.0.0.100 } return' in script


def test_sync_is_one_nft_transaction(host):
    fw = firewall.Firewall()
    fw.sync([detail(PORT_A, '10.0.0.5', 'fa:16:3e:00:00:01')])
    assert len(host.commands) == 1
    cmd, script = host.commands[0]
    assert cmd == ['nft', '-f', '-']
    assert 'table inet nova_lite {' in script


def test_changed_rules_end_the_ports_flows(host):
    fw = firewall.Firewall()
    icmp = {'direction': 'ingress', 'ethertype': 'IPv4', 'protocol': 'icmp'}
    a = detail(PORT_A, '10.0.0.5', 'fa:16:3e:00:00:01', [icmp])
    b = detail(PORT_B, '10.0.0.6', 'fa:16:3e:00:00:02', [icmp])
    fw.sync([a, b])             # first sync after start: no flow ended
    fw.sync([a, b])             # nothing changed
    assert not [c for c, _ in host.commands if c[0] == 'conntrack']
    a_closed = detail(PORT_A, '10.0.0.5', 'fa:16:3e:00:00:01', [])
    fw.sync([a_closed])         # A's rules changed, B gone
    ended = [' '.join(c) for c, _ in host.commands if c[0] == 'conntrack']
    assert ended == ['conntrack -D --orig-src 10.0.0.5',
                     'conntrack -D --orig-dst 10.0.0.5',
                     'conntrack -D --orig-src 10.0.0.6',
                     'conntrack -D --orig-dst 10.0.0.6']


def test_bridged_traffic_is_tracked_in_its_networks_zone():
    d = detail(PORT_A, '10.0.0.5', 'fa:16:3e:00:00:01')
    d['network'] = {'id': '0123456789abcdef', 'mtu': 1450}
    script = firewall.build_ruleset([d])
    zone = firewall.conntrack_zone('0123456789abcdef')
    assert 1 <= zone <= 0xffff
    assert 'hook prerouting priority raw' in script
    assert 'ct zone set iifname map { "brq0123456789a" : %d }' % zone in script
