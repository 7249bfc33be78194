"""nova_lite.image.glance with a fake keystoneauth adapter (no network)."""
import hashlib
import json

import pytest
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import token_endpoint
from oslo_config import cfg

from nova_lite import conf as nl_conf
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite.image import api as image_api
from nova_lite.image import glance

IMAGE_ID = '6f3c3a1e-2b4d-4c6e-8f10-1a2b3c4d5e6f'
DATA = b'nova-lite-bits' * 10000
ENDPOINT = 'http://glance.example:9292'


def _raw_image(**kw):
    image = {
        'id': IMAGE_ID, 'name': 'tiny', 'status': 'active',
        'visibility': 'public', 'protected': False, 'os_hidden': False,
        'owner': 'p1', 'disk_format': 'qcow2', 'container_format': 'bare',
        'size': len(DATA), 'virtual_size': None,
        'checksum': hashlib.md5(DATA).hexdigest(),
        'os_hash_algo': 'sha512',
        'os_hash_value': hashlib.sha512(DATA).hexdigest(),
        'min_ram': 96, 'min_disk': 1, 'created_at': '2026-01-01T00:00:00Z',
        'updated_at': '2026-01-01T00:00:00Z', 'tags': ['t1'],
        'self': '/v2/images/' + IMAGE_ID,
        'file': '/v2/images/%s/file' % IMAGE_ID,
        'schema': '/v2/schemas/image', 'hw_disk_bus': 'virtio',
    }
    image.update(kw)
    return image


class FakeResponse(object):
    def __init__(self, status_code, body=None, data=b'', fail_after=None):
        self.status_code = status_code
        self._body = body
        self._data = data
        self._fail_after = fail_after
        self.text = json.dumps(body) if body is not None else ''
        self.closed = False

    def json(self):
        return self._body

    def iter_content(self, chunk_size):
        for i in range(0, len(self._data), chunk_size):
            if self._fail_after is not None and i >= self._fail_after:
                raise ConnectionError('connection reset')
            yield self._data[i:i + chunk_size]

    def close(self):
        self.closed = True


class FakeAdapter(object):
    """Stands in for keystoneauth1.adapter.Adapter: records requests and
    answers from `routes` {(method, path): FakeResponse or [responses]}."""

    def __init__(self, routes, endpoint=ENDPOINT):
        self.routes = routes
        self.endpoint = endpoint
        self.calls = []

    def get_endpoint(self):
        return self.endpoint

    def request(self, url, method, **kwargs):
        self.calls.append((method, url, kwargs))
        path = url.split('/v2', 1)[1].split('?')[0]
        answer = self.routes.get((method, path))
        if answer is None:
            return FakeResponse(404, {'message': 'not found'})
        if isinstance(answer, list):
            answer = answer.pop(0)
        if isinstance(answer, Exception):
            raise answer
        if 'data' in kwargs and hasattr(kwargs['data'], 'read'):
            self.uploaded = kwargs['data'].read()
        return answer


@pytest.fixture
def conf():
    c = cfg.ConfigOpts()
    nl_conf.glance.register_opts(c)
    # own group object: overrides must not leak into other ConfigOpts
    c.register_opts(nl_conf.image_store.image_store_opts,
                    group='image_store')
    c([], project='nova-lite')
    return c


@pytest.fixture
def ctx():
    return nl_context.RequestContext(
        user_id='u1', project_id='p1', auth_token='tok-123',
        service_catalog=[
            {'type': 'compute', 'endpoints': [
                {'interface': 'public', 'url': 'http://nova/v2.1',
                 'region': 'RegionOne'}]},
            {'type': 'image', 'endpoints': [
                {'interface': 'public', 'url': 'http://public:9292',
                 'region': 'RegionOne'},
                {'interface': 'internal', 'url': 'http://internal:9292',
                 'region': 'RegionOne'},
                {'interface': 'public', 'url': 'http://other:9292',
                 'region': 'RegionTwo'}]}])


def _service(conf, routes):
    adapter = FakeAdapter(routes)
    return glance.GlanceImageService(conf, adapter=adapter), adapter


