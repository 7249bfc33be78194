"""nova-lite-network-agent as deployed: its own process over RabbitMQ,
registered through the conductor (MariaDB), wiring a real tap when the
network service casts port_update, and a killed and restarted agent
leaving the host as it was. The network service is a stand-in RPC
endpoint in the test process."""
import os
import subprocess
import sys
import threading
import uuid

import oslo_messaging as messaging
import pytest

from nova_lite import context as nl_context
from nova_lite.network.linux import bridge as bridge_lib
from nova_lite.network.linux import executor
from nova_lite.network.linux import firewall as firewall_lib
from nova_lite.network.linux import ip_lib
from nova_lite.network.linux import tap as tap_lib
from tests import conf as test_conf
from tests.integration import deployment as deployment_mod
from tests.integration import netns_host
from tests.integration import services
from tests.integration.deployment import wait_for

BINARY = 'nova-lite-network-agent'


class StandInNetworkService(object):
    target = messaging.Target(version='1.0')

    def __init__(self, host):
        self.host = host
        self.details = []
        self.reports = []
        self.lock = threading.Lock()

    def get_ports_for_host(self, context, host):
        return list(self.details) if host == self.host else []

    def get_port_details(self, context, port_id):
        return None

    def update_device_up(self, context, port_id, host):
        with self.lock:
            self.reports.append(('up', port_id, host))

    def update_device_down(self, context, port_id, host):
        with self.lock:
            self.reports.append(('down', port_id, host))


@pytest.fixture(scope='module', autouse=True)
def tools():
    netns_host.require_network_tools()


@pytest.fixture(scope='module')
def deployment(tmp_path_factory, transport_url):
    with services.DATABASES['mysql']() as db_url:
        dep = deployment_mod.Deployment(
            str(tmp_path_factory.mktemp('agent')), transport_url, db_url,
            computes=())
        dep.start()
        yield dep
        dep.stop()
        errors = dep.errors_in_logs()
        assert not errors, errors


@pytest.fixture
def agent_host(deployment, transport_url):
    host = 'nltest-agent-%s' % uuid.uuid4().hex[:6]
    table = 'nltest_%s' % uuid.uuid4().hex[:8]
    network_id = str(uuid.uuid4())
    port_id = str(uuid.uuid4())
    conf_path = os.path.join(deployment.workdir, '%s.conf' % host)
    with open(conf_path, 'w') as f:
        f.write('[DEFAULT]\nhost = %s\n[network_agent]\n'
                'polling_interval = 3600\nnft_table = %s\n' % (host, table))
    stand_in = StandInNetworkService(host)
    transport = messaging.get_rpc_transport(test_conf.parse_once(),
                                            url=transport_url)
    server = messaging.get_rpc_server(
        transport, messaging.Target(topic='network', server=host),
        [stand_in])
    server.start()

    def start_agent():
        name = 'agent-' + host
        log = open(os.path.join(deployment.workdir, name + '.log'), 'ab')
        deployment.logs[name] = log
        deployment.procs[name] = subprocess.Popen(
            [sys.executable, '-m', 'nova_lite.cmd.network_agent',
             '--config-file', deployment.common_conf,
             '--config-file', conf_path],
            stdout=log, stderr=subprocess.STDOUT, cwd=deployment.workdir)
        return name

    def cast(method, **kwargs):
        client = messaging.get_rpc_client(
            transport, messaging.Target(topic='network-agent', fanout=True,
                                        version='1.0'))
        client.cast(nl_context.get_admin_context().to_dict(), method,
                    **kwargs)

    tap = tap_lib.tap_name(port_id)
    env = {'host': host, 'table': table, 'network_id': network_id,
           'port_id': port_id, 'tap': tap, 'stand_in': stand_in,
           'start_agent': start_agent, 'cast': cast,
           'bridge': bridge_lib.bridge_name(network_id)}
    try:
        yield env
    finally:
        for name in [n for n in deployment.procs if n.endswith(host)]:
            deployment.kill(name, sig=15)
        server.stop()
        server.wait()
        transport.cleanup()
        tap_lib.delete_tap(tap)
        firewall_lib.Firewall(table).remove_all()
        bridge_lib.delete_bridge(env['bridge'])


def _detail(env):
    return {'port': {'id': env['port_id'], 'network_id': env['network_id'],
                     'mac_address': 'fa:16:3e:12:34:56',
                     'fixed_ips': [{'subnet_id': 's',
                                    'ip_address': '10.213.11.5'}],
                     'binding:host_id': env['host'],
                     'device_owner': 'compute:nova', 'admin_state_up': True},
            'network': {'id': env['network_id'], 'name': 'n', 'mtu': 1400},
            'subnets': [{'id': 's', 'cidr': '10.213.11.0/24',
                         'gateway_ip': None, 'ip_version': 4}],
            'security_group_rules': [
                {'direction': 'ingress', 'ethertype': 'IPv4',
                 'protocol': 'icmp'}]}


def _ruleset(table):
    return executor.execute(['nft', 'list', 'table', 'inet', table])


def test_agent_daemon_wires_on_cast_and_survives_restart(deployment,
                                                         agent_host):
    env = agent_host
    stand_in = env['stand_in']
    stand_in.details = [_detail(env)]
    name = env['start_agent']()
    wait_for(lambda: [s for s in deployment.manage(
        'service', 'list').splitlines()
        if BINARY in s and env['host'] in s and ' up ' in s])
    # The tap appears after the agent's first sync (polling: an hour);
    # the network service's cast makes the agent act.
    tap_lib.ensure_tap(env['tap'], mtu=1400)
    env['cast']('port_update', port_id=env['port_id'], host=env['host'])
    wait_for(lambda: ('up', env['port_id'], env['host']) in stand_in.reports)
    assert ip_lib.get_link(env['tap'])['master'] == env['bridge']
    rules = _ruleset(env['table'])
    assert 'icmp' in rules

    # Killed and restarted: wiring and rules unchanged, port reported again.
    deployment.kill(name)
    assert ip_lib.get_link(env['tap'])['master'] == env['bridge']
    before = _ruleset(env['table'])
    reports = len(stand_in.reports)
    env['start_agent']()
    wait_for(lambda: len(stand_in.reports) > reports)
    assert stand_in.reports[-1] == ('up', env['port_id'], env['host'])
    assert _ruleset(env['table']) == before

    # A security group change: the cast brings the new rules at once.
    detail = _detail(env)
    detail['security_group_rules'] = [
        {'direction': 'ingress', 'ethertype': 'IPv4', 'protocol': 'tcp',
         'port_range_min': 8080, 'port_range_max': 8080}]
    stand_in.details = [detail]
    env['cast']('security_groups_updated', security_group_ids=['g'])
    wait_for(lambda: 'tcp dport 8080' in _ruleset(env['table']))
    # The port unbound and its tap gone: reported down.
    stand_in.details = []
    tap_lib.delete_tap(env['tap'])
    env['cast']('port_delete', port_id=env['port_id'])
    wait_for(lambda: ('down', env['port_id'], env['host']) in
             stand_in.reports)
