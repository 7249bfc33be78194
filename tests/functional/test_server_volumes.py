"""Volumes attached to and detached from servers on the fake driver,
against the Cinder stand-in: the volume moves reserved -> in-use ->
available, the BDM and the guest's disk follow, the instance actions
record each step, and every failure on the way rolls back (no volume
left reserved/attaching, no attachment, no BDM without its volume)."""
import time

from oslo_config import cfg
import pytest

from nova_lite import context as nl_context
from nova_lite import objects

TOKEN = 'vera:volumes'
PROJECT = 'volumes'


def _boot(api, image_id, name='vol-server'):
    resp = api.post('/v2.1/servers', {'server': {
        'name': name, 'imageRef': image_id, 'flavorRef': '1',
        'networks': 'none'}}, token=TOKEN, version='2.37')
    assert resp.status_code == 202, resp.text
    sid = resp.json()['server']['id']
    return api.wait_for_server(sid, 'ACTIVE', token=TOKEN)


def _delete(api, sid):
    api.delete('/v2.1/servers/%s' % sid, token=TOKEN)
    api.wait_for_server(sid, 'DELETED', token=TOKEN)


def _attach(api, sid, volume_id, version='2.79', **extra):
    body = {'volumeAttachment': dict(volumeId=volume_id, **extra)}
    return api.post('/v2.1/servers/%s/os-volume_attachments' % sid, body,
                    token=TOKEN, version=version)


