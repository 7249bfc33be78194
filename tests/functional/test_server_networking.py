"""Servers on a network service (the Neutron stand-in): ports created,
bound to the build's host and deleted with the server; a full
allocation pool or a failed build leaves no port behind; a user's port
is unbound, not deleted; network events reach the compute."""
import time

from oslo_config import cfg


TOKEN = 'nina:project-net'


def _boot(api, image_id, name, networks, **extra):
    server = dict(name=name, imageRef=image_id, flavorRef='1',
                  networks=networks, **extra)
    resp = api.post('/v2.1/servers', {'server': server}, token=TOKEN)
    assert resp.status_code == 202, resp.text
    return resp.json()['server']['id']


def _wait(api, sid, status):
    return api.wait_for_server(sid, status, token=TOKEN)


def _delete(api, sid):
    assert api.delete('/v2.1/servers/%s' % sid,
                      token=TOKEN).status_code == 204
    api.wait_for_server(sid, 'DELETED', token=TOKEN)


def _ports_of(fake, sid):
    with fake.lock:
        return [p for p in fake.data['port'].values()
                if p['device_id'] == sid]


def test_ports_are_bound_to_the_host_and_deleted_with_the_server(
        api, image_id, fake_neutron):
    sid = _boot(api, image_id, 'net-bound',
                [{'uuid': fake_neutron.project_net['id']}])
    server = _wait(api, sid, 'ACTIVE')
    ports = _ports_of(fake_neutron, sid)
    assert len(ports) == 1
    port = ports[0]
    assert port['binding:host_id'] == \
        api.get('/v2.1/servers/%s' % sid).json()['server'][
            'OS-EXT-SRV-ATTR:host']
    assert port['device_owner'] == 'compute:nova'
    assert port['binding:vif_type'] == 'tap'
    assert server['addresses']['project-net'][0]['addr'] == \
        port['fixed_ips'][0]['ip_address']
    _delete(api, sid)
    assert _ports_of(fake_neutron, sid) == []
    assert port['id'] not in fake_neutron.data['port']


def test_a_full_pool_is_error_with_nova_fault_and_no_port(
        api, image_id, fake_neutron):
    net = fake_neutron.add_network(
        'tiny', 'project-net', cidr='172.16.0.0/29',
        pool=[{'start': '172.16.0.2', 'end': '172.16.0.2'}])
    first = _boot(api, image_id, 'tiny-1', [{'uuid': net['id']}])
    _wait(api, first, 'ACTIVE')
    second = _boot(api, image_id, 'tiny-2', [{'uuid': net['id']}])
    server = _wait(api, second, 'ERROR')
    assert server['fault']['message'] == (
        'Build of instance %s aborted: Failed to allocate the network(s), '
        'not rescheduling.' % second)
    assert _ports_of(fake_neutron, second) == []
    with fake_neutron.lock:
        assert len([p for p in fake_neutron.data['port'].values()
                    if p['network_id'] == net['id']]) == 1
    _delete(api, second)
    _delete(api, first)


def test_a_failed_build_leaves_no_port(api, image_id, fake_neutron):
    cfg.CONF.set_override('fail_spawn_hosts', ['fc1', 'fc2'],
                          group='fake_driver')
    try:
        sid = _boot(api, image_id, 'net-fail',
                    [{'uuid': fake_neutron.project_net['id']}])
        _wait(api, sid, 'ERROR')
    finally:
        cfg.CONF.clear_override('fail_spawn_hosts', group='fake_driver')
    assert _ports_of(fake_neutron, sid) == []
    _delete(api, sid)


def test_a_users_port_is_unbound_not_deleted(api, image_id, fake_neutron):
    with fake_neutron.lock:
        port = fake_neutron.create('port', {
            'network_id': fake_neutron.project_net['id'],
            'tenant_id': 'project-net'})
    sid = _boot(api, image_id, 'net-userport', [{'port': port['id']}])
    _wait(api, sid, 'ACTIVE')
    assert fake_neutron.data['port'][port['id']]['device_id'] == sid
    in_use = api.post('/v2.1/servers', {'server': {
        'name': 'net-steal', 'imageRef': image_id, 'flavorRef': '1',
        'networks': [{'port': port['id']}]}}, token=TOKEN)
    assert in_use.status_code == 409, in_use.text
    _delete(api, sid)
    kept = fake_neutron.data['port'][port['id']]
    assert kept['device_id'] == '' and kept['binding:host_id'] == ''


