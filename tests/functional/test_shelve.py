"""shelve, shelveOffload and unshelve through the REST API (fake driver,
embedded image store, computes fc1 and fc2).

A shelve snapshots the server into "<name>-shelved" (an image users see
in the image service);
an offload frees the host (usage, host and node gone); an unshelve
schedules the server again (2.77 availability_zone, 2.91 host), boots it
from that image and deletes it. Usage is compared as deltas of
os-hypervisors, so servers of other tests do not matter.
"""
import datetime
import time

from oslo_config import cfg
from oslo_utils import timeutils
import pytest

from tests.unit.notifications import conftest as notification_fixtures

# The notifications sent during a test (an in-memory notifier).
sent = notification_fixtures.sent

ADMIN = '2.100'
TINY = (1, 512, 1)
ZERO = (0, 0, 0)
MEMBER = 'shelly:project-shelve'


def _usage(api):
    body = api.get('/v2.1/os-hypervisors/detail', version='2.87').json()
    return {h['hypervisor_hostname']: (h['vcpus_used'], h['memory_mb_used'],
                                       h['local_gb_used'])
            for h in body['hypervisors']}


def _wait_usage(api, before, host, expected, timeout=10):
    deadline = time.time() + timeout
    while True:
        now = _usage(api)
        delta = tuple(a - b for a, b in zip(now[host], before[host]))
        if delta == expected or time.time() > deadline:
            return delta
        time.sleep(0.05)


def _server(api, sid, **kw):
    kw.setdefault('version', ADMIN)
    return api.get('/v2.1/servers/%s' % sid, **kw).json()['server']


def _wait(api, sid, status, **kw):
    kw.setdefault('version', ADMIN)
    return api.wait_for_server(sid, status, **kw)


def _boot(api, image_id, name, **kw):
    resp = api.post('/v2.1/servers', {'server': {
        'name': name, 'imageRef': image_id, 'flavorRef': '1'}}, **kw)
    assert resp.status_code == 202, resp.text
    sid = resp.json()['server']['id']
    return sid, _wait(api, sid, 'ACTIVE', **kw)


def _action(api, sid, body, status, version=ADMIN, **kw):
    resp = api.post('/v2.1/servers/%s/action' % sid, body, version=version,
                    **kw)
    assert resp.status_code == status, resp.text
    return resp


def _shelved_images(api, name):
    return api.get('/image/v2/images?name=%s-shelved' % name).json()[
        'images']


def _actions(api, sid, **kw):
    body = api.get('/v2.1/servers/%s/os-instance-actions' % sid,
                   version='2.21', **kw).json()
    return [a['action'] for a in body['instanceActions']]


def _events(api, sid, action, **kw):
    """{event: result} of the server's (latest) `action`."""
    actions = api.get('/v2.1/servers/%s/os-instance-actions' % sid,
                      **kw).json()['instanceActions']
    request_id = [a['request_id'] for a in actions
                  if a['action'] == action][0]
    detail = api.get('/v2.1/servers/%s/os-instance-actions/%s' % (
        sid, request_id), version='2.51', **kw).json()['instanceAction']
    return {e['event']: e['result'] for e in detail['events']}


def _delete(api, sid, **kw):
    api.delete('/v2.1/servers/%s' % sid, **kw)
    _wait(api, sid, 'DELETED', **kw)


@pytest.fixture
def keep_shelved(deployment):
    cfg.CONF.set_override('shelved_offload_time', -1)
    yield
    cfg.CONF.clear_override('shelved_offload_time')


@pytest.fixture
def zone_on_fc2(api):
    """fc2 alone in availability zone "shelf-az"."""
    agg = api.post('/v2.1/os-aggregates', {'aggregate': {
        'name': 'shelve-agg', 'availability_zone': 'shelf-az'}}).json()
    agg_id = agg['aggregate']['id']
    api.post('/v2.1/os-aggregates/%s/action' % agg_id,
             {'add_host': {'host': 'fc2'}})
    yield 'shelf-az'
    api.post('/v2.1/os-aggregates/%s/action' % agg_id,
             {'remove_host': {'host': 'fc2'}})
    api.delete('/v2.1/os-aggregates/%s' % agg_id)


