"""[DEFAULT] reclaim_instance_interval > 0: DELETE soft-deletes
(SOFT_DELETED), restore brings the server back, forceDelete deletes it,
and the compute's periodic task reclaims old soft-deleted servers."""
import datetime

from oslo_config import cfg
import pytest

TOKEN = 'frank:project-soft'


@pytest.fixture
def reclaim(deployment):
    cfg.CONF.set_override('reclaim_instance_interval', 3600)
    yield
    cfg.CONF.clear_override('reclaim_instance_interval')


def _boot(api, image_id, name):
    resp = api.post('/v2.1/servers', {'server': {
        'name': name, 'imageRef': image_id, 'flavorRef': '1'}}, token=TOKEN)
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    api.wait_for_server(server_id, 'ACTIVE', token=TOKEN)
    return server_id


def _action(api, server_id, body, **kw):
    return api.post('/v2.1/servers/%s/action' % server_id, body,
                    token=kw.pop('token', TOKEN), **kw)


def test_soft_delete_restore_force_delete(api, image_id, reclaim):
    server_id = _boot(api, image_id, 'soft-vm')
    assert api.delete('/v2.1/servers/%s' % server_id,
                      token=TOKEN).status_code == 204
    server = api.wait_for_server(server_id, 'SOFT_DELETED', token=TOKEN)
    assert server['OS-EXT-STS:vm_state'] == 'soft-delete'

    # A soft-deleted server refuses other actions.
    resp = _action(api, server_id, {'os-stop': None})
    assert resp.status_code == 409

    assert _action(api, server_id, {'restore': None}).status_code == 202
    api.wait_for_server(server_id, 'ACTIVE', token=TOKEN)
    resp = _action(api, server_id, {'restore': None})
    assert resp.status_code == 409
    assert "while it is in vm_state active" in \
        resp.json()['conflictingRequest']['message']

    assert api.delete('/v2.1/servers/%s' % server_id,
                      token=TOKEN).status_code == 204
    api.wait_for_server(server_id, 'SOFT_DELETED', token=TOKEN)
    assert _action(api, server_id, {'forceDelete': None}).status_code == 202
    api.wait_for_server(server_id, 'DELETED', token=TOKEN)

    actions = api.get('/v2.1/servers/%s/os-instance-actions' % server_id,
                      version='2.21', token=TOKEN).json()['instanceActions']
    assert [a['action'] for a in actions] == [
        'delete', 'delete', 'restore', 'delete', 'create']


def test_delete_of_a_soft_deleted_server_deletes_it(api, image_id, reclaim):
    server_id = _boot(api, image_id, 'soft-vm-2')
    api.delete('/v2.1/servers/%s' % server_id, token=TOKEN)
    api.wait_for_server(server_id, 'SOFT_DELETED', token=TOKEN)
    assert api.delete('/v2.1/servers/%s' % server_id,
                      token=TOKEN).status_code == 204
    api.wait_for_server(server_id, 'DELETED', token=TOKEN)


def test_periodic_reclaim(api, image_id, reclaim, monkeypatch):
    from nova_lite.compute import manager as compute_manager
    from nova_lite import context as nl_context
    from oslo_utils import timeutils

    server_id = _boot(api, image_id, 'soft-vm-3')
    api.delete('/v2.1/servers/%s' % server_id, token=TOKEN)
    server = api.wait_for_server(server_id, 'SOFT_DELETED', token=TOKEN)
    host = api.get('/v2.1/servers/%s' % server_id).json()['server'][
        'OS-EXT-SRV-ATTR:host']
    manager = compute_manager.ComputeManager(host)
    manager.driver.init_host(host)
    ctx = nl_context.get_admin_context()
    manager.deletes.reclaim_queued_deletes(ctx)      # too young: kept
    api.wait_for_server(server_id, 'SOFT_DELETED', token=TOKEN)
    later = timeutils.utcnow() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timeutils, 'utcnow', lambda *a, **k: later)
    manager.deletes.reclaim_queued_deletes(ctx)
    assert server is not None
    assert api.get('/v2.1/servers/%s' % server_id,
                   token=TOKEN).status_code == 404