def test_network_vif_deleted_drops_the_vif_from_the_cache(
        api, image_id, fake_neutron):
    sid = _boot(api, image_id, 'net-event',
                [{'uuid': fake_neutron.project_net['id']}])
    _wait(api, sid, 'ACTIVE')
    port_id = _ports_of(fake_neutron, sid)[0]['id']
    resp = api.post('/v2.1/os-server-external-events', {'events': [
        {'name': 'network-vif-deleted', 'tag': port_id,
         'server_uuid': sid}]}, token='admin')
    assert resp.status_code == 200, resp.text
    deadline = time.time() + 20
    while time.time() < deadline:
        server = api.get('/v2.1/servers/%s' % sid,
                         token=TOKEN).json()['server']
        if server['addresses'] == {}:
            break
        time.sleep(0.05)
    assert server['addresses'] == {}
    # network-changed reads the ports again: the address is back.
    resp = api.post('/v2.1/os-server-external-events', {'events': [
        {'name': 'network-changed', 'tag': port_id, 'server_uuid': sid}]},
        token='admin')
    assert resp.status_code == 200, resp.text
    while time.time() < deadline + 20:
        server = api.get('/v2.1/servers/%s' % sid,
                         token=TOKEN).json()['server']
        if server['addresses']:
            break
        time.sleep(0.05)
    assert 'project-net' in server['addresses']
    _delete(api, sid)


def _host(api, sid):
    return api.get('/v2.1/servers/%s' % sid).json()['server'][
        'OS-EXT-SRV-ATTR:host']


def _act(api, sid, body, status):
    resp = api.post('/v2.1/servers/%s/action' % sid, body, token='admin')
    assert resp.status_code == status, resp.text


def test_moves_rebind_the_ports(api, image_id, fake_neutron):
    sid = _boot(api, image_id, 'net-move',
                [{'uuid': fake_neutron.project_net['id']}])
    _wait(api, sid, 'ACTIVE')
    source = _host(api, sid)
    _act(api, sid, {'migrate': None}, 202)
    api.wait_for_server(sid, 'VERIFY_RESIZE', token=TOKEN)
    dest = _host(api, sid)
    assert dest != source
    assert _ports_of(fake_neutron, sid)[0]['binding:host_id'] == dest
    _act(api, sid, {'revertResize': None}, 202)
    _wait(api, sid, 'ACTIVE')
    assert _ports_of(fake_neutron, sid)[0]['binding:host_id'] == source
    _act(api, sid, {'shelve': None}, 202)
    api.wait_for_server(sid, 'SHELVED_OFFLOADED', token=TOKEN)
    port = _ports_of(fake_neutron, sid)[0]
    assert port['binding:host_id'] == ''
    _act(api, sid, {'unshelve': None}, 202)
    _wait(api, sid, 'ACTIVE')
    assert _ports_of(fake_neutron, sid)[0]['binding:host_id'] == \
        _host(api, sid)
    assert _ports_of(fake_neutron, sid)[0]['id'] == port['id']
    _delete(api, sid)
    assert _ports_of(fake_neutron, sid) == []


def test_a_reschedule_keeps_the_ports_for_the_next_host(api, image_id,
                                                        fake_neutron):
    """As Nova's libvirt driver: the failed host unbinds the ports, the
    next one binds the same ports (none deleted, none created anew)."""
    cfg.CONF.set_override('fail_spawn_hosts', ['fc1'], group='fake_driver')
    try:
        # The scheduler spreads builds over fc1 and fc2 at random among
        # equals: enough attempts that one lands on fc1 first.
        for attempt in range(20):
            start = len(fake_neutron.calls)
            sid = _boot(api, image_id, 'net-resched-%d' % attempt,
                        [{'uuid': fake_neutron.project_net['id']}])
            server = _wait(api, sid, 'ACTIVE')
            calls = fake_neutron.calls[start:]
            unbound = [c for c in calls if c[0] == 'PUT']
            if len(unbound) > 1:   # bound on fc1, unbound, bound on fc2
                break
            _delete(api, sid)
        else:
            raise AssertionError('no build was scheduled to fc1 first')
    finally:
        cfg.CONF.clear_override('fail_spawn_hosts', group='fake_driver')
    shown = api.get('/v2.1/servers/%s' % sid).json()['server']  # as admin
    assert shown['OS-EXT-SRV-ATTR:host'] == 'fc2'
    assert [c for c in calls if c[0] == 'DELETE'] == []
    assert len([c for c in calls if c[0] == 'POST' and
                c[1].endswith('/ports')]) == 1
    (port,) = _ports_of(fake_neutron, sid)
    assert port['binding:host_id'] == 'fc2'
    _delete(api, sid)
    assert _ports_of(fake_neutron, sid) == []