def test_get_flat_shape(conf, ctx):
    svc, adapter = _service(conf, {
        ('GET', '/images/' + IMAGE_ID): FakeResponse(200, _raw_image())})
    image = svc.get(ctx, IMAGE_ID)
    assert adapter.calls[0][:2] == ('GET', ENDPOINT + '/v2/images/' +
                                    IMAGE_ID)
    assert image['hw_disk_bus'] == 'virtio'
    assert image['min_ram'] == 96 and image['tags'] == ['t1']
    assert not {'self', 'file', 'schema', 'properties'} & set(image)
    # same keys as the embedded store's API would give
    assert set(image_api.BASE_KEYS) <= set(image)


def test_get_404_is_image_not_found(conf, ctx):
    svc, _ = _service(conf, {})
    with pytest.raises(exception.ImageNotFound):
        svc.get(ctx, IMAGE_ID)


@pytest.mark.parametrize('status,exc', [
    (403, exception.ImageNotAuthorized), (401, exception.ImageNotAuthorized),
    (400, exception.ImageBadRequest), (503, exception.GlanceConnectionFailed),
    (500, exception.GlanceError)])
def test_get_error_mapping(conf, ctx, status, exc):
    svc, _ = _service(conf, {
        ('GET', '/images/' + IMAGE_ID): FakeResponse(status, {'m': 'x'})})
    with pytest.raises(exc):
        svc.get(ctx, IMAGE_ID)


def test_connect_failure(conf, ctx):
    svc, _ = _service(conf, {
        ('GET', '/images/' + IMAGE_ID): ks_exc.ConnectFailure('refused')})
    with pytest.raises(exception.GlanceConnectionFailed):
        svc.get(ctx, IMAGE_ID)


def test_endpoint_with_version_suffix(conf, ctx):
    svc, adapter = _service(conf, {
        ('GET', '/images/' + IMAGE_ID): FakeResponse(200, _raw_image())})
    adapter.endpoint = ENDPOINT + '/v2/'
    svc.get(ctx, IMAGE_ID)
    assert adapter.calls[0][1] == ENDPOINT + '/v2/images/' + IMAGE_ID


def test_list_filters_and_pages(conf, ctx):
    second = _raw_image(id='11111111-2222-3333-4444-555555555555')
    svc, adapter = _service(conf, {('GET', '/images'): [
        FakeResponse(200, {'images': [_raw_image()],
                           'next': '/v2/images?marker=%s' % IMAGE_ID}),
        FakeResponse(200, {'images': [second]}),
    ]})
    images = svc.list(ctx, {'status': 'active', 'tag': ['a', 'b'],
                            'name': ['x', 'y']})
    assert [i['id'] for i in images] == [IMAGE_ID, second['id']]
    params = adapter.calls[0][2]['params']
    assert ('status', 'active') in params
    assert ('tag', 'a') in params and ('tag', 'b') in params
    assert ('name', 'in:x,y') in params
    assert ('sort_key', 'created_at') in params
    assert adapter.calls[1][1] == (ENDPOINT + '/v2/images?marker=' +
                                   IMAGE_ID)


def test_list_limit_stops_paging(conf, ctx):
    svc, adapter = _service(conf, {('GET', '/images'): [
        FakeResponse(200, {'images': [_raw_image()],
                           'next': '/v2/images?marker=x&limit=1'})]})
    assert len(svc.list(ctx, limit=1)) == 1
    assert len(adapter.calls) == 1
    assert ('limit', 1) in adapter.calls[0][2]['params']


def test_list_bad_marker(conf, ctx):
    svc, _ = _service(conf, {('GET', '/images'): FakeResponse(400, {})})
    with pytest.raises(exception.MarkerNotFound):
        svc.list(ctx, marker='nope')


def _download_routes(data=DATA, **image_kw):
    return {
        ('GET', '/images/' + IMAGE_ID): FakeResponse(200,
                                                     _raw_image(**image_kw)),
        ('GET', '/images/%s/file' % IMAGE_ID): FakeResponse(200, data=data),
    }


def test_download_to_file_verifies_hash(conf, ctx, tmp_path):
    svc, adapter = _service(conf, _download_routes())
    dest = tmp_path / 'img'
    assert svc.download(ctx, IMAGE_ID, dest_path=str(dest)) is None
    assert dest.read_bytes() == DATA
    assert adapter.calls[-1][2]['stream'] is True
    assert not (tmp_path / 'img.part').exists()


