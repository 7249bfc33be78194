"""Neutron security-group rules → nftables match expressions.

Pure functions, no host access: :mod:`firewall` assembles the tables."""
import ipaddress

# Neutron's protocol names (neutron_lib.constants.IP_PROTOCOL_MAP).
PROTOCOL_NUMBERS = {
    'ah': 51, 'dccp': 33, 'egp': 8, 'esp': 50, 'gre': 47, 'hopopt': 0,
    'icmp': 1, 'igmp': 2, 'ipip': 4, 'ipv6-encap': 41, 'ipv6-frag': 44,
    'ipv6-icmp': 58, 'icmpv6': 58, 'ipv6-nonxt': 59, 'ipv6-opts': 60,
    'ipv6-route': 43, 'ospf': 89, 'pgm': 113, 'rsvp': 46, 'sctp': 132,
    'tcp': 6, 'udp': 17, 'udplite': 136, 'vrrp': 112,
}
# Protocols whose port_range_min/max are transport ports.
PORT_PROTOCOLS = {6, 17, 33, 132, 136}
ICMP = 1
ICMPV6 = 58


class UnusableRule(Exception):
    """The rule can never match (e.g. a remote group with no member of
    this ethertype): it contributes nothing."""


def protocol_number(protocol, ethertype='IPv4'):
    """The IP protocol number of a rule's `protocol`, or None for any."""
    if protocol in (None, '', 'any'):
        return None
    if isinstance(protocol, int) or str(protocol).isdigit():
        number = int(protocol)
    else:
        try:
            number = PROTOCOL_NUMBERS[str(protocol).lower()]
        except KeyError:
            raise UnusableRule('unknown protocol %r' % (protocol,))
    # Neutron: "icmp" on an IPv6 rule means ICMPv6.
    if number == ICMP and ethertype == 'IPv6':
        number = ICMPV6
    return number


def _family(ethertype):
    return 'ip6' if ethertype == 'IPv6' else 'ip'


def _version(ethertype):
    return 6 if ethertype == 'IPv6' else 4


def addresses_of_version(addresses, version):
    """The entries of `addresses` (IPs or CIDRs) of IP `version`, as
    normalised strings."""
    result = []
    for addr in addresses or ():
        try:
            net = ipaddress.ip_network(str(addr), strict=False)
        except ValueError:
            continue
        if net.version != version:
            continue
        result.append(str(net.network_address) if net.prefixlen ==
                      net.max_prefixlen else str(net))
    return list(dict.fromkeys(result))


def nft_set(items):
    items = list(items)
    if len(items) == 1:
        return items[0]
    return '{ %s }' % ', '.join(items)


def _remote_match(rule, family, version, direction):
    field = 'saddr' if direction == 'ingress' else 'daddr'
    if rule.get('remote_group_id'):
        members = addresses_of_version(rule.get('remote_ips') or [], version)
        if not members:
            raise UnusableRule('remote group has no member')
        return '%s %s %s' % (family, field, nft_set(members))
    prefix = rule.get('remote_ip_prefix')
    if prefix:
        nets = addresses_of_version([prefix], version)
        if not nets:
            raise UnusableRule('remote_ip_prefix of another ethertype')
        if nets[0] in ('0.0.0.0/0', '::/0'):
            return None
        return '%s %s %s' % (family, field, nets[0])
    return None


def _port_match(number, rule):
    low = rule.get('port_range_min')
    high = rule.get('port_range_max')
    if number in PORT_PROTOCOLS:
        if low is None and high is None:
            return None
        low = low if low is not None else high
        high = high if high is not None else low
        if int(low) == int(high):
            return 'th dport %d' % int(low)
        return 'th dport %d-%d' % (int(low), int(high))
    if number in (ICMP, ICMPV6):
        word = 'icmp' if number == ICMP else 'icmpv6'
        parts = []
        if low is not None:
            parts.append('%s type %d' % (word, int(low)))
            if high is not None:
                parts.append('%s code %d' % (word, int(high)))
        return ' '.join(parts) or None
    return None


def rule_match(rule):
    """The nft match expression (a string) for one security-group rule,
    as seen from the port: ingress matches packets to it, egress packets
    from it. Raises UnusableRule when it can match nothing."""
    ethertype = rule.get('ethertype') or 'IPv4'
    family = _family(ethertype)
    version = _version(ethertype)
    direction = rule.get('direction', 'ingress')
    parts = ['meta nfproto %s' % ('ipv6' if version == 6 else 'ipv4')]
    remote = _remote_match(rule, family, version, direction)
    if remote:
        parts.append(remote)
    number = protocol_number(rule.get('protocol'), ethertype)
    if number is not None:
        parts.append('meta l4proto %d' % number)
        ports = _port_match(number, rule)
        if ports:
            parts.append(ports)
    return ' '.join(parts)