def test_shelve_offloads_and_unshelve_restores(api, image_id):
    sid, server = _boot(api, image_id, 'shelf-vm')
    host = server['OS-EXT-SRV-ATTR:host']
    before = _usage(api)

    _action(api, sid, {'shelve': None}, 202)
    server = _wait(api, sid, 'SHELVED_OFFLOADED')
    assert server['OS-EXT-SRV-ATTR:host'] is None
    assert server['OS-EXT-SRV-ATTR:hypervisor_hostname'] is None
    assert server['OS-EXT-STS:vm_state'] == 'shelved_offloaded'
    assert server['OS-EXT-STS:power_state'] == 4
    assert server['image']['id'] == image_id
    # The host's claim is released.
    assert _wait_usage(api, before, host, tuple(-v for v in TINY)) == \
        tuple(-v for v in TINY)
    # The snapshot is an image of the server's project.
    [image] = _shelved_images(api, 'shelf-vm')
    assert image['status'] == 'active'
    assert image['instance_uuid'] == sid
    assert image['image_type'] == 'snapshot'

    _action(api, sid, {'unshelve': None}, 202)
    server = _wait(api, sid, 'ACTIVE')
    new_host = server['OS-EXT-SRV-ATTR:host']
    assert new_host in ('fc1', 'fc2')
    assert server['OS-EXT-SRV-ATTR:hypervisor_hostname'] == new_host
    assert server['OS-EXT-STS:power_state'] == 1
    assert server['image']['id'] == image_id
    assert server['OS-EXT-AZ:availability_zone'] == 'nova'
    assert _wait_usage(api, before, new_host,
                       ZERO if new_host == host else TINY) == \
        (ZERO if new_host == host else TINY)
    # The shelved image is gone.
    assert _shelved_images(api, 'shelf-vm') == []
    assert api.get('/image/v2/images/%s' % image['id']).status_code == 404
    assert _actions(api, sid) == ['unshelve', 'shelve', 'create']
    assert _events(api, sid, 'shelve') == {
        'compute_shelve_instance': 'Success'}
    assert _events(api, sid, 'unshelve') == {
        'get_image_info': 'Success', 'schedule_instances': 'Success',
        'compute_unshelve_instance': 'Success'}
    _delete(api, sid)


def test_shelve_and_unshelve_notifications(api, image_id, sent):  # noqa: F811
    sid, _ = _boot(api, image_id, 'shelf-notify')
    _action(api, sid, {'shelve': None}, 202)
    _wait(api, sid, 'SHELVED_OFFLOADED')
    _action(api, sid, {'unshelve': None}, 202)
    _wait(api, sid, 'ACTIVE')
    messages = [m[1] for m in sent]
    mine = [m for m in messages if 'shelve' in m['event_type'] and
            m['payload']['nova_object.data']['uuid'] == sid]
    assert [m['event_type'] for m in mine] == [
        'instance.shelve.start', 'instance.shelve.end',
        'instance.shelve_offload.start', 'instance.shelve_offload.end',
        'instance.unshelve.start', 'instance.unshelve.end']
    data = {m['event_type']: m['payload']['nova_object.data'] for m in mine}
    assert data['instance.shelve.end']['state'] == 'shelved'
    assert data['instance.shelve_offload.end']['state'] == \
        'shelved_offloaded'
    assert data['instance.shelve_offload.end']['host'] is None
    assert data['instance.unshelve.end']['state'] == 'active'
    _delete(api, sid)


def test_shelve_of_a_stopped_server_by_its_owner(api, image_id):
    sid, _ = _boot(api, image_id, 'shelf-owner', token=MEMBER)
    _action(api, sid, {'os-stop': None}, 202, token=MEMBER)
    _wait(api, sid, 'SHUTOFF', token=MEMBER)
    _action(api, sid, {'shelve': None}, 202, version='2.1', token=MEMBER)
    _wait(api, sid, 'SHELVED_OFFLOADED', token=MEMBER)
    assert len(_shelved_images(api, 'shelf-owner')) == 1
    # Offloading is for admins (and nothing to offload anyway).
    resp = _action(api, sid, {'shelveOffload': None}, 403, token=MEMBER)
    assert 'os_compute_api:os-shelve:shelve_offload' in resp.text
    # Deleting a shelved server deletes its snapshot too.
    _delete(api, sid, token=MEMBER)
    assert _shelved_images(api, 'shelf-owner') == []


