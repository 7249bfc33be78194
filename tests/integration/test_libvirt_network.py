"""Real guests on nova_lite networks: the four daemons, nova-lite-network
and one nova-lite-network-agent over RabbitMQ and MariaDB, a libvirt
compute running QEMU guests of the tiny test image.

Two servers boot on one network and each prints, on its console, the
DHCP address the API reports; with only the default security group a
ping from the network's qdhcp- namespace gets no answer, and after
`openstack security group rule create --protocol icmp default` it does;
the two guests reach each other (same default group); `server add port`
hot-plugs a NIC on a second network and the guest prints its address
there; `server remove port` unplugs it; deleting a server frees its
address and ports. Nothing on the host's root namespace gets an address
on a guest network (the test checks).
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid

import pytest
import requests

from tests.integration import deployment as deployment_mod
from tests.integration import guest_network
from tests.integration import libvirt_rest as rest
from tests.integration import services

pytestmark = [pytest.mark.libvirt, pytest.mark.slow]

OPENSTACK = os.path.join(os.path.dirname(sys.executable), 'openstack')
TOOLS = rest.TOOLS
HEADERS = {'OpenStack-API-Version': 'compute 2.100'}


NFT_TABLE = 'nl_test_%s' % uuid.uuid4().hex[:8]


@pytest.fixture(scope='module')
def dep(tmp_path_factory, transport_url):
    rest.prepare_host()
    rest.run([os.path.join(TOOLS, 'install-network.sh')])
    # QEMU (libvirt-qemu) must reach the instances and dnsmasq (nobody)
    # its state: not under pytest's 0700 base directory.
    workdir = tempfile.mkdtemp(prefix='nova-lite-net-deploy-')
    os.chmod(workdir, 0o755)
    instances = os.path.join(workdir, 'instances')
    os.mkdir(instances, 0o755)
    network_port = deployment_mod.free_port()
    extra = {
        'DEFAULT': {'vif_plugging_timeout': 90},
        'network': {'dhcp_enabled': 'true'},
        'neutron': {'endpoint_override':
                    'http://127.0.0.1:%d' % network_port},
        'network_agent': {'polling_interval': 1, 'nft_table': NFT_TABLE},
    }
    network_ids, port_ids, server_ids = [], [], []
    with services.mysql_database() as db_url:
        d = rest.libvirt_deployment(workdir, transport_url, db_url,
                                    instances, extra=extra, network=True,
                                    network_port=network_port,
                                    agents=('lv1',))
        try:
            d.start()
            yield d
            network_ids = [n['id'] for n in neutron(
                d, 'GET', 'networks').json()['networks']]
            port_ids = [p['id'] for p in neutron(
                d, 'GET', 'ports').json()['ports']]
            server_ids = [s['id'] for s in d.servers()]
        finally:
            d.stop()
            conn = rest.libvirt.open('qemu:///system')
            for server_id in server_ids:
                rest.undefine(conn, server_id)
            guest_network.cleanup_host(
                os.path.join(workdir, 'state', 'dhcp'), network_ids,
                port_ids, NFT_TABLE)
            shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope='module')
def cloud(dep, tmp_path_factory):
    path = tmp_path_factory.mktemp('osc') / 'clouds.yaml'
    path.write_text(
        'clouds:\n'
        '  nova-lite:\n'
        '    auth_type: none\n'
        '    compute_endpoint_override: %(e)s/v2.1\n'
        '    image_endpoint_override: %(e)s/image\n'
        '    identity_endpoint_override: %(e)s/identity\n'
        '    network_endpoint_override: %(n)s\n' %
        {'e': dep.endpoint, 'n': dep.network_endpoint})
    return {'OS_CLIENT_CONFIG_FILE': str(path), 'OS_CLOUD': 'nova-lite'}


def osc(cloud, *args):
    out = subprocess.run([OPENSTACK] + list(args) + ['-f', 'json'],
                         env=dict(os.environ, **cloud),
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout) if out.stdout.strip() else None


def osc_no_output(cloud, *args):
    out = subprocess.run([OPENSTACK] + list(args),
                         env=dict(os.environ, **cloud),
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr


def neutron(dep, method, path, **kw):
    return requests.request(method, dep.network_endpoint + '/v2.0/' + path,
                            timeout=30, **kw)


def console(dep, server_id):
    return lambda: rest.console_output(dep, server_id)


def addresses_of(server):
    return {label: [a['addr'] for a in addrs]
            for label, addrs in server['addresses'].items()}


def root_namespace_addresses():
    out = subprocess.run(['ip', '-j', 'addr', 'show'], capture_output=True,
                         text=True, check=True).stdout
    return {(link['ifname'], a['local']) for link in json.loads(out)
            for a in link.get('addr_info', ())}


def test_two_guests_dhcp_security_groups_and_hot_plug(dep, cloud):
    before = root_namespace_addresses()
    net1 = osc(cloud, 'network', 'create', 'net1')
    osc(cloud, 'subnet', 'create', '--network', 'net1', '--subnet-range',
        '10.61.0.0/24', 'sub1')
    osc(cloud, 'network', 'create', 'net2')
    osc(cloud, 'subnet', 'create', '--network', 'net2', '--subnet-range',
        '10.62.0.0/24', 'sub2')

    servers = [osc(cloud, 'server', 'create', '--image', 'nova-lite-tiny',
                   '--flavor', 'm1.nano', '--network', 'net1', '--wait',
                   name) for name in ('vm1', 'vm2')]
    ips = {}
    for server in servers:
        shown = dep.server(server['id'])
        (addr,), = addresses_of(shown).values()
        mac = shown['addresses']['net1'][0]['OS-EXT-IPS-MAC:mac_addr']
        assert guest_network.wait_for_address(
            console(dep, server['id']), mac) == addr
        ips[server['id']] = addr

    vm1, vm2 = (s['id'] for s in servers)
    # The default group admits only its members: not the DHCP namespace.
    assert not guest_network.netns_ping(net1['id'], ips[vm1])
    # Both guests are members: they reach each other.
    assert guest_network.guest_ping(vm1, ips[vm2], console(dep, vm1))

    osc(cloud, 'security', 'group', 'rule', 'create', '--protocol', 'icmp',
        'default')
    assert guest_network.wait_netns_ping(net1['id'], ips[vm1])

    port = osc(cloud, 'port', 'create', '--network', 'net2', 'extra')
    osc_no_output(cloud, 'server', 'add', 'port', 'vm1', port['id'])
    addr2 = guest_network.wait_for_address(console(dep, vm1),
                                           port['mac_address'])
    assert addr2 == port['fixed_ips'][0]['ip_address']
    assert addr2.startswith('10.62.0.')
    osc_no_output(cloud, 'server', 'remove', 'port', 'vm1', port['id'])
    guest_network.wait_until_gone(console(dep, vm1), port['mac_address'])

    osc_no_output(cloud, 'server', 'delete', '--wait', 'vm2')
    left = neutron(dep, 'GET', 'ports?device_id=%s' % vm2).json()['ports']
    assert left == []
    taken = neutron(dep, 'GET', 'ports?network_id=%s&fixed_ips=ip_address=%s'
                    % (net1['id'], ips[vm2])).json()['ports']
    assert taken == []

    assert root_namespace_addresses() == before


def dnsmasq_count(network_id):
    """dnsmasq processes serving `network_id` (their pid file names it)."""
    count = 0
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open('/proc/%s/cmdline' % pid, 'rb') as f:
                argv = f.read().split(b'\0')
        except OSError:
            continue
        if argv and argv[0].endswith(b'dnsmasq') and any(
                network_id.encode() in arg for arg in argv):
            count += 1
    return count


def restart(dep, name):
    dep.kill(name, sig=signal.SIGTERM)
    dep.start_daemon(name)


def test_restarts_keep_one_dnsmasq_addresses_and_rules(dep, cloud):
    net = osc(cloud, 'network', 'create', 'net-r')
    osc(cloud, 'subnet', 'create', '--network', 'net-r', '--subnet-range',
        '10.63.0.0/24', 'sub-r')
    osc(cloud, 'security', 'group', 'create', 'pingable')
    osc(cloud, 'security', 'group', 'rule', 'create', '--protocol', 'icmp',
        'pingable')
    server = osc(cloud, 'server', 'create', '--image', 'nova-lite-tiny',
                 '--flavor', 'm1.nano', '--network', 'net-r',
                 '--security-group', 'pingable', '--wait', 'vm-r')
    shown = dep.server(server['id'])
    assert shown['security_groups'] == [{'name': 'pingable'}]
    (addr,), = addresses_of(shown).values()
    assert guest_network.wait_netns_ping(net['id'], addr)
    assert dnsmasq_count(net['id']) == 1

    for name in ('lv1', 'agent-lv1', 'network', 'conductor'):
        restart(dep, name)
        if name == 'network':
            dep.wait_for_api(endpoint=dep.network_endpoint)
        dep.wait_for_services(
            ['nova-conductor', 'nova-scheduler', 'nova-compute',
             'nova-lite-network-agent'])
        assert dnsmasq_count(net['id']) == 1, name
        assert guest_network.wait_netns_ping(net['id'], addr), name

    shown = dep.server(server['id'])
    assert shown['status'] == 'ACTIVE'
    assert addresses_of(shown) == {'net-r': [addr]}
    osc_no_output(cloud, 'server', 'delete', '--wait', 'vm-r')


def test_no_vif_plugged_in_time_fails_the_build_and_frees_its_ports(dep,
                                                                    cloud):
    osc(cloud, 'network', 'create', 'net-t')
    osc(cloud, 'subnet', 'create', '--network', 'net-t', '--subnet-range',
        '10.64.0.0/24', 'sub-t')
    # Nobody reports the port up, and the compute waits only briefly.
    dep.kill('agent-lv1', sig=signal.SIGTERM)
    dep.compute_conf['lv1'] = {'DEFAULT': {'vif_plugging_timeout': 10}}
    restart(dep, 'lv1')
    dep.wait_for_services(['nova-conductor', 'nova-scheduler',
                           'nova-compute'])
    try:
        resp = requests.post(
            dep.endpoint + '/v2.1/servers', headers=HEADERS, timeout=30,
            json={'server': {'name': 'vm-t', 'flavorRef': rest.NANO,
                             'imageRef': dep.image_id(),
                             'networks': [{'uuid': neutron(
                                 dep, 'GET', 'networks?name=net-t').json()[
                                     'networks'][0]['id']}]}})
        assert resp.status_code == 202, resp.text + dep.log_tail('api', 60)
        server_id = resp.json()['server']['id']
        server = deployment_mod.wait_for(
            lambda: (dep.server(server_id) or {}).get('status') == 'ERROR'
            and dep.server(server_id), timeout=120)
        assert 'fault' in server
        conn = rest.libvirt.open('qemu:///system')
        try:
            assert server_id not in [d.UUIDString()
                                     for d in conn.listAllDomains(0)]
        finally:
            conn.close()
        assert neutron(dep, 'GET', 'ports?device_id=%s' % server_id).json()[
            'ports'] == []
        osc_no_output(cloud, 'server', 'delete', '--wait', server_id)
    finally:
        dep.compute_conf['lv1'] = {}
        restart(dep, 'lv1')
        dep.start_daemon('agent-lv1')
        dep.wait_for_services(['nova-conductor', 'nova-scheduler',
                               'nova-compute', 'nova-lite-network-agent'])
