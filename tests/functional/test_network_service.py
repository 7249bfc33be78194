"""The network service as agents and Nova see it: the `network` RPC
endpoint (port details, devices up and down), fanout casts to agents,
external events to Nova, and the DHCP port bookkeeping, with recording
fakes for agents, Nova and the DhcpManager."""
import pytest
import requests

from tests import conf as test_conf

ADMIN = {'X-Auth-Token': 'admin:admin'}
USER = {'X-Auth-Token': 'frank:net-project-f'}
SERVER = '5d9d3f55-51f0-4f6b-9d35-0a1c5e3f0001'


class Recorder(object):
    def __init__(self):
        self.calls = []

    def __getattr__(self, name):
        def record(context, *args):
            self.calls.append((name,) + args)
        return record

    def names(self):
        return [c[0] for c in self.calls]


class FakeNova(object):
    def __init__(self):
        self.events = []

    def send_event(self, context, name, server_uuid, port_id,
                   status='completed'):
        self.events.append((name, server_uuid, port_id, status))


class FakeDhcpManager(object):
    def __init__(self):
        self.synced = []

    def sync(self, networks):
        self.synced.append(networks)

    def teardown(self, network_id):
        self.synced.append(('teardown', network_id))


@pytest.fixture(scope='module')
def service(deployment):
    from nova_lite.network.service import daemon
    from nova_lite.network.service import dhcp
    from nova_lite.network.service import events
    from nova_lite.network.service import plugin
    conf = test_conf.parse_once()
    conf.set_override('auth_strategy', 'noauth2', group='network')
    conf.set_override('host', 'netnode', group='network')
    fakes = {'agents': Recorder(), 'nova': FakeNova(),
             'dhcp': FakeDhcpManager()}
    sync = dhcp.DhcpSync(conf, fakes['dhcp'])
    hub = events.Events(conf, agents=fakes['agents'], nova=fakes['nova'],
                        dhcp=sync)
    svc = daemon.NetworkService(conf, plugin.Plugin(conf, hub),
                                host='127.0.0.1', port=0)
    svc.start()
    svc.fakes, svc.sync = fakes, sync
    yield svc
    svc.stop()


