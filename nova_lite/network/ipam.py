"""IP address management, as pure functions: the shape of a subnet (its
CIDR, gateway and allocation pools, validated as Neutron validates them)
and the candidate addresses of a pool. The database decides which
candidate a port gets (a unique constraint; nova_lite.db.queries.
network_ports retries on a conflict)."""
import ipaddress
import random

from nova_lite.network import exceptions as exc


def parse_cidr(cidr, ip_version=None):
    try:
        net = ipaddress.ip_network(str(cidr), strict=False)
    except ValueError:
        raise exc.HTTPBadRequest(attr='cidr',
                                 reason="'%s' is not a valid IP subnet"
                                 % cidr)
    if str(net) != str(cidr) and '/' in str(cidr):
        raise exc.HTTPBadRequest(
            attr='cidr', reason="'%s' isn't a recommended CIDR, '%s' is "
            "recommended" % (cidr, net))
    if '/' not in str(cidr):
        raise exc.HTTPBadRequest(attr='cidr',
                                 reason="'%s' is not a valid IP subnet"
                                 % cidr)
    if ip_version is not None and net.version != int(ip_version):
        raise exc.InvalidInput(
            error_message='Cidr %s does not match the ip_version %s'
            % (cidr, ip_version))
    if net.version == 4 and net.prefixlen > 30:
        raise exc.InvalidInput(
            error_message='Invalid CIDR %s for IPv4 address mode: it has '
            'no room for addresses' % cidr)
    return net


def parse_ip(value, attr='ip_address'):
    try:
        return ipaddress.ip_address(str(value))
    except ValueError:
        raise exc.HTTPBadRequest(attr=attr,
                                 reason="'%s' is not a valid IP address"
                                 % value)


def _hosts_range(net):
    """First and last usable address (no network or broadcast address)."""
    if net.version == 4:
        return net.network_address + 1, net.broadcast_address - 1
    return net.network_address + 1, net.broadcast_address


def default_gateway(net):
    return str(_hosts_range(net)[0])


def default_pools(net, gateway_ip):
    """The whole usable range of `net` minus the gateway, as pools."""
    first, last = _hosts_range(net)
    gw = ipaddress.ip_address(gateway_ip) if gateway_ip else None
    if gw is None or gw < first or gw > last:
        return [{'start': str(first), 'end': str(last)}]
    pools = []
    if gw > first:
        pools.append({'start': str(first), 'end': str(gw - 1)})
    if gw < last:
        pools.append({'start': str(gw + 1), 'end': str(last)})
    return pools


def validate_subnet(cidr, ip_version, gateway_ip, pools):
    """(network, gateway_ip, pools) for a new subnet; raises Neutron's
    errors. gateway_ip None means none; the string 'auto' (or not given)
    means the first address. pools None means the default pools."""
    net = parse_cidr(cidr, ip_version)
    if gateway_ip == 'auto':
        gateway_ip = default_gateway(net)
    if gateway_ip is not None:
        gw = parse_ip(gateway_ip, 'gateway_ip')
        if gw not in net or gw in (net.network_address,
                                   net.broadcast_address):
            raise exc.InvalidInput(
                error_message='Gateway is not valid on subnet')
        gateway_ip = str(gw)
    if pools is None:
        return net, gateway_ip, default_pools(net, gateway_ip)
    ranges = []
    for pool in pools:
        if not isinstance(pool, dict) or 'start' not in pool or \
                'end' not in pool:
            raise exc.HTTPBadRequest(
                attr='allocation_pools',
                reason='Invalid data format for IP pool: %r' % (pool,))
        start = parse_ip(pool['start'], 'allocation_pools')
        end = parse_ip(pool['end'], 'allocation_pools')
        text = '%s-%s' % (pool['start'], pool['end'])
        if start.version != net.version or start > end:
            raise exc.InvalidAllocationPool(pool=text)
        first, last = _hosts_range(net)
        if start < first or end > last:
            raise exc.OutOfBoundsAllocationPool(pool=text,
                                                subnet_cidr=str(net))
        ranges.append((start, end, text))
    ranges.sort()
    for (s1, e1, t1), (s2, e2, t2) in zip(ranges, ranges[1:]):
        if s2 <= e1:
            raise exc.OverlappingAllocationPools(pool_1=t1, pool_2=t2,
                                                 subnet_cidr=str(net))
    if gateway_ip is not None:
        gw = ipaddress.ip_address(gateway_ip)
        for start, end, text in ranges:
            if start <= gw <= end:
                raise exc.GatewayConflictWithAllocationPools(
                    ip_address=gateway_ip, pool=text)
    return net, gateway_ip, [{'start': str(s), 'end': str(e)}
                             for s, e, _ in ranges]


def in_pools(ip, pools):
    ip = ipaddress.ip_address(ip)
    return any(ipaddress.ip_address(p['start']) <= ip <=
               ipaddress.ip_address(p['end']) for p in pools)


def pool_size(pools):
    return sum(int(ipaddress.ip_address(p['end'])) -
               int(ipaddress.ip_address(p['start'])) + 1 for p in pools)


def _free(pools, used):
    for pool in pools:
        first = ipaddress.ip_address(pool['start'])
        count = int(ipaddress.ip_address(pool['end'])) - int(first) + 1
        for offset in range(count):
            ip = str(first + offset)
            if ip not in used:
                yield ip


def candidates(pools, used, window=16):
    """Free addresses of `pools` (not in `used`), in order, with the first
    `window` shuffled so that concurrent allocations seldom pick the same
    one (a conflict only costs a retry)."""
    used = set(used)
    buffer, flushed = [], False
    for ip in _free(pools, used):
        if flushed:
            yield ip
            continue
        buffer.append(ip)
        if len(buffer) >= window:
            random.shuffle(buffer)
            yield from buffer
            flushed = True
    if not flushed:
        random.shuffle(buffer)
        yield from buffer


def random_mac(prefix='fa:16:3e'):
    return '%s:%02x:%02x:%02x' % (prefix, random.randint(0, 255),
                                  random.randint(0, 255),
                                  random.randint(0, 255))


def validate_fixed_ip(ip, subnet):
    """`ip` (text) belongs to `subnet` (a dict with cidr)."""
    addr = parse_ip(ip)
    net = ipaddress.ip_network(subnet['cidr'])
    if addr not in net or (net.version == 4 and addr in (
            net.network_address, net.broadcast_address)):
        raise exc.InvalidInput(
            error_message='IP address %s is not a valid IP for the '
            'specified subnet.' % ip)
    return str(addr)


def ip_in_cidr(addr, cidr):
    net = ipaddress.ip_network(cidr)
    return addr.version == net.version and addr in net