def _wait_for(predicate, what, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError('timed out waiting for %s' % what)


def _bdms(sid):
    return objects.BlockDeviceMappingList.get_by_instance_uuid(
        nl_context.get_admin_context(), sid)


def _instance(sid):
    return objects.Instance.get_by_uuid(nl_context.get_admin_context(), sid)


def _plugged(computes, server):
    instance = _instance(server['id'])
    return computes[instance.host].driver.volumes.plugged(instance)


def _actions(api, sid):
    resp = api.get('/v2.1/servers/%s/os-instance-actions' % sid,
                   token=TOKEN)
    return [a['action'] for a in resp.json()['instanceActions']]


def _events(api, sid, action):
    resp = api.get('/v2.1/servers/%s/os-instance-actions' % sid,
                   token=TOKEN, version='2.51')
    request_id = next(a['request_id'] for a in
                      resp.json()['instanceActions'] if a['action'] == action)
    resp = api.get('/v2.1/servers/%s/os-instance-actions/%s' % (
        sid, request_id), token='admin', version='2.51')
    return resp.json()['instanceAction']['events']


@pytest.fixture
def fail_driver():
    conf = cfg.CONF
    yield lambda ops: conf.set_override('fail_volume_operations', ops,
                                        group='fake_driver')
    conf.clear_override('fail_volume_operations', group='fake_driver')


def test_attach_and_detach_a_volume(api, image_id, fake_cinder,
                                    fake_computes):
    server = _boot(api, image_id)
    sid = server['id']
    volume = fake_cinder.add_volume('v1', project_id=PROJECT)
    resp = _attach(api, sid, volume['id'], delete_on_termination=True)
    assert resp.status_code == 200, resp.text
    assert resp.json()['volumeAttachment'] == {
        'id': volume['id'], 'volumeId': volume['id'], 'serverId': sid,
        'device': '/dev/vdb', 'tag': None, 'delete_on_termination': True}
    _wait_for(lambda: fake_cinder.status_of(volume['id']) == 'in-use',
              'the volume in-use')
    assert _plugged(fake_computes, server)['vdb'][
        'connection_info']['serial'] == volume['id']
    [bdm] = [b for b in _bdms(sid) if b.is_volume]
    assert bdm.get_connection_info()['driver_volume_type'] == 'nfs'
    assert bdm.attachment_id == fake_cinder.attachments_of(
        volume['id'])[0]['id']

    listed = api.get('/v2.1/servers/%s/os-volume_attachments' % sid,
                     token=TOKEN, version='2.89').json()
    assert listed == {'volumeAttachments': [{
        'volumeId': volume['id'], 'serverId': sid, 'device': '/dev/vdb',
        'tag': None, 'delete_on_termination': True,
        'attachment_id': bdm.attachment_id, 'bdm_uuid': bdm.uuid}]}
    shown = api.get('/v2.1/servers/%s' % sid, token=TOKEN,
                    version='2.3').json()['server']
    assert shown['os-extended-volumes:volumes_attached'] == [
        {'id': volume['id'], 'delete_on_termination': True}]
    detail = api.get('/v2.1/servers/detail', token=TOKEN).json()
    assert [s['os-extended-volumes:volumes_attached'] for s in
            detail['servers'] if s['id'] == sid] == [[{'id': volume['id']}]]

    resp = api.delete('/v2.1/servers/%s/os-volume_attachments/%s' % (
        sid, volume['id']), token=TOKEN)
    assert resp.status_code == 202, resp.text
    _wait_for(lambda: fake_cinder.status_of(volume['id']) == 'available',
              'the volume available')
    assert fake_cinder.attachments_of(volume['id']) == []
    _wait_for(lambda: [b for b in _bdms(sid) if b.is_volume] == [],
              'the BDM gone')
    assert _plugged(fake_computes, server) == {}
    assert {'attach_volume', 'detach_volume'} <= set(_actions(api, sid))
    assert [e['event'] for e in _events(api, sid, 'attach_volume')] == [
        'compute_attach_volume']
    _delete(api, sid)


def test_a_second_volume_gets_the_next_device_and_202_at_2_101(
        api, image_id, fake_cinder, monkeypatch):
    from nova_lite.api import microversion
    monkeypatch.setattr(microversion, 'MAX_VERSION',
                        microversion.APIVersion('2.101'))
    server = _boot(api, image_id)
    sid = server['id']
    first = fake_cinder.add_volume('a', project_id=PROJECT)
    second = fake_cinder.add_volume('b', project_id=PROJECT)
    assert _attach(api, sid, first['id']).status_code == 200
    resp = _attach(api, sid, second['id'], version='2.101')
    assert resp.status_code == 202, resp.text
    assert resp.text == ''
    _wait_for(lambda: fake_cinder.status_of(second['id']) == 'in-use',
              'the second volume in-use')
    devices = sorted(b.device_name for b in _bdms(sid) if b.is_volume)
    assert devices == ['/dev/vdb', '/dev/vdc']
    _delete(api, sid)


@pytest.mark.parametrize('failure', [
    ('cinder', 'PUT', 'attachments'),            # attachment_update
    ('driver', 'attach_volume'),                 # the hot-plug
    ('cinder', 'POST', 'attachments:action'),    # attachment_complete
])
def test_a_failed_attach_rolls_back(api, image_id, fake_cinder,
                                    fake_computes, fail_driver, failure):
    server = _boot(api, image_id)
    sid = server['id']
    volume = fake_cinder.add_volume('v1', project_id=PROJECT)
    if failure[0] == 'cinder':
        fake_cinder.fail(failure[1], failure[2], status=400,
                         message='Invalid input received: no', times=10)
    else:
        fail_driver([failure[1]])
    assert _attach(api, sid, volume['id']).status_code == 200
    _wait_for(lambda: not [b for b in _bdms(sid) if b.is_volume],
              'the BDM rolled back')
    _wait_for(lambda: fake_cinder.status_of(volume['id']) == 'available',
              'the volume available again')
    assert fake_cinder.attachments_of(volume['id']) == []
    assert _plugged(fake_computes, server) == {}
    events = _events(api, sid, 'attach_volume')
    assert [(e['event'], e['result']) for e in events] == [
        ('compute_attach_volume', 'Error')]
    server = api.get('/v2.1/servers/%s' % sid, token=TOKEN).json()['server']
    assert server['status'] == 'ACTIVE'
    fake_cinder.failures.clear()
    _delete(api, sid)


def test_a_failed_detach_keeps_the_volume_attached(
        api, image_id, fake_cinder, fake_computes, fail_driver):
    server = _boot(api, image_id)
    sid = server['id']
    volume = fake_cinder.add_volume('v1', project_id=PROJECT)
    assert _attach(api, sid, volume['id']).status_code == 200
    _wait_for(lambda: fake_cinder.status_of(volume['id']) == 'in-use',
              'the volume in-use')
    fail_driver(['detach_volume'])
    resp = api.delete('/v2.1/servers/%s/os-volume_attachments/%s' % (
        sid, volume['id']), token=TOKEN)
    assert resp.status_code == 202
    _wait_for(lambda: any(e['result'] == 'Error' for e in
                          _events(api, sid, 'detach_volume')),
              'the detach to fail')
    assert fake_cinder.status_of(volume['id']) == 'in-use'
    assert len(fake_cinder.attachments_of(volume['id'])) == 1
    assert [b.volume_id for b in _bdms(sid) if b.is_volume] == [volume['id']]
    assert 'vdb' in _plugged(fake_computes, server)
    fail_driver([])
    _delete(api, sid)


def test_cinder_refusing_the_reservation_leaves_no_bdm(api, image_id,
                                                       fake_cinder):
    server = _boot(api, image_id)
    sid = server['id']
    volume = fake_cinder.add_volume('v1', project_id=PROJECT)
    fake_cinder.fail('POST', 'attachments', status=503, times=1)
    resp = _attach(api, sid, volume['id'])
    assert resp.status_code == 503, resp.text
    assert 'serviceUnavailable' in resp.json()
    assert resp.headers['Retry-After']
    assert not [b for b in _bdms(sid) if b.is_volume]
    assert fake_cinder.status_of(volume['id']) == 'available'
    _delete(api, sid)


def test_volume_extended_event_resizes_the_guest_disk(
        api, image_id, fake_cinder, fake_computes):
    server = _boot(api, image_id)
    sid = server['id']
    volume = fake_cinder.add_volume('v1', project_id=PROJECT)
    assert _attach(api, sid, volume['id']).status_code == 200
    _wait_for(lambda: fake_cinder.status_of(volume['id']) == 'in-use',
              'the volume in-use')
    fake_cinder.volumes[volume['id']]['size'] = 3
    resp = api.post('/v2.1/os-server-external-events', {'events': [{
        'name': 'volume-extended', 'server_uuid': sid,
        'tag': volume['id']}]}, token='admin', version='2.51')
    assert resp.status_code == 200, resp.text
    _wait_for(lambda: _plugged(fake_computes, server)['vdb']['size'] ==
              3 * 1024 ** 3, 'the guest disk resized')
    _delete(api, sid)


def _attach_cut_after_update(api, image_id, fake_cinder, fake_computes):
    """An attach that stopped after attachment_update (the compute died):
    returns the server, its compute, the volume, the context, the instance,
    the BDM and the updated attachment."""
    server = _boot(api, image_id)
    sid = server['id']
    compute = fake_computes[_instance(sid).host]
    volume = fake_cinder.add_volume('v1', project_id=PROJECT)
    ctx = nl_context.RequestContext(user_id='vera', project_id=PROJECT,
                                    auth_token=TOKEN)
    instance = objects.Instance.get_by_uuid(ctx, sid)
    bdm = compute.volumes.reserve_block_device_name(
        ctx, instance, None, volume['id'])
    bdm.attachment_id = compute.volumes.volume_api.attachment_create(
        ctx, volume['id'], sid)['id']
    bdm.save()
    attachment = compute.volumes.volume_api.attachment_update(
        ctx, bdm.attachment_id, compute.driver.get_volume_connector(
            instance), bdm.device_name)
    return server, compute, volume, ctx, instance, bdm, attachment


def test_restart_rolls_back_an_interrupted_attach(
        api, image_id, fake_cinder, fake_computes):
    """The compute died after attachment_update: at start-up the attach
    is undone, so the BDM agrees with Cinder."""
    server, compute, volume, ctx, instance, bdm, attachment = (
        _attach_cut_after_update(api, image_id, fake_cinder, fake_computes))
    sid = server['id']
    assert fake_cinder.status_of(volume['id']) == 'attaching'
    compute.volumes.reconcile(ctx, instance)
    assert fake_cinder.status_of(volume['id']) == 'available'
    assert fake_cinder.attachments_of(volume['id']) == []
    assert not [b for b in _bdms(sid) if b.is_volume]
    _delete(api, sid)


def test_restart_unplugs_a_disk_whose_connection_was_not_saved(
        api, image_id, fake_cinder, fake_computes):
    """The compute died after plugging the disk, before the mapping
    recorded the connection: the start-up rollback unplugs it with the
    attachment's connection info."""
    server, compute, volume, ctx, instance, bdm, attachment = (
        _attach_cut_after_update(api, image_id, fake_cinder, fake_computes))
    sid = server['id']
    compute.driver.attach_volume(
        ctx, dict(attachment['connection_info'], serial=volume['id']),
        instance, bdm.device_name)
    assert 'vdb' in _plugged(fake_computes, server)
    compute.volumes.reconcile(ctx, instance)
    assert 'vdb' not in _plugged(fake_computes, server)
    assert fake_cinder.status_of(volume['id']) == 'available'
    assert fake_cinder.attachments_of(volume['id']) == []
    assert not [b for b in _bdms(sid) if b.is_volume]
    _delete(api, sid)


def test_swap_moves_the_guest_disk_to_the_new_volume(
        api, image_id, fake_cinder, fake_computes):
    """What Cinder asks for while it migrates a volume: the guest's disk
    moves to the new volume, whose attachment completes; the old one's
    goes."""
    from nova_lite.compute import api as compute_api
    server = _boot(api, image_id)
    sid = server['id']
    old = fake_cinder.add_volume('old', project_id=PROJECT)
    new = fake_cinder.add_volume('new', size=2, project_id=PROJECT)
    assert _attach(api, sid, old['id']).status_code == 200
    _wait_for(lambda: fake_cinder.status_of(old['id']) == 'in-use',
              'the old volume in-use')
    ctx = nl_context.RequestContext(user_id='vera', project_id=PROJECT,
                                    roles=['member'], auth_token=TOKEN)
    instance = _instance(sid)
    computes = compute_api.API()
    bdm = computes.volume_attachment(ctx, instance, old['id'])
    computes.swap_volume(ctx, instance, bdm, new['id'])
    _wait_for(lambda: fake_cinder.status_of(new['id']) == 'in-use',
              'the new volume in-use')
    _wait_for(lambda: fake_cinder.status_of(old['id']) == 'available',
              'the old volume available')
    [swapped] = [b for b in _bdms(sid) if b.is_volume]
    assert (swapped.volume_id, swapped.device_name, swapped.volume_size) == (
        new['id'], '/dev/vdb', 2)
    disk = _plugged(fake_computes, server)['vdb']
    assert disk['connection_info']['serial'] == new['id']
    assert disk['size'] == 2 * 1024 ** 3
    assert 'swap_volume' in _actions(api, sid)
    _delete(api, sid)


def _action(api, sid, body):
    resp = api.post('/v2.1/servers/%s/action' % sid, body, token=TOKEN)
    assert resp.status_code == 202, resp.text


def _attachment_ids(fake_cinder, volume):
    return [a['id'] for a in fake_cinder.attachments_of(volume['id'])]


def _attached_server(api, image_id, fake_cinder):
    server = _boot(api, image_id)
    volume = fake_cinder.add_volume('v1', project_id=PROJECT)
    assert _attach(api, server['id'], volume['id']).status_code == 200
    _wait_for(lambda: fake_cinder.status_of(volume['id']) == 'in-use',
              'the volume in-use')
    return server, volume


def test_rebuild_keeps_the_attached_volume_in_the_guest(
        api, image_id, fake_cinder, fake_computes):
    server, volume = _attached_server(api, image_id, fake_cinder)
    sid = server['id']
    [attachment] = _attachment_ids(fake_cinder, volume)
    _action(api, sid, {'rebuild': {'imageRef': image_id}})
    api.wait_for_server(sid, 'ACTIVE', token=TOKEN)
    disk = _plugged(fake_computes, server)['vdb']
    assert disk['connection_info']['serial'] == volume['id']
    assert fake_cinder.status_of(volume['id']) == 'in-use'
    assert _attachment_ids(fake_cinder, volume) == [attachment]
    _delete(api, sid)
    assert fake_cinder.status_of(volume['id']) == 'available'


def test_shelve_offload_reserves_the_volume_and_unshelve_plugs_it_again(
        api, image_id, fake_cinder, fake_computes):
    server, volume = _attached_server(api, image_id, fake_cinder)
    sid = server['id']
    [before] = _attachment_ids(fake_cinder, volume)
    _action(api, sid, {'shelve': None})
    api.wait_for_server(sid, 'SHELVED_OFFLOADED', token=TOKEN)
    # Off every host: still the server's (reserved), with no connection.
    assert fake_cinder.status_of(volume['id']) == 'reserved'
    [reserved] = _attachment_ids(fake_cinder, volume)
    assert reserved != before
    [bdm] = [b for b in _bdms(sid) if b.is_volume]
    assert (bdm.attachment_id, bdm.get_connection_info()) == (reserved, {})

    _action(api, sid, {'unshelve': None})
    api.wait_for_server(sid, 'ACTIVE', token=TOKEN)
    assert fake_cinder.status_of(volume['id']) == 'in-use'
    assert _attachment_ids(fake_cinder, volume) == [reserved]
    disk = _plugged(fake_computes, server)['vdb']
    assert disk['connection_info']['serial'] == volume['id']
    listed = api.get('/v2.1/servers/%s/os-volume_attachments' % sid,
                     token=TOKEN).json()['volumeAttachments']
    assert [(a['volumeId'], a['device']) for a in listed] == [
        (volume['id'], '/dev/vdb')]
    _delete(api, sid)
    assert fake_cinder.status_of(volume['id']) == 'available'


@pytest.mark.parametrize('finish', ['confirmResize', 'revertResize'])
def test_resize_moves_the_volume_with_the_guest(
        api, image_id, fake_cinder, fake_computes, finish):
    """The volume leaves the source with the guest (a new attachment,
    reserved) and is attached where the guest runs: on the destination
    after the resize, on the source again after a revert."""
    server, volume = _attached_server(api, image_id, fake_cinder)
    sid = server['id']
    source = _instance(sid).host
    [before] = _attachment_ids(fake_cinder, volume)
    _action(api, sid, {'resize': {'flavorRef': '2'}})
    api.wait_for_server(sid, 'VERIFY_RESIZE', token=TOKEN)
    assert _instance(sid).host != source
    [moved] = _attachment_ids(fake_cinder, volume)
    assert moved != before
    assert fake_cinder.status_of(volume['id']) == 'in-use'
    assert fake_cinder.attachments[moved]['connector']['host'] == \
        _instance(sid).host
    assert _plugged(fake_computes, server)['vdb']['serial'] == volume['id']

    resp = api.post('/v2.1/servers/%s/action' % sid, {finish: None},
                    token=TOKEN)
    assert resp.status_code in (202, 204), resp.text
    api.wait_for_server(sid, 'ACTIVE', token=TOKEN)
    _wait_for(lambda: _instance(sid).task_state is None, 'the move ended')
    host = _instance(sid).host
    assert (host == source) == (finish == 'revertResize')
    [final] = _attachment_ids(fake_cinder, volume)
    assert fake_cinder.attachments[final]['connector']['host'] == host
    assert fake_cinder.status_of(volume['id']) == 'in-use'
    assert _plugged(fake_computes, server)['vdb']['serial'] == volume['id']
    _delete(api, sid)
    assert fake_cinder.status_of(volume['id']) == 'available'