def _post(svc, path, body, headers=USER):
    resp = requests.post(svc.endpoint + path, json=body, headers=headers)
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_ports_events_and_details(service):
    from nova_lite import context as nl_context
    from nova_lite.network import rpcapi
    ctx = nl_context.get_admin_context()
    net = _post(service, '/v2.0/networks',
                {'network': {'name': 'svc-net'}})['network']
    subnet = _post(service, '/v2.0/subnets', {'subnet': {
        'network_id': net['id'], 'ip_version': 4,
        'cidr': '10.40.0.0/24'}})['subnet']
    service.sync.flush()

    # the DHCP port exists and the DhcpManager got the network
    ports = requests.get(service.endpoint + '/v2.0/ports?network_id=%s'
                         '&device_owner=network:dhcp' % net['id'],
                         headers=ADMIN).json()['ports']
    assert len(ports) == 1
    dhcp_port = ports[0]
    assert dhcp_port['device_id'] == 'dhcp-%s' % net['id']
    assert dhcp_port['binding:host_id'] == 'netnode'
    assert dhcp_port['fixed_ips'][0]['subnet_id'] == subnet['id']
    entry = [e for e in service.fakes['dhcp'].synced[-1]
             if e['network']['id'] == net['id']][0]
    assert entry['dhcp_port']['id'] == dhcp_port['id']
    assert entry['subnets'][0]['enable_dhcp'] is True

    port = _post(service, '/v2.0/ports', {'port': {
        'network_id': net['id']}})['port']
    resp = requests.put(service.endpoint + '/v2.0/ports/%s' % port['id'],
                        json={'port': {'binding:host_id': 'hostA',
                                       'device_id': SERVER,
                                       'device_owner': 'compute:nova'}},
                        headers=ADMIN)
    assert resp.status_code == 200, resp.text
    assert ('port_update', port['id'], 'hostA') in \
        service.fakes['agents'].calls
    service.sync.flush()
    entry = [e for e in service.fakes['dhcp'].synced[-1]
             if e['network']['id'] == net['id']][0]
    assert [p['id'] for p in entry['ports']] == [port['id']]

    api = rpcapi.NetworkAPI()
    details = api.get_ports_for_host(ctx, 'hostA')
    mine = [d for d in details if d['port']['id'] == port['id']][0]
    assert mine['network'] == {'id': net['id'], 'name': 'svc-net',
                               'mtu': 1500}
    assert mine['subnets'] == [{'id': subnet['id'], 'cidr': '10.40.0.0/24',
                                'gateway_ip': '10.40.0.1',
                                'ip_version': 4}]
    assert mine['port']['binding:vif_type'] == 'tap'
    remote = [r for r in mine['security_group_rules']
              if r['remote_group_id']]
    assert len(remote) == 2
    assert remote[0]['remote_ips'] == [port['fixed_ips'][0]['ip_address']]
    assert api.get_port_details(ctx, port['id'])['port']['id'] == port['id']
    assert api.get_port_details(
        ctx, '00000000-0000-0000-0000-000000000000') is None

    api.update_device_up(ctx, port['id'], 'hostB')   # not its host
    assert requests.get(service.endpoint + '/v2.0/ports/%s' % port['id'],
                        headers=ADMIN).json()['port']['status'] == 'DOWN'
    api.update_device_up(ctx, port['id'], 'hostA')
    shown = requests.get(service.endpoint + '/v2.0/ports/%s' % port['id'],
                         headers=ADMIN).json()['port']
    assert shown['status'] == 'ACTIVE'
    api.update_device_up(ctx, port['id'], 'hostA')   # no second event
    api.update_device_down(ctx, port['id'], 'hostA')
    assert service.fakes['nova'].events == [
        ('network-vif-plugged', SERVER, port['id'], 'completed'),
        ('network-vif-unplugged', SERVER, port['id'], 'completed')]

    resp = requests.put(service.endpoint + '/v2.0/ports/%s' % port['id'],
                        json={'port': {'fixed_ips': [
                            {'subnet_id': subnet['id'],
                             'ip_address': '10.40.0.200'}]}}, headers=ADMIN)
    assert resp.status_code == 200, resp.text
    assert service.fakes['nova'].events[-1][0] == 'network-changed'

    sg = port['security_groups'][0]
    _post(service, '/v2.0/security-group-rules', {'security_group_rule': {
        'security_group_id': sg, 'direction': 'ingress',
        'protocol': 'icmp'}})
    assert ('security_groups_updated', [sg]) in \
        service.fakes['agents'].calls

    resp = requests.delete(service.endpoint + '/v2.0/ports/%s' % port['id'],
                           headers=USER)
    assert resp.status_code == 204
    assert service.fakes['nova'].events[-1] == (
        'network-vif-deleted', SERVER, port['id'], 'completed')
    assert ('port_delete', port['id']) in service.fakes['agents'].calls

    # the network goes with its DHCP port
    resp = requests.delete(service.endpoint + '/v2.0/networks/%s'
                           % net['id'], headers=USER)
    assert resp.status_code == 204, resp.text
    service.sync.flush()
    assert ('teardown', net['id']) in service.fakes['dhcp'].synced


def test_events_reach_the_compute_api(deployment):
    """The real notifier posts Nova's external-events body with [nova]
    endpoint_override; an unknown server's event fails with 404 in
    Nova 34's 207."""
    from nova_lite.network.service import nova_notifier
    conf = test_conf.parse_once()
    conf.set_override('endpoint_override', deployment + '/v2.1',
                      group='nova')
    try:
        notifier = nova_notifier.NovaNotifier(conf)
        resp = notifier.send_events([notifier.event(
            'network-vif-plugged', SERVER, 'port-x')])
        assert resp.status_code == 207, resp.text
        assert [(e['code'], e['status']) for e in resp.json()['events']] == [
            (404, 'failed')]
    finally:
        conf.clear_override('endpoint_override', group='nova')
