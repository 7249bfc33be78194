"""Boot from volume through the REST API with the fake driver and the
in-memory Cinder (tests.fake_cinder, served over HTTP to the real Cinder
client): block_device_mapping_v2 roots from an existing volume, an image
or a snapshot; the volume's states and attachments through build, delete
(delete_on_termination), failed builds and reschedules; createImage of a
volume-backed server and a boot from that image."""
import json
import time

from oslo_config import cfg
from oslo_policy import policy as oslo_policy
import pytest

from nova_lite import policy
TOKEN = 'bfv-user:project-bfv'
USER, PROJECT = TOKEN.split(':')
VOLUME_BACKED_RULE = 'os_compute_api:servers:create_image:allow_volume_backed'


@pytest.fixture
def cinder(fake_cinder):
    return fake_cinder


def _create(api, bdms, image_ref=None, name='bfv', version='2.67',
            expect=202, **extra):
    server = {'name': name, 'flavorRef': '1', 'networks': 'none',
              'block_device_mapping_v2': bdms}
    if image_ref is not None:
        server['imageRef'] = image_ref
    server.update(extra)
    resp = api.post('/v2.1/servers', {'server': server}, token=TOKEN,
                    version=version)
    assert resp.status_code == expect, resp.text
    return resp


def _boot(api, bdms, status='ACTIVE', **kwargs):
    server_id = _create(api, bdms, **kwargs).json()['server']['id']
    return api.wait_for_server(server_id, status, token=TOKEN)


def _delete(api, server_id):
    resp = api.delete('/v2.1/servers/%s' % server_id, token=TOKEN)
    assert resp.status_code == 204, resp.text
    api.wait_for_server(server_id, 'DELETED', token=TOKEN)


def _mappings(server_id):
    from nova_lite import context as nl_context
    from nova_lite import objects
    ctx = nl_context.get_admin_context()
    return list(objects.BlockDeviceMappingList.get_by_instance_uuid(
        ctx, server_id))


def _allocations(server_id):
    from nova_lite import context as nl_context
    from nova_lite import objects
    return list(objects.AllocationList.get_by_consumer(
        nl_context.get_admin_context(), server_id))


def _volume_root(volume_id, **extra):
    bdm = {'source_type': 'volume', 'destination_type': 'volume',
           'uuid': volume_id, 'boot_index': 0}
    bdm.update(extra)
    return bdm


def _attached_to(cinder, volume_id):
    return [a['instance_uuid'] for a in cinder.attachments_of(volume_id)]


def test_boot_from_existing_volume_and_delete_keeps_it(api, cinder):
    volume = cinder.add_volume(name='root', size=2, project_id=PROJECT,
                               bootable=True)
    server = _boot(api, [_volume_root(volume['id'])])
    assert server['image'] == ''
    # The root volume is among the server's volumes (2.1: ids only).
    assert server['os-extended-volumes:volumes_attached'] == [
        {'id': volume['id']}]
    assert cinder.status_of(volume['id']) == 'in-use'
    assert _attached_to(cinder, volume['id']) == [server['id']]
    [root] = _mappings(server['id'])
    assert (root.source_type, root.destination_type, root.boot_index,
            root.device_name, root.volume_id, root.volume_size) == \
        ('volume', 'volume', 0, '/dev/vda', volume['id'], 2)
    # Its root disk is the volume: no local disk claimed on the host
    # (flavor 1 has a 1 GiB root disk).
    assert [a.disk_gb for a in _allocations(server['id'])] == [0]
    connection = json.loads(root.connection_info)
    assert connection['driver_volume_type'] == 'nfs'
    assert connection['serial'] == volume['id']
    assert root.attachment_id == cinder.attachments_of(volume['id'])[0]['id']

    _delete(api, server['id'])
    assert cinder.status_of(volume['id']) == 'available'
    assert cinder.attachments_of(volume['id']) == []