def test_shelved_offload_time_never_keeps_it_on_its_host(
        api, image_id, keep_shelved):
    sid, server = _boot(api, image_id, 'shelf-kept')
    host = server['OS-EXT-SRV-ATTR:host']
    before = _usage(api)
    _action(api, sid, {'shelve': None}, 202)
    server = _wait(api, sid, 'SHELVED')
    assert server['OS-EXT-SRV-ATTR:host'] == host
    assert server['OS-EXT-STS:power_state'] == 4
    assert _wait_usage(api, before, host, ZERO) == ZERO
    assert len(_shelved_images(api, 'shelf-kept')) == 1

    # A SHELVED (not offloaded) server is unshelved where it is.
    _action(api, sid, {'unshelve': None}, 202)
    server = _wait(api, sid, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == host
    assert server['OS-EXT-STS:power_state'] == 1
    assert _shelved_images(api, 'shelf-kept') == []

    _action(api, sid, {'shelve': None}, 202)
    _wait(api, sid, 'SHELVED')
    _action(api, sid, {'shelveOffload': None}, 202)
    server = _wait(api, sid, 'SHELVED_OFFLOADED')
    assert server['OS-EXT-SRV-ATTR:host'] is None
    assert _wait_usage(api, before, host, tuple(-v for v in TINY)) == \
        tuple(-v for v in TINY)
    assert _actions(api, sid) == ['shelveOffload', 'shelve', 'unshelve',
                                  'shelve', 'create']
    _delete(api, sid)
    assert _shelved_images(api, 'shelf-kept') == []


def test_periodic_task_offloads_old_shelved_servers(api, image_id,
                                                    monkeypatch):
    from nova_lite.compute import manager as compute_manager
    from nova_lite import context as nl_context

    cfg.CONF.set_override('shelved_offload_time', 3600)
    try:
        sid, server = _boot(api, image_id, 'shelf-periodic')
        _action(api, sid, {'shelve': None}, 202)
        _wait(api, sid, 'SHELVED')
        manager = compute_manager.ComputeManager(
            server['OS-EXT-SRV-ATTR:host'])
        manager.driver.init_host(manager.host)
        ctx = nl_context.get_admin_context()
        manager.shelving.poll_shelved_instances(ctx)      # too recent: kept
        assert _server(api, sid)['status'] == 'SHELVED'
        later = timeutils.utcnow() + datetime.timedelta(hours=2)
        monkeypatch.setattr(timeutils, 'utcnow', lambda *a, **k: later)
        manager.shelving.poll_shelved_instances(ctx)
        monkeypatch.undo()
        server = _wait(api, sid, 'SHELVED_OFFLOADED')
        assert server['OS-EXT-SRV-ATTR:host'] is None
    finally:
        cfg.CONF.clear_override('shelved_offload_time')
    _delete(api, sid)


def test_wrong_states_are_conflicts(api, image_id, keep_shelved):
    sid, _ = _boot(api, image_id, 'shelf-409')
    resp = _action(api, sid, {'unshelve': None}, 409)
    assert resp.json()['conflictingRequest']['message'] == (
        "Cannot 'unshelve' instance %s while it is in vm_state active"
        % sid)
    resp = _action(api, sid, {'shelveOffload': None}, 409)
    assert "Cannot 'shelveOffload' instance %s while it is in vm_state " \
        "active" % sid in resp.text
    _action(api, sid, {'shelve': None}, 202)
    _wait(api, sid, 'SHELVED')
    resp = _action(api, sid, {'shelve': None}, 409)
    assert "Cannot 'shelve' instance %s while it is in vm_state shelved" \
        % sid in resp.text
    # A zone or a host only for a SHELVED_OFFLOADED server.
    resp = _action(api, sid, {'unshelve': {'availability_zone': 'nova'}},
                   409, version='2.77')
    assert resp.json()['conflictingRequest']['message'] == (
        'Specifying an availability zone or a host when unshelving server '
        '"%s" with status "shelved" is not supported. The server status '
        'must be SHELVED_OFFLOADED.' % sid)
    _action(api, sid, {'unshelve': {'host': 'fc1'}}, 409, version='2.91')
    _delete(api, sid)


def test_unshelve_to_an_availability_zone(api, image_id, zone_on_fc2):
    sid, _ = _boot(api, image_id, 'shelf-az-vm')
    _action(api, sid, {'shelve': None}, 202)
    _wait(api, sid, 'SHELVED_OFFLOADED')
    # 2.77: the zone must exist; {} is not a valid body.
    resp = _action(api, sid, {'unshelve': {'availability_zone': 'nowhere'}},
                   400, version='2.77')
    assert resp.json()['badRequest']['message'] == \
        'The requested availability zone is not available'
    _action(api, sid, {'unshelve': {}}, 400, version='2.77')
    _action(api, sid, {'unshelve': {'host': 'fc2'}}, 400, version='2.77')

    _action(api, sid, {'unshelve': {'availability_zone': zone_on_fc2}},
            202, version='2.77')
    server = _wait(api, sid, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == 'fc2'
    assert server['OS-EXT-AZ:availability_zone'] == zone_on_fc2
    assert server['pinned_availability_zone'] == zone_on_fc2

    # Pinned to the zone: a host outside it is refused (2.91) ...
    _action(api, sid, {'shelve': None}, 202)
    _wait(api, sid, 'SHELVED_OFFLOADED')
    resp = _action(api, sid, {'unshelve': {'host': 'fc1'}}, 409,
                   version='2.91')
    assert resp.json()['conflictingRequest']['message'] == \
        'Host "fc1" is not in the availability zone "shelf-az".'
    # ... unless the server is unpinned at the same time.
    _action(api, sid, {'unshelve': {'availability_zone': None,
                                    'host': 'fc1'}}, 202, version='2.91')
    server = _wait(api, sid, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == 'fc1'
    assert server['OS-EXT-AZ:availability_zone'] == 'nova'
    assert server['pinned_availability_zone'] is None
    _delete(api, sid)


def test_unshelve_to_a_host(api, image_id):
    sid, server = _boot(api, image_id, 'shelf-host', token=MEMBER)
    target = {'fc1': 'fc2', 'fc2': 'fc1'}[_server(api, sid)[
        'OS-EXT-SRV-ATTR:host']]
    _action(api, sid, {'shelve': None}, 202, token=MEMBER)
    _wait(api, sid, 'SHELVED_OFFLOADED', token=MEMBER)
    # A host is for admins; before 2.91 it is not even a valid body.
    resp = _action(api, sid, {'unshelve': {'host': target}}, 403,
                   version='2.91', token=MEMBER)
    assert 'os_compute_api:os-shelve:unshelve_to_host' in resp.text
    _action(api, sid, {'unshelve': {'host': target}}, 400, version='2.90')
    resp = _action(api, sid, {'unshelve': {'host': 'no-such-host'}}, 400,
                   version='2.91')
    assert resp.json()['badRequest']['message'] == \
        'Compute host no-such-host could not be found.'
    _action(api, sid, {'unshelve': {'host': target}}, 202, version='2.91')
    server = _wait(api, sid, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == target
    _delete(api, sid)


def test_unshelve_without_a_valid_host_stays_offloaded(api, image_id):
    sid, _ = _boot(api, image_id, 'shelf-nohost')
    _action(api, sid, {'shelve': None}, 202)
    _wait(api, sid, 'SHELVED_OFFLOADED')
    disabled = []
    try:
        for host in ('fc1', 'fc2'):
            resp = api.put('/v2.1/os-services/disable',
                           {'host': host, 'binary': 'nova-compute'})
            assert resp.status_code == 200, resp.text
            disabled.append(host)
        time.sleep(2.1)     # the scheduler's cache of services
        _action(api, sid, {'unshelve': None}, 202)
        server = _wait(api, sid, 'SHELVED_OFFLOADED')
    finally:
        for host in disabled:
            api.put('/v2.1/os-services/enable',
                    {'host': host, 'binary': 'nova-compute'})
    assert server['OS-EXT-SRV-ATTR:host'] is None
    assert _events(api, sid, 'unshelve') == {
        'get_image_info': 'Success', 'schedule_instances': 'Error'}
    assert len(_shelved_images(api, 'shelf-nohost')) == 1
    time.sleep(2.1)
    _action(api, sid, {'unshelve': None}, 202)
    _wait(api, sid, 'ACTIVE')
    _delete(api, sid)


def test_unshelve_spawn_failure_leaves_it_offloaded(api, image_id):
    sid, _ = _boot(api, image_id, 'shelf-spawnfail')
    _action(api, sid, {'shelve': None}, 202)
    _wait(api, sid, 'SHELVED_OFFLOADED')
    before = _usage(api)
    cfg.CONF.set_override('fail_spawn_hosts', ['fc1', 'fc2'],
                          group='fake_driver')
    try:
        _action(api, sid, {'unshelve': None}, 202)
        server = _wait(api, sid, 'SHELVED_OFFLOADED')
    finally:
        cfg.CONF.clear_override('fail_spawn_hosts', group='fake_driver')
    # Off the host again, its claim released, the snapshot kept.
    assert server['OS-EXT-SRV-ATTR:host'] is None
    assert _events(api, sid, 'unshelve')['compute_unshelve_instance'] == \
        'Error'
    for host in ('fc1', 'fc2'):
        assert _wait_usage(api, before, host, ZERO) == ZERO
    assert len(_shelved_images(api, 'shelf-spawnfail')) == 1
    _action(api, sid, {'unshelve': None}, 202)
    _wait(api, sid, 'ACTIVE')
    assert _shelved_images(api, 'shelf-spawnfail') == []
    _delete(api, sid)


def test_unshelve_without_its_image_is_an_error(api, image_id):
    from nova_lite import context as nl_context
    from nova_lite.image import api as image_api

    sid, _ = _boot(api, image_id, 'shelf-noimage')
    _action(api, sid, {'shelve': None}, 202)
    _wait(api, sid, 'SHELVED_OFFLOADED')
    [image] = _shelved_images(api, 'shelf-noimage')
    image_api.API().delete(nl_context.get_admin_context(), image['id'])
    _action(api, sid, {'unshelve': None}, 202)
    server = _wait(api, sid, 'ERROR')
    assert server['fault']['message'] == (
        'Unshelve attempted but the image %s cannot be found.' % image['id'])
    assert server['OS-EXT-SRV-ATTR:host'] is None
    _delete(api, sid)
