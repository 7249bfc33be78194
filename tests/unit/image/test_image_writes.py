"""Writing images (snapshots): create a queued record, upload its bits,
update and delete — through nova_lite.image.api.API on the embedded
store, and through the Glance v2 client with a fake adapter."""
import hashlib
import json

from oslo_config import cfg
import pytest

from nova_lite import conf as nl_conf
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite.image import api as image_api
from nova_lite.image import local
from tests.unit.image import test_glance as glance_fakes

DATA = b'snapshot-bits' * 5000


@pytest.fixture
def conf():
    c = cfg.ConfigOpts()
    nl_conf.glance.register_opts(c)
    c([], project='nova-lite')
    return c


@pytest.fixture
def store(tmp_path):
    return local.LocalImageStore(str(tmp_path / 'images'))


@pytest.fixture
def api(store):
    return image_api.API(backend=store)


def _ctx(project='p1', user='u1', admin=False):
    return nl_context.RequestContext(user_id=user, project_id=project,
                                     is_admin=admin)


# -- embedded store -----------------------------------------------------------

def test_create_is_queued_private_and_owned(api):
    image = api.create(_ctx(), {
        'name': 'snap', 'visibility': 'private', 'min_ram': 96,
        'min_disk': 1, 'properties': {'image_type': 'snapshot'},
        'instance_uuid': 'abc'})
    assert image['status'] == 'queued'
    assert image['owner'] == 'p1' and image['visibility'] == 'private'
    assert (image['min_ram'], image['min_disk']) == (96, 1)
    assert image['image_type'] == 'snapshot'
    assert image['instance_uuid'] == 'abc'
    assert image['size'] is None and image['disk_format'] is None
    assert 'members' not in image and 'properties' not in image
    assert not [k for k in image if k.startswith('_')]
    with pytest.raises(exception.ImageNotFound):
        api.get(_ctx(project='p2'), image['id'])


def test_upload_from_a_path_and_from_an_iterator(api, tmp_path):
    ctx = _ctx()
    src = tmp_path / 'disk'
    src.write_bytes(DATA)
    for data in (str(src), iter([DATA[:100], DATA[100:]])):
        image = api.create(ctx, {'name': 'snap', 'visibility': 'private'})
        done = api.upload(ctx, image['id'], data, image_meta={
            'disk_format': 'qcow2', 'container_format': 'bare'})
        assert done['status'] == 'active'
        assert done['size'] == len(DATA)
        assert done['checksum'] == hashlib.md5(DATA).hexdigest()
        assert done['os_hash_algo'] == 'sha512'
        assert done['os_hash_value'] == hashlib.sha512(DATA).hexdigest()
        assert (done['disk_format'], done['container_format']) == (
            'qcow2', 'bare')
        assert b''.join(api.download(ctx, image['id'])) == DATA


def test_upload_twice_is_a_conflict(api):
    ctx = _ctx()
    image = api.create(ctx, {'name': 'snap'})
    api.upload(ctx, image['id'], iter([b'x']))
    with pytest.raises(exception.Conflict):
        api.upload(ctx, image['id'], iter([b'y']))


def test_failed_upload_leaves_the_image_queued(api, store):
    ctx = _ctx()
    image = api.create(ctx, {'name': 'snap'})

    def broken():
        yield b'partial'
        raise IOError('disk read error')
    with pytest.raises(IOError):
        api.upload(ctx, image['id'], broken())
    assert api.get(ctx, image['id'])['status'] == 'queued'
    with pytest.raises(exception.ImageNotFound):
        store.data_path(image['id'])


def test_update_properties(api):
    ctx = _ctx()
    image = api.create(ctx, {'name': 'snap', 'properties': {'a': '1',
                                                            'b': '2'}})
    changed = api.update(ctx, image['id'], {'name': 'renamed', 'b': '3',
                                            'c': '4'})
    assert changed['name'] == 'renamed'
    assert (changed['a'], changed['b'], changed['c']) == ('1', '3', '4')
    purged = api.update(ctx, image['id'], {'c': '5'}, purge_props=True)
    assert 'a' not in purged and 'b' not in purged and purged['c'] == '5'


def test_delete_owner_only(api):
    owner = _ctx()
    image = api.create(owner, {'name': 'snap', 'visibility': 'public'})
    with pytest.raises(exception.NotAuthorized):
        api.delete(_ctx(project='p2'), image['id'])
    api.delete(owner, image['id'])
    with pytest.raises(exception.ImageNotFound):
        api.get(owner, image['id'])
    with pytest.raises(exception.ImageNotFound):
        api.delete(owner, image['id'])


def test_shared_with_the_instance_owner(api):
    admin = _ctx(project='admin', admin=True)
    image = api.create(admin, {'name': 'snap', 'visibility': 'shared',
                               'properties': {'instance_owner': 'p1'}})
    assert image['owner'] == 'admin'
    assert api.get(_ctx(project='p1'), image['id'])['name'] == 'snap'
    with pytest.raises(exception.ImageNotFound):
        api.get(_ctx(project='p2'), image['id'])