def test_boot_from_image_to_volume_deletes_it_on_termination(api, cinder,
                                                             image_id):
    before = set(cinder.volumes)
    server = _boot(api, [{'source_type': 'image', 'uuid': image_id,
                          'destination_type': 'volume', 'volume_size': 1,
                          'boot_index': 0, 'delete_on_termination': True}])
    [created] = set(cinder.volumes) - before
    volume = cinder.volumes[created]
    assert volume['image_id'] == image_id
    assert volume['size'] == 1
    assert volume['status'] == 'in-use'
    assert _attached_to(cinder, created) == [server['id']]
    assert server['image'] == ''
    [root] = _mappings(server['id'])
    assert (root.source_type, root.volume_id, root.delete_on_termination) \
        == ('image', created, True)

    _delete(api, server['id'])
    assert created not in cinder.volumes


def test_image_ref_with_a_data_volume(api, cinder, image_id):
    data = cinder.add_volume(name='data', project_id=PROJECT)
    server = _boot(api, [
        {'source_type': 'image', 'uuid': image_id,
         'destination_type': 'local', 'boot_index': 0},
        {'source_type': 'volume', 'destination_type': 'volume',
         'uuid': data['id'], 'boot_index': -1}], image_ref=image_id)
    assert server['image']['id'] == image_id
    names = {(b.source_type, b.destination_type): b.device_name
             for b in _mappings(server['id'])}
    assert names == {('image', 'local'): '/dev/vda',
                     ('volume', 'volume'): '/dev/vdb'}
    # An image-backed server claims its root disk.
    assert [a.disk_gb for a in _allocations(server['id'])] == [1]
    assert cinder.status_of(data['id']) == 'in-use'
    _delete(api, server['id'])
    assert cinder.status_of(data['id']) == 'available'


def test_blank_volume_gets_a_name_and_goes_with_the_server(api, cinder,
                                                           image_id):
    server = _boot(api, [
        {'source_type': 'image', 'uuid': image_id,
         'destination_type': 'local', 'boot_index': 0},
        {'source_type': 'blank', 'destination_type': 'volume',
         'volume_size': 3, 'delete_on_termination': True}],
        image_ref=image_id)
    [blank] = [b for b in _mappings(server['id']) if b.is_volume]
    volume = cinder.volumes[blank.volume_id]
    assert volume['name'] == server['id'] + '-blank-vol'
    assert volume['size'] == 3
    _delete(api, server['id'])
    assert blank.volume_id not in cinder.volumes


def test_volume_reserved_until_the_build_attaches_it(api, cinder):
    """The API reserves the volume (an attachment, no connector) before
    the build is cast: a second server cannot take it."""
    volume = cinder.add_volume(project_id=PROJECT, bootable=True)
    server = _boot(api, [_volume_root(volume['id'])])
    resp = _create(api, [_volume_root(volume['id'])], name='second',
                   expect=400)
    assert 'badRequest' in resp.json()
    assert _attached_to(cinder, volume['id']) == [server['id']]
    _delete(api, server['id'])


def test_volume_of_another_project_is_refused(api, cinder):
    volume = cinder.add_volume(project_id='someone-else', bootable=True)
    resp = _create(api, [_volume_root(volume['id'])], expect=400)
    # As Nova: the root's image metadata is looked up first.
    assert resp.json()['badRequest']['message'] == (
        'Block Device Mapping is Invalid: failed to get volume %s.' %
        volume['id'])


def test_volume_not_bootable(api, cinder):
    volume = cinder.add_volume(project_id=PROJECT, bootable=False)
    resp = _create(api, [_volume_root(volume['id'])], expect=400)
    assert resp.json()['badRequest']['message'] == \
        'Block Device %s is not bootable.' % volume['id']
    assert cinder.attachments_of(volume['id']) == []


