from nova_lite.network.dhcp import dnsmasq_config

SUBNET = 'sub-1'
ENTRY = {
    'network': {'id': 'net-1', 'name': 'n', 'mtu': 1450},
    'subnets': [
        {'id': SUBNET, 'cidr': '10.0.0.0/24', 'gateway_ip': '10.0.0.1',
         'ip_version': 4, 'enable_dhcp': True, 'dns_nameservers': [],
         'host_routes': [{'destination': '10.9.0.0/16',
                          'nexthop': '10.0.0.254'}]},
        {'id': 'sub-2', 'cidr': '10.5.0.0/24', 'gateway_ip': None,
         'ip_version': 4, 'enable_dhcp': False},
    ],
    'dhcp_port': {'id': 'dhcp-port', 'mac_address': 'fa:16:3e:00:00:02',
                  'fixed_ips': [{'subnet_id': SUBNET,
                                 'ip_address': '10.0.0.2'}]},
    'ports': [
        {'mac_address': 'FA:16:3E:00:00:05', 'device_id': 'vm',
         'fixed_ips': [{'subnet_id': SUBNET, 'ip_address': '10.0.0.5'},
                       {'subnet_id': 'sub-2', 'ip_address': '10.5.0.5'}]},
    ],
}


def test_hosts_only_dhcp_enabled_subnets():
    assert dnsmasq_config.hosts_text(ENTRY) == (
        'fa:16:3e:00:00:05,host-10-0-0-5.openstacklocal,10.0.0.5\n')


def test_opts():
    text = dnsmasq_config.opts_text(ENTRY)
    tag = 'tag:subnet-sub-1'
    assert text.splitlines() == [
        tag + ',option:router,10.0.0.1',
        tag + ',option:dns-server,10.0.0.2',
        tag + ',option:classless-static-route,10.9.0.0/16,10.0.0.254,'
        '0.0.0.0/0,10.0.0.1',
        tag + ',249,10.9.0.0/16,10.0.0.254,0.0.0.0/0,10.0.0.1',
    ]


def test_opts_without_gateway_and_with_dns():
    entry = dict(ENTRY, subnets=[dict(ENTRY['subnets'][0], gateway_ip=None,
                                      host_routes=[],
                                      dns_nameservers=['1.1.1.1'])])
    entry['network'] = {'id': 'net-1'}
    assert dnsmasq_config.opts_text(entry).splitlines() == [
        'tag:subnet-sub-1,option:router',
        'tag:subnet-sub-1,option:dns-server,1.1.1.1']


def test_command():
    paths = {'pid': '/s/pid', 'host': '/s/host', 'opts': '/s/opts',
             'leases': '/s/leases'}
    cmd = dnsmasq_config.command(ENTRY, 'ns-dhcp-port', paths)
    assert cmd[0] == 'dnsmasq'
    for arg in ('--no-hosts', '--no-resolv', '--strict-order',
                '--except-interface=lo', '--bind-interfaces',
                '--interface=ns-dhcp-port', '--pid-file=/s/pid',
                '--dhcp-hostsfile=/s/host', '--dhcp-optsfile=/s/opts',
                '--dhcp-leasefile=/s/leases',
                '--dhcp-range=set:subnet-sub-1,10.0.0.0,static,'
                '255.255.255.0,86400s', '--domain=openstacklocal',
                '--dhcp-option-force=option:mtu,1450'):
        assert arg in cmd
    assert not [a for a in cmd if 'sub-2' in a]


def test_stale_leases():
    hosts = ('fa:16:3e:00:00:05,host-10-0-0-5.openstacklocal,10.0.0.5\n'
             'fa:16:3e:00:00:06,host-10-0-0-6.openstacklocal,10.0.0.6\n')
    leases = ('1700000000 fa:16:3e:00:00:05 10.0.0.5 host-10-0-0-5 *\n'
              '1700000000 FA:16:3E:00:00:07 10.0.0.6 x 01:fa:16:3e:00:00:07\n'
              '1700000000 fa:16:3e:00:00:08 10.0.0.8 * *\n'
              'duid 00:01:00:01\n')
    stale = dnsmasq_config.stale_leases(leases, hosts)
    assert [(ip, mac, cid) for ip, mac, cid, _ in stale] == [
        ('10.0.0.6', 'fa:16:3e:00:00:07', '01:fa:16:3e:00:00:07'),
        ('10.0.0.8', 'fa:16:3e:00:00:08', None)]
