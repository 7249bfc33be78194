"""nova_lite.image.glance against a real Keystone + Glance
(tools/start-keystone-glance.sh), with real tokens: the user's token and
service catalog from the request context, and the [glance] service
credentials path.
"""
import hashlib
import os
import uuid

import pytest
import requests
from oslo_config import cfg

from nova_lite import conf as nl_conf
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite.image import api as image_api
from nova_lite.image import glance

pytestmark = pytest.mark.slow

from tests.integration import keystone_glance




@pytest.fixture(scope='module')
def kg_env(tmp_path_factory):
    with keystone_glance.running(
            tmp_path_factory.mktemp('keystone-glance')) as data:
        yield data


def _token(kg_env, user, project):
    resp = requests.post(kg_env['auth_url'] + '/auth/tokens', json={
        'auth': {'identity': {'methods': ['password'], 'password': {
            'user': {'name': user, 'domain': {'id': 'default'},
                     'password': kg_env['users'][user]['password']}}},
            'scope': {'project': {'name': project,
                                  'domain': {'id': 'default'}}}}},
        timeout=30)
    assert resp.status_code == 201, resp.text
    return resp.headers['X-Subject-Token'], resp.json()['token']


def _context(kg_env, user='demo', project='demo'):
    token_id, token = _token(kg_env, user, project)
    return nl_context.RequestContext(
        user_id=token['user']['id'], project_id=token['project']['id'],
        roles=[r['name'] for r in token['roles']], auth_token=token_id,
        service_catalog=token['catalog'])


def _conf(config_file=None):
    conf = cfg.ConfigOpts()
    nl_conf.glance.register_opts(conf)
    conf.register_opts(nl_conf.image_store.image_store_opts,
                       group='image_store')
    files = [config_file] if config_file else []
    conf([], project='nova-lite', default_config_files=files)
    return conf


@pytest.fixture(scope='module')
def user_service():
    """No [glance] credentials: user token + catalog from the context."""
    return glance.GlanceImageService(_conf())


def test_get_tiny_image_with_user_token(kg_env, user_service):
    ctx = _context(kg_env)
    image = user_service.get(ctx, kg_env['image']['id'])
    expected = kg_env['image']
    assert image['id'] == expected['id']
    assert image['name'] == 'nova-lite-tiny'
    assert image['status'] == 'active'
    assert (image['disk_format'], image['container_format']) == ('qcow2',
                                                                 'bare')
    assert image['size'] == expected['size']
    assert image['checksum'] == expected['checksum']
    assert image['os_hash_algo'] == 'sha512'
    assert image['os_hash_value'] == expected['os_hash_value']
    assert (image['min_ram'], image['min_disk']) == (96, 1)
    assert image['hw_disk_bus'] == 'virtio'
    assert not set(image) & {'self', 'file', 'schema'}


def test_list_and_filters(kg_env, user_service):
    ctx = _context(kg_env)
    images = user_service.list(ctx)
    assert [i['name'] for i in images] == ['nova-lite-tiny']
    assert user_service.list(ctx, {'name': 'nova-lite-tiny'})[0]['id'] == \
        kg_env['image']['id']
    assert user_service.list(ctx, {'name': 'no-such-image'}) == []


def test_download_verifies_and_writes(kg_env, user_service, tmp_path):
    ctx = _context(kg_env)
    dest = str(tmp_path / 'tiny.qcow2')
    assert user_service.download(ctx, kg_env['image']['id'],
                                 dest_path=dest) is None
    with open(dest, 'rb') as f:
        data = f.read()
    assert len(data) == kg_env['image']['size']
    assert hashlib.sha512(data).hexdigest() == \
        kg_env['image']['os_hash_value']
    assert not os.path.exists(dest + '.part')


def test_unknown_image_is_404(kg_env, user_service, tmp_path):
    ctx = _context(kg_env)
    unknown = str(uuid.uuid4())
    with pytest.raises(exception.ImageNotFound):
        user_service.get(ctx, unknown)
    with pytest.raises(exception.ImageNotFound):
        user_service.download(ctx, unknown, dest_path=str(tmp_path / 'x'))


def test_service_credentials_and_image_api_selection(kg_env, tmp_path):
    # [glance] auth options are plugin options (registered on load), so
    # they come from a config file as in a deployment.
    ks = kg_env['keystone_authtoken']
    path = tmp_path / 'nova-lite.conf'
    path.write_text('\n'.join(['[glance]', 'auth_type = password'] + [
        '%s = %s' % (k, ks[k]) for k in (
            'auth_url', 'username', 'password', 'project_name',
            'user_domain_name', 'project_domain_name')] + [
        'region_name = %s' % kg_env['region'],
        'valid_interfaces = public', '']))
    conf = _conf(str(path))
    api = image_api.API(conf)
    assert image_api.use_glance(conf)
    ctx = nl_context.RequestContext(user_id='u', project_id='p')
    assert api.get(ctx, kg_env['image']['id'])['name'] == 'nova-lite-tiny'
    assert kg_env['image']['id'] in [i['id'] for i in api.list(ctx)]