def test_volume_that_never_becomes_available_fails_the_build(api, cinder,
                                                             image_id):
    cfg.CONF.set_override('block_device_allocate_retries', 2)
    cinder.created_status = 'creating'
    try:
        server = _boot(api, [{'source_type': 'image', 'uuid': image_id,
                              'destination_type': 'volume',
                              'volume_size': 1, 'boot_index': 0,
                              'delete_on_termination': True}],
                       status='ERROR')
    finally:
        cfg.CONF.clear_override('block_device_allocate_retries')
    assert 'did not finish being created even after we waited' in \
        server['fault']['message']
    assert 'attempts' in server['fault']['message']
    # delete_on_termination: the build asked Cinder to delete the volume
    # it made (Cinder refuses while it is still creating, as a real one).
    [volume_id] = list(cinder.volumes)
    assert [call for call in cinder.calls if call[0] == 'DELETE' and
            call[1].endswith('/volumes/%s' % volume_id)]
    assert cinder.attachments_of(volume_id) == []
    _delete(api, server['id'])


def test_volume_in_error_fails_the_build_and_keeps_a_kept_volume(
        api, cinder, image_id):
    cinder.created_status = 'error'
    server = _boot(api, [{'source_type': 'image', 'uuid': image_id,
                          'destination_type': 'volume', 'volume_size': 1,
                          'boot_index': 0}], status='ERROR')
    assert 'its status is error' in server['fault']['message']
    [kept] = list(cinder.volumes.values())
    assert kept['status'] == 'error'
    assert cinder.attachments_of(kept['id']) == []
    _delete(api, server['id'])
    assert kept['id'] in cinder.volumes


def test_failed_attach_ends_in_error_and_frees_the_volume(api, cinder):
    volume = cinder.add_volume(project_id=PROJECT, bootable=True)
    cinder.fail('PUT', 'attachments', 500, times=10)
    server = _boot(api, [_volume_root(volume['id'],
                                      delete_on_termination=False)],
                   status='ERROR')
    assert server['fault']['message']
    assert cinder.status_of(volume['id']) == 'available'
    assert cinder.attachments_of(volume['id']) == []
    _delete(api, server['id'])
    assert volume['id'] in cinder.volumes


def test_reschedule_keeps_the_volume_for_the_next_host(api, cinder):
    volume = cinder.add_volume(project_id=PROJECT, bootable=True)
    cfg.CONF.set_override('fail_spawn_hosts', ['fc1', 'fc2'],
                          group='fake_driver')
    try:
        first = _boot(api, [_volume_root(volume['id'])], status='ERROR')
    finally:
        cfg.CONF.clear_override('fail_spawn_hosts', group='fake_driver')
    # Both hosts tried, gave it back; the volume is still there, free.
    assert cinder.status_of(volume['id']) == 'available'
    assert cinder.attachments_of(volume['id']) == []
    _delete(api, first['id'])

    cfg.CONF.set_override('fail_spawn_hosts', ['fc1'], group='fake_driver')
    try:
        server = _boot(api, [_volume_root(volume['id'])])
    finally:
        cfg.CONF.clear_override('fail_spawn_hosts', group='fake_driver')
    assert cinder.status_of(volume['id']) == 'in-use'
    [attachment] = cinder.attachments_of(volume['id'])
    [root] = _mappings(server['id'])
    assert root.attachment_id == attachment['id']
    _delete(api, server['id'])
    assert cinder.status_of(volume['id']) == 'available'


