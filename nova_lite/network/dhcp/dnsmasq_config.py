"""What one network's dnsmasq is given: its command line, hosts file and
options file (Neutron's Dnsmasq driver formats). Pure functions."""
import ipaddress

DEFAULT_DOMAIN = 'openstacklocal'
DEFAULT_LEASE = 86400
LEASE_MAX = 2 ** 24


def dhcp_subnets(entry):
    """The IPv4 subnets of `entry` with enable_dhcp, ordered by id."""
    return sorted((s for s in entry.get('subnets') or []
                   if s.get('enable_dhcp', True) and
                   int(s.get('ip_version', 4)) == 4),
                  key=lambda s: s['id'])


def host_name(ip, domain):
    return 'host-%s.%s' % (ip.replace('.', '-').replace(':', '-'), domain)


def hosts_text(entry, domain=DEFAULT_DOMAIN):
    """`<mac>,host-<ip dashed>.<domain>,<ip>` per fixed IP of each port on a
    DHCP-enabled subnet."""
    subnet_ids = {s['id'] for s in dhcp_subnets(entry)}
    lines = []
    for port in sorted(entry.get('ports') or [],
                       key=lambda p: (p.get('mac_address') or '')):
        for fixed in port.get('fixed_ips') or []:
            if fixed.get('subnet_id') not in subnet_ids:
                continue
            ip = fixed['ip_address']
            lines.append('%s,%s,%s' % (port['mac_address'].lower(),
                                       host_name(ip, domain), ip))
    return ''.join(line + '\n' for line in lines)


def stale_leases(leases_text, hosts):
    """Leases (lines of dnsmasq's lease file: expiry, MAC, IP, name,
    client id) whose MAC and IP are no longer a pair of the hosts file
    text `hosts`: [(ip, mac, client_id or None, line)]."""
    wanted = set()
    for line in hosts.splitlines():
        fields = line.split(',')
        if len(fields) >= 3:
            wanted.add((fields[0].lower(), fields[-1]))
    stale = []
    for line in leases_text.splitlines():
        fields = line.split()
        if len(fields) < 3 or ':' in fields[2]:
            continue  # malformed, or an IPv6 lease
        mac, ip = fields[1].lower(), fields[2]
        if (mac, ip) not in wanted:
            client_id = fields[4] if len(fields) > 4 and \
                fields[4] != '*' else None
            stale.append((ip, mac, client_id, line))
    return stale


def _dhcp_ip(entry, subnet_id):
    for fixed in (entry.get('dhcp_port') or {}).get('fixed_ips') or []:
        if fixed.get('subnet_id') == subnet_id:
            return fixed['ip_address']
    return None


def opts_text(entry):
    """Per subnet: router (or none), dns-server, classless static routes
    (121, and 249 for Windows) from host_routes. (The MTU is forced on the
    command line: clients rarely ask for option 26.)"""
    lines = []
    for subnet in dhcp_subnets(entry):
        tag = 'tag:subnet-%s' % subnet['id']
        gateway = subnet.get('gateway_ip')
        lines.append('%s,option:router%s' % (
            tag, (',' + gateway) if gateway else ''))
        dns = list(subnet.get('dns_nameservers') or [])
        if not dns:
            own = _dhcp_ip(entry, subnet['id'])
            dns = [own] if own else []
        if dns:
            lines.append('%s,option:dns-server,%s' % (tag, ','.join(dns)))
        routes = []
        for route in subnet.get('host_routes') or []:
            routes.append('%s,%s' % (route['destination'], route['nexthop']))
        if routes:
            # RFC 3442: a client given 121 ignores the router option.
            if gateway and not any(r.startswith('0.0.0.0/0,')
                                   for r in routes):
                routes.append('0.0.0.0/0,%s' % gateway)
            lines.append('%s,option:classless-static-route,%s'
                         % (tag, ','.join(routes)))
            lines.append('%s,249,%s' % (tag, ','.join(routes)))
    return ''.join(line + '\n' for line in lines)


def command(entry, interface, paths, domain=DEFAULT_DOMAIN,
            lease=DEFAULT_LEASE, binary='dnsmasq'):
    """The dnsmasq argv for `entry`; `paths` maps pid/host/opts/leases to
    file names."""
    cmd = [binary,
           '--no-hosts',
           '--no-resolv',
           '--strict-order',
           '--except-interface=lo',
           '--bind-interfaces',
           '--interface=%s' % interface,
           '--pid-file=%s' % paths['pid'],
           '--dhcp-hostsfile=%s' % paths['host'],
           '--dhcp-optsfile=%s' % paths['opts'],
           '--dhcp-leasefile=%s' % paths['leases']]
    for subnet in dhcp_subnets(entry):
        net = ipaddress.ip_network(subnet['cidr'], strict=False)
        cmd.append('--dhcp-range=set:subnet-%s,%s,static,%s,%ds' % (
            subnet['id'], net.network_address, net.netmask, int(lease)))
    mtu = (entry.get('network') or {}).get('mtu')
    if mtu:
        # Option 26, sent even when not requested (as Neutron does).
        cmd.append('--dhcp-option-force=option:mtu,%d' % int(mtu))
    cmd += ['--dhcp-lease-max=%d' % LEASE_MAX,
            '--conf-file=/dev/null',
            '--domain=%s' % domain]
    return cmd
