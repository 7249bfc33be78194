"""Security groups on nftables: one `bridge nova_lite` and one
`inet nova_lite` table, both replaced in a single transaction per sync.

Bridged frames pass the bridge family's forward hook first (priority -200):
there, per filtered port, frames from its tap are checked against its MAC
and IPs (anti-spoofing, stateless: the bridge family has no conntrack on
this kernel) and `meta mark` records which ports a frame comes from (low
16 bits: index of the ingress port) and goes to (high 16 bits: index of
the egress port). With br_netfilter, bridged IP then traverses the inet
forward hook with conntrack: established/related traffic is accepted, new
traffic from a port goes through its egress chain (DHCP client traffic,
then its security-group egress rules, else drop), new traffic to a port
through its ingress chain (DHCP server replies, then its ingress rules,
else drop). ARP never reaches the inet hooks: it is allowed, after the
anti-spoofing check. Ports with port_security_enabled=false and trusted
ports (device_owner network:*) are not filtered at all.
"""
import ipaddress
import zlib

from oslo_log import log as logging

from nova_lite.network.linux import bridge as bridge_lib
from nova_lite.network.linux import executor
from nova_lite.network.linux import nft_rules
from nova_lite.network.linux import tap as tap_lib

LOG = logging.getLogger(__name__)

TABLE = 'nova_lite'
MAX_PORTS = 0xffff
LOW = 0x0000ffff
HIGH = 0xffff0000


def is_filtered(port):
    """Whether security groups apply to `port` (a Neutron port dict)."""
    if port.get('port_security_enabled') is False:
        return False
    if (port.get('device_owner') or '').startswith('network:'):
        return False
    return True


def _quote(name):
    return '"%s"' % name


class _Port(object):
    def __init__(self, index, detail):
        self.index = index
        self.port = detail['port']
        self.id = self.port['id']
        network = detail.get('network') or {}
        self.network_id = network.get('id') or self.port.get('network_id')
        self.tap = tap_lib.tap_name(self.id)
        self.rules = detail.get('security_group_rules') or []
        pairs = self.port.get('allowed_address_pairs') or []
        self.macs = list(dict.fromkeys(
            [self.port['mac_address'].lower()] +
            [p['mac_address'].lower() for p in pairs
             if p.get('mac_address')]))
        addrs = [ip['ip_address'] for ip in self.port.get('fixed_ips') or []]
        addrs += [p['ip_address'] for p in pairs if p.get('ip_address')]
        self.v4 = nft_rules.addresses_of_version(addrs, 4)
        self.v6 = nft_rules.addresses_of_version(addrs, 6)
        mac_int = int(self.port['mac_address'].replace(':', ''), 16)
        self.link_local = str(
            ipaddress.IPv6Address((0xfe80 << 112) | _eui64(mac_int)))


def _eui64(mac):
    mac ^= 0x020000000000
    return ((mac >> 24) << 40) | (0xfffe << 24) | (mac & 0xffffff)


def _bridge_table(ports, table):
    out = ['table bridge %s {' % table]
    out.append('  chain port_marks {')
    out.append('    type filter hook forward priority -200; policy accept;')
    if ports:
        taps = nft_rules.nft_set(_quote(p.tap) for p in ports)
        out.append('    iifname %s meta mark set 0' % taps)
        out.append('    oifname %s meta mark set 0' % taps)
        out.append('    iifname vmap { %s }' % ', '.join(
            '%s : jump from_p%d' % (_quote(p.tap), p.index) for p in ports))
        out.append('    oifname vmap { %s }' % ', '.join(
            '%s : jump to_p%d' % (_quote(p.tap), p.index) for p in ports))
    out.append('  }')
    for p in ports:
        out.extend(_from_port_chain(p))
        out.append('  chain to_p%d {' % p.index)
        out.append('    meta mark set meta mark or 0x%x' % (p.index << 16))
        out.append('  }')
    out.append('}')
    return out