def test_create_and_upload(kg_env, user_service, tmp_path):
    ctx = _context(kg_env)
    src = tmp_path / 'snap.raw'
    src.write_bytes(os.urandom(4096))
    image = user_service.create(ctx, {
        'name': 'nova-lite-snap', 'disk_format': 'raw',
        'container_format': 'bare', 'visibility': 'private',
        'properties': {'image_type': 'snapshot', 'min_cpus': 1}})
    try:
        assert image['status'] == 'queued'
        assert image['image_type'] == 'snapshot'
        done = user_service.upload(ctx, image['id'], str(src))
        assert done['status'] == 'active'
        assert done['size'] == 4096
        assert done['os_hash_value'] == hashlib.sha512(
            src.read_bytes()).hexdigest()
        dest = str(tmp_path / 'back.raw')
        user_service.download(ctx, image['id'], dest_path=dest)
        with open(dest, 'rb') as f:
            assert f.read() == src.read_bytes()
    finally:
        requests.delete('%s/v2/images/%s' % (kg_env['glance_url'],
                                             image['id']),
                        headers={'X-Auth-Token': ctx.auth_token}, timeout=30)


def test_snapshot_create_upload_filter_delete(kg_env, user_service):
    """What a snapshot and a backup rotation do: a queued private record
    without formats, formats set and data streamed from an iterator,
    found again by its properties, then deleted."""
    ctx = _context(kg_env)
    instance_uuid = str(uuid.uuid4())
    data = os.urandom(3 * 65536 + 17)
    image = user_service.create(ctx, {
        'name': 'nova-lite-backup', 'visibility': 'private',
        'min_ram': 96, 'min_disk': 1,
        'properties': {'image_type': 'backup', 'backup_type': 'daily',
                       'instance_uuid': instance_uuid}})
    try:
        assert image['status'] == 'queued'
        assert image['visibility'] == 'private'
        assert image['owner'] == ctx.project_id
        assert image['disk_format'] is None
        chunks = (data[i:i + 65536] for i in range(0, len(data), 65536))
        done = user_service.upload(ctx, image['id'], chunks, image_meta={
            'disk_format': 'raw', 'container_format': 'bare'})
        assert done['status'] == 'active'
        assert (done['disk_format'], done['container_format']) == (
            'raw', 'bare')
        assert done['size'] == len(data)
        assert done['os_hash_value'] == hashlib.sha512(data).hexdigest()
        found = user_service.list(ctx, {
            'image_type': 'backup', 'backup_type': 'daily',
            'instance_uuid': instance_uuid})
        assert [i['id'] for i in found] == [image['id']]
        assert user_service.list(ctx, {
            'image_type': 'backup', 'backup_type': 'weekly',
            'instance_uuid': instance_uuid}) == []
        renamed = user_service.update(ctx, image['id'],
                                      {'name': 'renamed', 'extra': 'x'})
        assert (renamed['name'], renamed['extra']) == ('renamed', 'x')
        # Private: another project does not see it.
        with pytest.raises(exception.ImageNotFound):
            user_service.get(_context(kg_env, 'demo2', 'demo2'),
                             image['id'])
    finally:
        user_service.delete(ctx, image['id'])
    with pytest.raises(exception.ImageNotFound):
        user_service.get(ctx, image['id'])
    with pytest.raises(exception.ImageNotFound):
        user_service.delete(ctx, image['id'])


def test_compute_image_proxy_view_and_metadata(kg_env, user_service):
    """What the compute API's /images proxy does with a Glance image: the
    metadata it shows is the custom properties only (no Glance attribute
    such as stores or os_hash_*), a metadata change writes them back
    whole (purge_props), and its filters (status, a property, os_hidden)
    find the image."""
    from nova_lite.api.views import compute_images as views
    ctx = _context(kg_env)
    image = user_service.create(ctx, {
        'name': 'proxy-meta', 'visibility': 'private',
        'properties': {'kind': 'proxy'}})
    try:
        user_service.upload(ctx, image['id'], [b'x' * 1024], image_meta={
            'disk_format': 'raw', 'container_format': 'bare'})
        shown = user_service.get(ctx, image['id'])
        metadata = views.properties(shown)
        assert metadata == {'kind': 'proxy'}, shown
        assert (views.status(shown), views.progress(shown)) == ('ACTIVE',
                                                                100)

        metadata['color'] = 'blue'
        updated = user_service.update(ctx, image['id'],
                                      {'properties': metadata},
                                      purge_props=True)
        assert views.properties(updated) == {'kind': 'proxy',
                                             'color': 'blue'}
        del metadata['kind']
        updated = user_service.update(ctx, image['id'],
                                      {'properties': metadata},
                                      purge_props=True)
        assert views.properties(updated) == {'color': 'blue'}
        assert updated['size'] == 1024

        found = user_service.list(ctx, {'status': 'active', 'color': 'blue',
                                        'os_hidden': False})
        assert [i['id'] for i in found] == [image['id']]
        # Another project may not change it.
        with pytest.raises(exception.ImageNotFound):
            user_service.update(_context(kg_env, 'demo2', 'demo2'),
                                image['id'], {'properties': {}},
                                purge_props=True)
    finally:
        user_service.delete(ctx, image['id'])
