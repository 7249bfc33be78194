"""The network agent over RPC (in-process transport): it asks the network
service for this host's ports, reports them up and down, and a fanout
cast on `network-agent` makes it resync at once. Host commands are
recorded, not run (tests/integration/test_network_agent.py runs them)."""
import threading
import time

import oslo_messaging as messaging
import pytest

from nova_lite import context as nl_context
from nova_lite.network.agent import manager as agent_manager
from nova_lite.network.linux import executor
from nova_lite.network import rpcapi
from nova_lite import rpc
from tests.unit.network.linux import fake_executor

HOST = 'fagent'
PORT = 'f00dbeef-0000-1111-2222-333344445555'


class FakeNetworkService(object):
    """The network service's endpoint on topic `network`."""
    target = messaging.Target(version='1.0')

    def __init__(self):
        self.details = []
        self.calls = []
        self.changed = threading.Condition()

    def _record(self, *call):
        with self.changed:
            self.calls.append(call)
            self.changed.notify_all()

    def get_ports_for_host(self, context, host):
        self._record('get_ports_for_host', host)
        return self.details

    def get_port_details(self, context, port_id):
        return None

    def update_device_up(self, context, port_id, host):
        self._record('up', port_id, host)

    def update_device_down(self, context, port_id, host):
        self._record('down', port_id, host)

    def wait_for(self, predicate, timeout=10):
        deadline = time.monotonic() + timeout
        with self.changed:
            while not predicate(self.calls):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError('not seen: %s' % self.calls)
                self.changed.wait(left)


class Firewall(object):
    def __init__(self):
        self.synced = []

    def sync(self, details):
        self.synced.append([d['port']['id'] for d in details])


def detail():
    return {'port': {'id': PORT, 'network_id': 'netf00d-0000-1111',
                     'mac_address': 'fa:16:3e:00:00:07',
                     'fixed_ips': [], 'binding:host_id': HOST,
                     'device_owner': 'compute:nova'},
            'network': {'id': 'netf00d-0000-1111', 'name': 'n', 'mtu': 1450},
            'subnets': [], 'security_group_rules': []}


@pytest.fixture
def wired(deployment):
    previous = executor.set_runner(fake_executor.FakeHost())
    service = FakeNetworkService()
    servers = [rpc.get_server(messaging.Target(topic=rpcapi.TOPIC,
                                               server='netsvc'), [service])]
    agent = agent_manager.NetworkAgentManager(
        HOST, firewall=Firewall(), polling_interval=600,
        list_taps=lambda: {'tap' + PORT[:11]})
    servers.append(rpc.get_server(messaging.Target(
        topic=rpcapi.AGENT_TOPIC, server=HOST), [agent]))
    for server in servers:
        server.start()
    try:
        yield service, agent
    finally:
        agent.cleanup_host()
        for server in servers:
            server.stop()
            server.wait()
        executor.set_runner(previous)


def test_agent_reports_up_then_down_on_casts(wired):
    service, agent = wired
    service.details = [detail()]
    agent.init_host()
    service.wait_for(lambda calls: ('up', PORT, HOST) in calls)
    assert agent.wiring.firewall.synced[-1] == [PORT]
    # The port is unbound: a cast (not the 600 s poll) makes the agent see it.
    service.details = []
    notify = rpcapi.AgentNotifyAPI()
    notify.port_delete(nl_context.get_admin_context(), PORT)
    service.wait_for(lambda calls: ('down', PORT, HOST) in calls)
    ups = [c for c in service.calls if c[0] == 'up']
    assert ups == [('up', PORT, HOST)]


def test_security_groups_updated_cast_resyncs(wired):
    service, agent = wired
    service.details = [detail()]
    agent.init_host()
    service.wait_for(lambda calls: ('up', PORT, HOST) in calls)
    before = len([c for c in service.calls if c[0] == 'get_ports_for_host'])
    rpcapi.AgentNotifyAPI().security_groups_updated(
        nl_context.get_admin_context(), ['sg-1'])
    service.wait_for(lambda calls: len(
        [c for c in calls if c[0] == 'get_ports_for_host']) > before)
