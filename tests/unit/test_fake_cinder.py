"""tests/fake_cinder.py behaves as Cinder does where nova_lite relies on
it: driven through the real client (nova_lite.volume.cinder.API) over
HTTP, the attachment flow moves the volume through Cinder's states and
refuses what Cinder refuses."""
import pytest

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite.volume import cinder
from tests import conf as test_conf
from tests import fake_cinder

SERVER = '3e4f5061-7283-4a4b-b5c6-d7e8f90a1b2c'
CONNECTOR = {'ip': '127.0.0.1', 'host': 'cmp1', 'initiator': None,
             'multipath': False, 'platform': 'x86_64', 'os_type': 'linux'}


@pytest.fixture
def fake():
    with fake_cinder.serving(test_conf.parse_once()) as fake:
        yield fake


def _ctx(project='project', user='member'):
    return nl_context.RequestContext(
        user_id=user, project_id=project, roles=['member'],
        auth_token='%s:%s' % (user, project))


def test_attach_moves_the_volume_through_cinders_states(fake):
    api, ctx = cinder.API(), _ctx()
    volume = fake.add_volume('v1')
    attachment = api.attachment_create(ctx, volume['id'], SERVER)
    assert attachment['connection_info'] == {}
    assert api.get(ctx, volume['id'])['status'] == 'reserved'
    updated = api.attachment_update(ctx, attachment['id'], CONNECTOR,
                                    '/dev/vdb')
    info = updated['connection_info']
    assert info['driver_volume_type'] == 'nfs'
    assert info['data']['name'] == 'volume-%s' % volume['id']
    assert fake.status_of(volume['id']) == 'attaching'
    api.attachment_complete(ctx, attachment['id'])
    seen = api.get(ctx, volume['id'])
    assert (seen['status'], seen['attach_status']) == ('in-use', 'attached')
    assert seen['attachments'] == {SERVER: {
        'attachment_id': attachment['id'], 'mountpoint': '/dev/vdb'}}
    api.attachment_delete(ctx, attachment['id'])
    seen = api.get(ctx, volume['id'])
    assert (seen['status'], seen['attach_status']) == (
        'available', 'detached')
    assert fake.attachments_of(volume['id']) == []


def test_what_cinder_refuses(fake):
    api, ctx = cinder.API(), _ctx()
    volume = fake.add_volume('v1')
    api.attachment_create(ctx, volume['id'], SERVER)
    # Another server may not reserve it; the same one may (Cinder lets a
    # server moving off its host keep its volume reserved).
    with pytest.raises(exception.InvalidInput):
        api.attachment_create(ctx, volume['id'],
                              '7c1e9a55-9d3b-4b9e-8f55-0e6c2b1d4a77')
    api.attachment_create(ctx, volume['id'], SERVER)
    assert len(fake.attachments_of(volume['id'])) == 2
    other = fake.add_volume('theirs', project_id='other')
    with pytest.raises(exception.VolumeNotFound):
        api.get(ctx, other['id'])
    with pytest.raises(exception.VolumeNotFound):
        api.attachment_create(ctx, other['id'], SERVER)
    with pytest.raises(exception.VolumeAttachmentNotFound):
        api.attachment_get(ctx, '5b1a4c44-07b8-4ad7-8a4b-3c1f5e0a9d01')
    # admin sees every project's volume
    assert api.get(_ctx('admin', 'admin'), other['id'])['id'] == other['id']


def test_a_multiattach_volume_takes_several_attachments(fake):
    api, ctx = cinder.API(), _ctx()
    volume = fake.add_volume('shared', multiattach=True)
    first = api.attachment_create(ctx, volume['id'], SERVER)
    api.attachment_update(ctx, first['id'], CONNECTOR)
    api.attachment_complete(ctx, first['id'])
    second = api.attachment_create(ctx, volume['id'],
                                   '7c1e9a55-9d3b-4b9e-8f55-0e6c2b1d4a77')
    assert fake.status_of(volume['id']) == 'in-use'
    api.attachment_delete(ctx, second['id'])
    assert fake.status_of(volume['id']) == 'in-use'


def test_injected_failures_and_an_unreachable_cinder(fake):
    api, ctx = cinder.API(), _ctx()
    volume = fake.add_volume('v1')
    fake.fail('POST', 'attachments', 500)
    with pytest.raises(exception.CinderConnectionFailed):
        api.attachment_create(ctx, volume['id'], SERVER)
    assert fake.status_of(volume['id']) == 'available'
    fake.down = True
    with pytest.raises(exception.CinderConnectionFailed):
        api.get(ctx, volume['id'])


def test_created_volumes_become_available_and_snapshots_list(fake):
    api, ctx = cinder.API(), _ctx()
    created = api.create(ctx, 2, 'new', 'desc')
    assert created['status'] == 'creating'
    assert api.get(ctx, created['id'])['status'] == 'available'
    snapshot = api.create_snapshot_force(ctx, created['id'], 's', None)
    assert api.get_snapshot(ctx, snapshot['id'])['status'] == 'available'
    limits = api.get_absolute_limits(ctx)
    assert (limits['totalVolumesUsed'], limits['totalGigabytesUsed']) == (
        1, 2)
    api.delete_snapshot(ctx, snapshot['id'])
    api.delete(ctx, created['id'])
    with pytest.raises(exception.VolumeNotFound):
        api.get(ctx, created['id'])