def _wait_image(api, image_id, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        resp = api.get('/image/v2/images/%s' % image_id, token=TOKEN)
        if resp.status_code == 200 and resp.json()['status'] == 'active':
            return resp.json()
        time.sleep(0.05)
    raise AssertionError(resp.text)


def test_snapshot_of_volume_backed_server_and_boot_from_it(api, cinder,
                                                           image_id):
    server = _boot(api, [{'source_type': 'image', 'uuid': image_id,
                          'destination_type': 'volume', 'volume_size': 1,
                          'boot_index': 0, 'delete_on_termination': True}])
    [root] = _mappings(server['id'])
    resp = api.post('/v2.1/servers/%s/action' % server['id'],
                    {'createImage': {'name': 'bfv-snap',
                                     'metadata': {'purpose': 'test'}}},
                    token=TOKEN, version='2.45')
    assert resp.status_code == 202, resp.text
    image = _wait_image(api, resp.json()['image_id'])
    assert image['size'] == 0
    assert image['disk_format'] == 'raw'
    assert image['container_format'] == 'bare'
    assert image['purpose'] == 'test'
    assert image['root_device_name'] == '/dev/vda'
    assert str(image['bdm_v2']) == 'True'
    [snapshot] = list(cinder.snapshots.values())
    assert snapshot['volume_id'] == root.volume_id
    assert snapshot['name'] == 'snapshot for bfv-snap'
    [mapping] = json.loads(image['block_device_mapping'])
    assert (mapping['source_type'], mapping['destination_type'],
            mapping['snapshot_id'], mapping['boot_index'],
            mapping['volume_size'], mapping['delete_on_termination']) == \
        ('snapshot', 'volume', snapshot['id'], 0, 1, True)
    # The server is as it was.
    assert api.wait_for_server(server['id'], 'ACTIVE', token=TOKEN)

    # Booting from the image makes a volume from the snapshot.
    before = set(cinder.volumes)
    resp = api.post('/v2.1/servers', {'server': {
        'name': 'from-snap', 'imageRef': image['id'], 'flavorRef': '1',
        'networks': 'none'}}, token=TOKEN, version='2.67')
    assert resp.status_code == 202, resp.text
    second = api.wait_for_server(resp.json()['server']['id'], 'ACTIVE',
                                 token=TOKEN)
    [made] = set(cinder.volumes) - before
    assert cinder.volumes[made]['snapshot_id'] == snapshot['id']
    assert _attached_to(cinder, made) == [second['id']]
    [new_root] = _mappings(second['id'])
    assert (new_root.source_type, new_root.snapshot_id, new_root.volume_id,
            new_root.boot_index) == ('snapshot', snapshot['id'], made, 0)
    _delete(api, second['id'])
    assert made not in cinder.volumes
    _delete(api, server['id'])


def test_snapshot_of_volume_backed_server_policy(api, cinder):
    volume = cinder.add_volume(project_id=PROJECT, bootable=True)
    server = _boot(api, [_volume_root(volume['id'])])
    enforcer = policy.get_enforcer()
    enforcer.set_rules(oslo_policy.Rules.from_dict(
        {VOLUME_BACKED_RULE: 'rule:context_is_admin'}), overwrite=False,
        use_conf=False)
    try:
        resp = api.post('/v2.1/servers/%s/action' % server['id'],
                        {'createImage': {'name': 'nope'}}, token=TOKEN,
                        version='2.45')
    finally:
        enforcer.set_rules(oslo_policy.Rules.from_dict(
            {VOLUME_BACKED_RULE: 'rule:project_member_or_admin'}),
            overwrite=False, use_conf=False)
    assert resp.status_code == 403, resp.text
    assert resp.json()['forbidden']['message'] == (
        "Policy doesn't allow %s to be performed." % VOLUME_BACKED_RULE)
    assert cinder.snapshots == {}
    _delete(api, server['id'])


def test_snapshot_over_cinder_snapshot_quota(api, cinder):
    volume = cinder.add_volume(project_id=PROJECT, bootable=True)
    server = _boot(api, [_volume_root(volume['id'])])
    cinder.limits['maxTotalSnapshots'] = 0
    resp = api.post('/v2.1/servers/%s/action' % server['id'],
                    {'createImage': {'name': 'nope'}}, token=TOKEN,
                    version='2.45')
    assert resp.status_code == 403, resp.text
    assert resp.json()['forbidden']['message'] == \
        'Quota exceeded for resources: snapshots'
    _delete(api, server['id'])


def test_rebuild_of_volume_backed_server_onto_another_image(api, cinder,
                                                            image_id):
    volume = cinder.add_volume(project_id=PROJECT, bootable=True)
    server = _boot(api, [_volume_root(volume['id'])])
    resp = api.post('/v2.1/servers/%s/action' % server['id'],
                    {'rebuild': {'imageRef': image_id}}, token=TOKEN)
    assert resp.status_code == 400, resp.text
    assert resp.json()['badRequest']['message'] == (
        'Image %s is unacceptable: Unable to rebuild with a different image '
        'for a volume-backed server.' % image_id)
    assert api.wait_for_server(server['id'], 'ACTIVE', token=TOKEN)
    _delete(api, server['id'])