def _from_port_chain(p):
    """Anti-spoofing of frames a port's tap sends; marks the source port."""
    macs = nft_rules.nft_set(p.macs)
    arp_ips = nft_rules.nft_set(['0.0.0.0'] + p.v4)
    out = ['  chain from_p%d {' % p.index,
           '    comment "port %s"' % p.id,
           '    meta mark set meta mark or 0x%x' % p.index,
           '    ether saddr != %s drop' % macs,
           '    ether type arp arp saddr ether != %s drop' % macs,
           '    ether type arp arp saddr ip != %s drop' % arp_ips,
           '    ether type arp return',
           # DHCP discover/request come from 0.0.0.0 before the lease.
           '    ether type ip udp sport 68 udp dport 67 return']
    if p.v4:
        out.append('    ether type ip ip saddr %s return'
                   % nft_rules.nft_set(p.v4))
    v6 = ['::', p.link_local] + p.v6
    out.append('    ether type ip6 ip6 saddr %s return'
               % nft_rules.nft_set(v6))
    out.append('    drop')
    out.append('  }')
    return out


def conntrack_zone(network_id):
    """The conntrack zone of a network's bridged traffic (1..65535, the
    same after a restart), so overlapping addresses of two networks are
    tracked apart."""
    return 1 + zlib.crc32(network_id.encode()) % 0xffff


def _zones_chain(ports):
    """Before conntrack (raw priority): bridged packets get their
    network's zone (br_netfilter gives the bridge as iif)."""
    zones = {}
    for p in ports:
        if p.network_id:
            zones[bridge_lib.bridge_name(p.network_id)] = conntrack_zone(
                p.network_id)
    if not zones:
        return []
    return ['  chain zones {',
            '    type filter hook prerouting priority raw; policy accept;',
            '    ct zone set iifname map { %s }' % ', '.join(
                '"%s" : %d' % item for item in sorted(zones.items())),
            '  }']


def _inet_table(ports, table):
    out = ['table inet %s {' % table]
    out.extend(_zones_chain(ports))
    out.append('  chain port_filter {')
    out.append('    type filter hook forward priority 0; policy accept;')
    if ports:
        # Only bridged traffic of this agent's networks (br_netfilter
        # gives the bridge as iif here) carries our marks; leave the rest
        # alone, another agent's networks on this host too (their marks
        # index their own ports).
        bridges = sorted({bridge_lib.bridge_name(p.network_id)
                          for p in ports if p.network_id})
        out.append('    iifname != { %s } accept' % (', '.join(
            '"%s"' % b for b in bridges) or '"%s*"' % bridge_lib.PREFIX))
        out.append('    meta mark and 0x%x == 0 accept' % (LOW | HIGH))
        out.append('    ct state established,related accept')
        out.append('    ct state invalid drop')
        out.append('    meta mark and 0x%x vmap { %s }' % (LOW, ', '.join(
            '0x%x : jump egress_p%d' % (p.index, p.index) for p in ports)))
        out.append('    meta mark and 0x%x vmap { %s }' % (HIGH, ', '.join(
            '0x%x : jump ingress_p%d' % (p.index << 16, p.index)
            for p in ports)))
    out.append('  }')
    for p in ports:
        out.extend(_sg_chain(p, 'egress'))
        out.extend(_sg_chain(p, 'ingress'))
    out.append('}')
    return out