def test_download_hash_mismatch_leaves_no_file(conf, ctx, tmp_path):
    svc, _ = _service(conf, _download_routes(data=DATA + b'x'))
    dest = tmp_path / 'img'
    with pytest.raises(exception.ImageChecksumMismatch):
        svc.download(ctx, IMAGE_ID, dest_path=str(dest))
    assert list(tmp_path.iterdir()) == []


def test_download_falls_back_to_md5_checksum(conf, ctx, tmp_path):
    svc, _ = _service(conf, _download_routes(
        data=DATA + b'x', os_hash_algo=None, os_hash_value=None))
    with pytest.raises(exception.ImageChecksumMismatch) as e:
        svc.download(ctx, IMAGE_ID, dest_path=str(tmp_path / 'img'))
    assert 'md5' in str(e.value)


def test_download_retries_num_retries(conf, ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(glance.time, 'sleep', lambda s: None)
    conf.set_override('num_retries', 1, group='glance')
    routes = _download_routes()
    routes[('GET', '/images/%s/file' % IMAGE_ID)] = [
        FakeResponse(200, data=DATA, fail_after=65536),
        FakeResponse(200, data=DATA)]
    svc, _ = _service(conf, routes)
    svc.download(ctx, IMAGE_ID, dest_path=str(tmp_path / 'img'))
    assert (tmp_path / 'img').read_bytes() == DATA


def test_download_without_retries_fails(conf, ctx, tmp_path):
    routes = _download_routes()
    routes[('GET', '/images/%s/file' % IMAGE_ID)] = FakeResponse(
        200, data=DATA, fail_after=65536)
    svc, _ = _service(conf, routes)
    with pytest.raises(exception.GlanceConnectionFailed):
        svc.download(ctx, IMAGE_ID, dest_path=str(tmp_path / 'img'))
    assert list(tmp_path.iterdir()) == []


def test_download_iterator_and_no_data(conf, ctx):
    svc, _ = _service(conf, _download_routes())
    assert b''.join(svc.download(ctx, IMAGE_ID)) == DATA
    svc, _ = _service(conf, {
        ('GET', '/images/%s/file' % IMAGE_ID): FakeResponse(204)})
    with pytest.raises(exception.ImageNoData):
        svc.download(ctx, IMAGE_ID)


def test_create_and_upload(conf, ctx, tmp_path):
    created = _raw_image(status='queued', size=None, checksum=None,
                         image_type='snapshot', min_cpus='2')
    svc, adapter = _service(conf, {
        ('POST', '/images'): FakeResponse(201, created),
        ('PUT', '/images/%s/file' % IMAGE_ID): FakeResponse(204),
        ('GET', '/images/' + IMAGE_ID): FakeResponse(200, _raw_image()),
    })
    image = svc.create(ctx, {
        'name': 'snap', 'disk_format': 'qcow2', 'container_format': 'bare',
        'status': 'active', 'size': 5, 'min_ram': 96,
        'properties': {'image_type': 'snapshot', 'min_cpus': 2}})
    assert image['status'] == 'queued' and image['image_type'] == 'snapshot'
    body = adapter.calls[0][2]['json']
    assert body == {'name': 'snap', 'disk_format': 'qcow2',
                    'container_format': 'bare', 'min_ram': 96,
                    'image_type': 'snapshot', 'min_cpus': '2'}
    src = tmp_path / 'snap'
    src.write_bytes(DATA)
    done = svc.upload(ctx, IMAGE_ID, str(src))
    assert done['status'] == 'active'
    method, url, kwargs = adapter.calls[1]
    assert (method, url) == ('PUT', ENDPOINT + '/v2/images/%s/file' %
                             IMAGE_ID)
    assert kwargs['headers']['Content-Type'] == 'application/octet-stream'
    assert adapter.uploaded == DATA


# -- building the real keystoneauth adapter ---------------------------------

def test_user_token_and_catalog_endpoint(conf, ctx):
    svc = glance.GlanceImageService(conf)
    adapter = svc._load_adapter(ctx)
    assert isinstance(adapter.auth, token_endpoint.Token)
    assert adapter.auth.token == 'tok-123'
    # valid_interfaces default internal,public: internal wins
    assert adapter.get_endpoint() == 'http://internal:9292'
    conf.set_override('valid_interfaces', ['public'], group='glance')
    conf.set_override('region_name', 'RegionTwo', group='glance')
    assert svc._load_adapter(ctx).get_endpoint() == 'http://other:9292'


def test_endpoint_override_wins(conf, ctx):
    conf.set_override('endpoint_override', 'http://override:1234',
                      group='glance')
    adapter = glance.GlanceImageService(conf)._load_adapter(ctx)
    assert adapter.get_endpoint() == 'http://override:1234'
    assert adapter.auth.token == 'tok-123'


def test_no_endpoint_anywhere(conf):
    ctx = nl_context.RequestContext(user_id='u', project_id='p',
                                    auth_token='t')
    with pytest.raises(exception.GlanceConnectionFailed):
        glance.GlanceImageService(conf).get(ctx, IMAGE_ID)


def test_catalog_endpoint_v2_style():
    catalog = [{'type': 'image', 'endpoints': [
        {'publicURL': 'http://pub', 'internalURL': 'http://int'}]}]
    assert glance.catalog_endpoint(catalog, 'image', ['public']) == \
        'http://pub'
    assert glance.catalog_endpoint(catalog, 'volume') is None


# -- backend selection ------------------------------------------------------

def test_backend_selection_rule(conf):
    assert not image_api.use_glance(conf)            # nothing configured
    conf.set_override('endpoint_override', 'http://g:9292', group='glance')
    assert image_api.use_glance(conf)
    conf.set_override('path', '/tmp/images', group='image_store')
    assert not image_api.use_glance(conf)            # embedded store wins
    conf.set_override('image_backend', 'glance', group='glance')
    assert image_api.use_glance(conf)
    conf.set_override('image_backend', 'local', group='glance')
    conf.clear_override('path', group='image_store')
    assert not image_api.use_glance(conf)
    conf.set_override('image_backend', 'auto', group='glance')
    conf.clear_override('endpoint_override', group='glance')
    conf.set_override('auth_type', 'password', group='glance')
    assert image_api.use_glance(conf)


def test_keystone_deployments_default_to_glance(conf):
    conf.register_opt(cfg.StrOpt('auth_strategy', default='noauth2'),
                      group='api')
    assert not image_api.use_glance(conf)            # noauth: embedded
    conf.set_override('auth_strategy', 'keystone', group='api')
    assert image_api.use_glance(conf)                # user token + catalog
    conf.set_override('image_backend', 'local', group='glance')
    assert not image_api.use_glance(conf)


def test_nova_lite_all_defaults_to_the_embedded_store():
    from unittest import mock

    from nova_lite.cmd import all as cmd_all
    c = mock.Mock()
    cmd_all.set_embedded_defaults(c)
    c.set_default.assert_any_call('image_backend', 'local', group='glance')


def test_backend_selection_without_glance_group():
    c = cfg.ConfigOpts()
    # own group object: overrides must not leak into other ConfigOpts
    c.register_opts(nl_conf.image_store.image_store_opts,
                    group='image_store')
    c([], project='nova-lite')
    assert not image_api.use_glance(c)


def test_image_api_delegates_to_glance(conf, ctx, tmp_path):
    conf.set_override('endpoint_override', 'http://g:9292', group='glance')
    api = image_api.API(conf)
    svc, _ = _service(conf, _download_routes())
    api._glance = svc
    assert api.get(ctx, IMAGE_ID)['name'] == 'tiny'
    api.download(ctx, IMAGE_ID, dest_path=str(tmp_path / 'img'))
    assert (tmp_path / 'img').read_bytes() == DATA
    with pytest.raises(exception.Invalid):
        api.get_data_path(ctx, IMAGE_ID)


def test_image_api_local_download_to_path(conf, tmp_path):
    store = tmp_path / 'store'
    conf.set_override('path', str(store), group='image_store')
    api = image_api.API(conf)
    assert api._glance is None
    src = tmp_path / 'src.img'
    src.write_bytes(DATA)
    image = api.add_image_from_file(str(src), name='x')
    api.download(None, image['id'], dest_path=str(tmp_path / 'out'))
    assert (tmp_path / 'out').read_bytes() == DATA
    assert b''.join(api.download(None, image['id'])) == DATA
