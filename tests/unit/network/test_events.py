"""Which change tells whom: agents (fanout casts), Nova (external events,
compute ports only) and DHCP."""
import types

from nova_lite.network.service import events


class Recorder(object):
    def __init__(self):
        self.calls = []

    def __getattr__(self, name):
        return lambda context, *args: self.calls.append((name,) + args)


def _port(**kw):
    values = dict(id='p1', network_id='n1', device_id='vm1',
                  device_owner='compute:nova', binding_host_id='h1',
                  status='DOWN', security_groups=['sg1'],
                  fixed_ips=[{'subnet_id': 's1', 'ip_address': '10.0.0.5'}])
    values.update(kw)
    return types.SimpleNamespace(**values)


def _hub():
    agents, nova, dhcp = Recorder(), Recorder(), Recorder()
    return events.Events(None, agents, nova, dhcp), agents, nova, dhcp


def test_status_changes_send_plugged_and_unplugged():
    hub, _agents, nova, _dhcp = _hub()
    hub.port_status_changed(None, _port(status='ACTIVE'), 'DOWN')
    hub.port_status_changed(None, _port(status='DOWN'), 'ACTIVE')
    hub.port_status_changed(None, _port(status='DOWN'), 'DOWN')
    assert nova.calls == [
        ('send_event', 'network-vif-plugged', 'vm1', 'p1', 'completed'),
        ('send_event', 'network-vif-unplugged', 'vm1', 'p1', 'completed')]


def test_only_compute_ports_with_a_device_reach_nova():
    hub, _agents, nova, _dhcp = _hub()
    hub.port_status_changed(None, _port(status='ACTIVE',
                                        device_owner='network:dhcp'), 'DOWN')
    hub.port_status_changed(None, _port(status='ACTIVE', device_id=''),
                            'DOWN')
    hub.port_deleted(None, _port(device_owner=''))
    assert nova.calls == []


def test_a_deleted_port_tells_agents_nova_and_dhcp():
    hub, agents, nova, dhcp = _hub()
    hub.port_deleted(None, _port())
    assert ('port_delete', 'p1') in agents.calls
    assert ('security_groups_updated', ['sg1']) in agents.calls
    assert nova.calls == [('send_event', 'network-vif-deleted', 'vm1', 'p1',
                           'completed')]
    assert dhcp.calls == [('network_changed', 'n1')]


def test_new_addresses_are_network_changed():
    hub, agents, nova, _dhcp = _hub()
    before = {'binding_host_id': 'h1', 'security_groups': ['sg1'],
              'fixed_ips': [{'subnet_id': 's1', 'ip_address': '10.0.0.4'}]}
    hub.port_updated(None, before, _port())
    assert nova.calls == [('send_event', 'network-changed', 'vm1', 'p1',
                           'completed')]
    assert ('port_update', 'p1', 'h1') in agents.calls


def test_a_port_moving_host_is_deleted_on_the_old_one():
    hub, agents, _nova, _dhcp = _hub()
    before = {'binding_host_id': 'h0', 'security_groups': ['sg1'],
              'fixed_ips': [{'subnet_id': 's1', 'ip_address': '10.0.0.5'}]}
    hub.port_updated(None, before, _port())
    assert agents.calls[:2] == [('port_delete', 'p1'),
                                ('port_update', 'p1', 'h1')]


def test_a_failing_listener_does_not_fail_the_change():
    class Broken(object):
        def send_event(self, *args):
            raise RuntimeError('nova is down')
    hub = events.Events(None, None, Broken(), None)
    hub.port_status_changed(None, _port(status='ACTIVE'), 'DOWN')


def test_unbinding_an_active_port_is_unplugged():
    hub, agents, nova, _dhcp = _hub()
    before = {'binding_host_id': 'h1', 'status': 'ACTIVE',
              'security_groups': ['sg1'],
              'fixed_ips': [{'subnet_id': 's1', 'ip_address': '10.0.0.5'}]}
    hub.port_updated(None, before, _port(binding_host_id='', status='DOWN'))
    assert ('port_delete', 'p1') in agents.calls
    assert nova.calls == [('send_event', 'network-vif-unplugged', 'vm1',
                           'p1', 'completed')]