def _sg_chain(p, direction):
    # Egress ends in `return` so the peer port's ingress chain still runs;
    # ingress ends in `accept`. Unmatched: drop.
    verdict = 'return' if direction == 'egress' else 'accept'
    out = ['  chain %s_p%d {' % (direction, p.index),
           '    comment "port %s"' % p.id]
    if direction == 'egress':
        out.append('    meta nfproto ipv4 udp sport 68 udp dport 67 return')
        out.append('    meta nfproto ipv6 udp sport 546 udp dport 547 return')
        out.append('    icmpv6 type { nd-router-solicit, nd-neighbor-solicit,'
                   ' nd-neighbor-advert, mld-listener-report,'
                   ' mld2-listener-report } return')
    else:
        out.append('    meta nfproto ipv4 udp sport 67 udp dport 68 accept')
        out.append('    meta nfproto ipv6 udp sport 547 udp dport 546 accept')
        out.append('    icmpv6 type { nd-router-advert, nd-neighbor-solicit,'
                   ' nd-neighbor-advert, mld-listener-query } accept')
    seen = set()
    for rule in p.rules:
        if rule.get('direction', 'ingress') != direction:
            continue
        try:
            match = nft_rules.rule_match(rule)
        except nft_rules.UnusableRule as exc:
            LOG.debug('rule %s of port %s skipped: %s', rule.get('id'),
                      p.id, exc)
            continue
        if match in seen:
            continue
        seen.add(match)
        out.append('    %s %s' % (match, verdict))
    out.append('    drop')
    out.append('  }')
    return out


def _filtered(port_details):
    return sorted((d for d in port_details if is_filtered(d['port'])),
                  key=lambda d: d['port']['id'])


def port_policies(port_details):
    """{port id: (its IPs, what its filtering depends on)} of the filtered
    ports: a change of the second means its existing flows must be
    re-checked."""
    result = {}
    for detail in _filtered(port_details):
        p = _Port(0, detail)
        matches = []
        for rule in p.rules:
            try:
                matches.append((rule.get('direction', 'ingress'),
                                nft_rules.rule_match(rule)))
            except nft_rules.UnusableRule:
                continue
        result[p.id] = (tuple(p.v4 + p.v6),
                        (tuple(p.macs), tuple(p.v4), tuple(p.v6),
                         tuple(sorted(set(matches)))))
    return result


def build_ruleset(port_details, table=TABLE):
    """The nft script (str) replacing both `table` tables (bridge and
    inet family) with the filtering of `port_details` (port-detail dicts
    of common.md)."""
    filtered = _filtered(port_details)
    if len(filtered) > MAX_PORTS:
        raise ValueError('more than %d filtered ports' % MAX_PORTS)
    ports = [_Port(i + 1, d) for i, d in enumerate(filtered)]
    lines = []
    for family in ('bridge', 'inet'):
        # Declare (creates if missing), delete, redefine: one transaction.
        lines.append('table %s %s' % (family, table))
        lines.append('delete table %s %s' % (family, table))
    lines.extend(_bridge_table(ports, table))
    lines.extend(_inet_table(ports, table))
    return '\n'.join(lines) + '\n'


class Firewall(object):
    """Applies the security groups of this host's ports. `table` is the
    nft table name (both families); only tests change it."""

    def __init__(self, table=TABLE):
        self.table = table
        # What the last sync applied (None: not known since start-up, so
        # a restart ends no flow).
        self._applied = None

    def sync(self, port_details):
        """Replace every rule with those of `port_details` (atomic). The
        tracked connections of a port whose rules changed, or that is no
        longer filtered here, are deleted: its traffic is checked against
        the new rules from the next packet on (as Neutron does)."""
        script = build_ruleset(port_details, self.table)
        executor.execute(['nft', '-f', '-'], input=script)
        policies = port_policies(port_details)
        if self._applied is not None:
            for port_id, (ips, policy) in sorted(self._applied.items()):
                if port_id not in policies or policies[port_id][1] != policy:
                    self._end_flows(port_id, ips)
        self._applied = policies
        return script

    @staticmethod
    def _end_flows(port_id, ips):
        for ip in ips:
            for direction in ('--orig-src', '--orig-dst'):
                # Exit status 1 when nothing matched: not an error.
                executor.execute(['conntrack', '-D', direction, ip],
                                 check=False)
        LOG.debug('Tracked connections of port %s (%s) deleted', port_id,
                  ', '.join(ips))

    def remove_all(self):
        """Drop both nova_lite tables (nothing else is touched)."""
        lines = []
        for family in ('bridge', 'inet'):
            lines.append('table %s %s' % (family, self.table))
            lines.append('delete table %s %s' % (family, self.table))
        executor.execute(['nft', '-f', '-'], input='\n'.join(lines) + '\n')