def test_newest_first_within_the_same_second(api):
    ctx = _ctx()
    ids = [api.create(ctx, {'name': 'b%d' % i})['id'] for i in range(5)]
    names = ['b%d' % i for i in range(5)]
    listed = [i['id'] for i in api.list(ctx, {'name': names})]
    assert listed == list(reversed(ids))


# -- Glance v2 ----------------------------------------------------------------

ID = glance_fakes.IMAGE_ID


def test_glance_create_shares_with_instance_owner(conf):
    created = glance_fakes._raw_image(status='queued', visibility='shared',
                                      owner='admin')
    svc, adapter = glance_fakes._service(conf, {
        ('POST', '/images'): glance_fakes.FakeResponse(201, created),
        ('POST', '/images/%s/members' % ID): glance_fakes.FakeResponse(
            200, {'member_id': 'p1', 'status': 'pending'}),
    })
    ctx = _ctx(project='admin', admin=True)
    svc.create(ctx, {'name': 'snap', 'visibility': 'shared',
                     'properties': {'instance_owner': 'p1'}})
    assert adapter.calls[1][:2] == (
        'POST', glance_fakes.ENDPOINT + '/v2/images/%s/members' % ID)
    assert adapter.calls[1][2]['json'] == {'member': 'p1'}


def test_glance_upload_sets_formats_then_streams(conf):
    queued = glance_fakes._raw_image(status='queued', disk_format=None,
                                     container_format=None)
    svc, adapter = glance_fakes._service(conf, {
        ('GET', '/images/' + ID): [
            glance_fakes.FakeResponse(200, queued),
            glance_fakes.FakeResponse(200, glance_fakes._raw_image())],
        ('PATCH', '/images/' + ID): glance_fakes.FakeResponse(200, queued),
        ('PUT', '/images/%s/file' % ID): glance_fakes.FakeResponse(204),
    })
    chunks = [b'a' * 10, b'b' * 10]
    done = svc.upload(_ctx(), ID, iter(chunks), image_meta={
        'disk_format': 'qcow2', 'container_format': 'bare'})
    assert done['status'] == 'active'
    methods = [c[0] for c in adapter.calls]
    assert methods == ['GET', 'PATCH', 'PUT', 'GET']
    patch = adapter.calls[1][2]
    assert patch['headers']['Content-Type'] == \
        'application/openstack-images-v2.1-json-patch'
    assert json.loads(patch['data']) == [
        {'op': 'replace', 'path': '/disk_format', 'value': 'qcow2'},
        {'op': 'replace', 'path': '/container_format', 'value': 'bare'}]
    put = adapter.calls[2][2]
    assert put['headers']['Content-Type'] == 'application/octet-stream'
    assert b''.join(put['data']) == b''.join(chunks)


def test_glance_update_adds_replaces_and_purges(conf):
    current = glance_fakes._raw_image(kept='1', dropped='2')
    svc, adapter = glance_fakes._service(conf, {
        ('GET', '/images/' + ID): glance_fakes.FakeResponse(200, current),
        ('PATCH', '/images/' + ID): glance_fakes.FakeResponse(200, current),
    })
    svc.update(_ctx(), ID, {'kept': 'new', 'added': 3}, purge_props=True)
    ops = json.loads(adapter.calls[1][2]['data'])
    assert {'op': 'replace', 'path': '/kept', 'value': 'new'} in ops
    assert {'op': 'add', 'path': '/added', 'value': '3'} in ops
    assert {'op': 'remove', 'path': '/dropped'} in ops
    assert {'op': 'remove', 'path': '/hw_disk_bus'} in ops


def test_glance_delete_and_its_errors(conf):
    svc, adapter = glance_fakes._service(conf, {
        ('DELETE', '/images/' + ID): [
            glance_fakes.FakeResponse(204),
            glance_fakes.FakeResponse(404, {'message': 'gone'}),
            glance_fakes.FakeResponse(403, {'message': 'protected'})],
    })
    svc.delete(_ctx(), ID)
    assert adapter.calls[0][:2] == ('DELETE',
                                    glance_fakes.ENDPOINT + '/v2/images/' +
                                    ID)
    with pytest.raises(exception.ImageNotFound):
        svc.delete(_ctx(), ID)
    with pytest.raises(exception.ImageNotAuthorized):
        svc.delete(_ctx(), ID)


def test_glance_upload_conflict(conf, tmp_path):
    src = tmp_path / 'disk'
    src.write_bytes(DATA)
    svc, _ = glance_fakes._service(conf, {
        ('PUT', '/images/%s/file' % ID): glance_fakes.FakeResponse(
            409, {'message': 'Image status transition from active to '
                             'saving is not allowed'})})
    with pytest.raises(exception.Conflict):
        svc.upload(_ctx(), ID, str(src))


def test_glance_image_url(conf):
    svc, _ = glance_fakes._service(conf, {})
    assert svc.image_url(_ctx(), ID) == \
        glance_fakes.ENDPOINT + '/images/' + ID
