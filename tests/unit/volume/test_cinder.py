"""nova_lite.volume.cinder with a fake keystoneauth adapter (no network):
requests sent, Nova's translated views, connection_info normalisation and
Nova's error mapping."""
import json
from unittest import mock

import pytest
from keystoneauth1 import exceptions as ks_exc
from oslo_config import cfg

from nova_lite import conf as nl_conf
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite.volume import cinder

VOL = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9'
SNAP = '1c2d3e4f-5061-4728-93a4-b5c6d7e8f90a'
ATT = '2d3e4f50-6172-4839-a4b5-c6d7e8f90a1b'
SERVER = '3e4f5061-7283-4a4b-b5c6-d7e8f90a1b2c'
PROJECT = '9a8b7c6d5e4f40312a1b2c3d4e5f6a7b'
ENDPOINT = 'http://cinder.example:8776/v3/' + PROJECT


class FakeResponse(object):
    def __init__(self, status_code, body=None):
        self.status_code = status_code
        self._body = body
        self.text = json.dumps(body) if body is not None else ''
        self.content = self.text.encode()

    def json(self):
        if self._body is None:
            raise ValueError('no JSON')
        return self._body


class FakeAdapter(object):
    """keystoneauth1.adapter.Adapter stand-in: answers from `routes`
    {(method, path): response, exception or a list of them}."""

    def __init__(self, routes):
        self.routes = routes
        self.calls = []

    def request(self, url, method, **kwargs):
        self.calls.append((method, url, kwargs))
        path = url[len(ENDPOINT):].split('?')[0]
        answer = self.routes.get((method, path))
        if isinstance(answer, list):
            answer = answer.pop(0)
        if answer is None:
            return FakeResponse(404, {'itemNotFound': {
                'code': 404, 'message': 'not here'}})
        if isinstance(answer, Exception):
            raise answer
        return answer


def _raw_volume(**kw):
    raw = {'id': VOL, 'status': 'available', 'size': 1,
           'availability_zone': 'nova', 'created_at': '2026-12-03T10:00:00',
           'name': 'v1', 'description': 'd', 'volume_type': '__DEFAULT__',
           'snapshot_id': None, 'bootable': 'false', 'metadata': {'k': 'v'},
           'multiattach': False, 'attachments': []}
    raw.update(kw)
    return raw


def _raw_attachment(connection_info=None, **kw):
    raw = {'id': ATT, 'status': 'reserved', 'instance': SERVER,
           'volume_id': VOL, 'attach_mode': 'null', 'attached_at': None,
           'detached_at': None, 'connection_info': connection_info}
    raw.update(kw)
    return raw


@pytest.fixture
def conf():
    c = cfg.ConfigOpts()
    nl_conf.cinder.register_opts(c)
    nl_conf.service_user.register_opts(c)
    c([], project='nova-lite')
    return c


@pytest.fixture
def ctx():
    return nl_context.RequestContext(user_id='u1', project_id=PROJECT,
                                     auth_token='tok')


def _api(conf, routes):
    adapter = FakeAdapter(routes)
    return cinder.API(conf, adapter=adapter, endpoint=ENDPOINT), adapter


def _version(call):
    return call[2]['headers']['OpenStack-API-Version']


def test_get_translates_the_volume_as_nova(conf, ctx):
    raw = _raw_volume(
        status='in-use', bootable='true',
        volume_image_metadata={'image_id': 'img'},
        attachments=[{'server_id': SERVER, 'attachment_id': ATT,
                      'device': '/dev/vdb', 'id': VOL}])
    api, adapter = _api(conf, {('GET', '/volumes/' + VOL):
                               FakeResponse(200, {'volume': raw})})
    vol = api.get(ctx, VOL)
    assert vol['display_name'] == 'v1'
    assert vol['display_description'] == 'd'
    assert vol['volume_type_id'] == '__DEFAULT__'
    assert vol['bootable'] is True
    assert vol['attach_status'] == 'attached'
    assert vol['attachments'] == {
        SERVER: {'attachment_id': ATT, 'mountpoint': '/dev/vdb'}}
    assert vol['volume_image_metadata'] == {'image_id': 'img'}
    assert vol['volume_metadata'] == {'k': 'v'}
    assert _version(adapter.calls[0]) == 'volume 3.0'


def test_get_with_a_microversion_sends_it(conf, ctx):
    api, adapter = _api(conf, {('GET', '/volumes/' + VOL): FakeResponse(
        200, {'volume': _raw_volume(shared_targets=False,
                                    service_uuid='s')})})
    vol = api.get(ctx, VOL, microversion='3.48')
    assert vol['attach_status'] == 'detached'
    assert 'attachments' not in vol
    assert vol['shared_targets'] is False
    assert _version(adapter.calls[0]) == 'volume 3.48'


def test_unknown_volume_is_volume_not_found(conf, ctx):
    api, _ = _api(conf, {})
    with pytest.raises(exception.VolumeNotFound) as e:
        api.get(ctx, VOL)
    assert VOL in e.value.format_message()
    with pytest.raises(exception.VolumeNotFound):
        api.delete(ctx, VOL)


@pytest.mark.parametrize('status,error,exc', [
    (400, 'badRequest', exception.InvalidInput),
    (403, 'forbidden', exception.Forbidden),
    (413, 'overLimit', exception.OverQuota),
    (500, 'computeFault', exception.CinderConnectionFailed),
    (503, 'serviceUnavailable', exception.CinderConnectionFailed),
])
def test_error_answers_map_as_nova(conf, ctx, status, error, exc):
    api, _ = _api(conf, {('GET', '/volumes/' + VOL): FakeResponse(
        status, {error: {'code': status, 'message': 'because'}})})
    with pytest.raises(exc) as e:
        api.get(ctx, VOL)
    if status < 500:
        assert 'because' in e.value.format_message()


@pytest.mark.parametrize('failure', [
    ks_exc.ConnectFailure('refused'), ks_exc.ConnectionError('reset')])
def test_no_connection_is_cinder_connection_failed(conf, ctx, failure):
    api, _ = _api(conf, {('GET', '/volumes/' + VOL): failure})
    with pytest.raises(exception.CinderConnectionFailed):
        api.get(ctx, VOL)


def test_create_sends_nova_fields(conf, ctx):
    api, adapter = _api(conf, {('POST', '/volumes'): FakeResponse(
        202, {'volume': _raw_volume(status='creating')})})
    vol = api.create(ctx, 1, 'v1', 'd', image_id='img', volume_type='t',
                     availability_zone='az1', metadata={'a': 'b'})
    assert vol['status'] == 'creating'
    body = adapter.calls[0][2]['json']['volume']
    assert body == {'size': 1, 'name': 'v1', 'description': 'd',
                    'snapshot_id': None, 'volume_type': 't',
                    'availability_zone': 'az1', 'metadata': {'a': 'b'},
                    'imageRef': 'img'}


def test_create_over_quota_and_unknown_image(conf, ctx):
    api, _ = _api(conf, {('POST', '/volumes'): [
        FakeResponse(413, {'overLimit': {'message': 'gigabytes'}}),
        FakeResponse(404, {'itemNotFound': {'message': 'no image'}})]})
    with pytest.raises(exception.OverQuota):
        api.create(ctx, 100, 'v', '')
    with pytest.raises(exception.NotFound) as e:
        api.create(ctx, 1, 'v', '', image_id='nope')
    assert not isinstance(e.value, exception.VolumeNotFound)


def test_attachment_create_without_connector_is_reserved(conf, ctx):
    api, adapter = _api(conf, {('POST', '/attachments'): FakeResponse(
        200, {'attachment': _raw_attachment()})})
    ref = api.attachment_create(ctx, VOL, SERVER)
    assert ref['id'] == ATT
    assert ref['status'] == 'reserved'
    assert not ref['connection_info']
    method, url, kwargs = adapter.calls[0]
    assert kwargs['json'] == {'attachment': {
        'volume_uuid': VOL, 'instance_uuid': SERVER, 'connector': None}}
    assert _version(adapter.calls[0]) == 'volume 3.44'


def test_attachment_update_normalises_connection_info(conf, ctx):
    flat = {'driver_volume_type': 'nfs', 'export': '127.0.0.1:/srv',
            'name': 'volume-' + VOL, 'options': None, 'format': 'raw',
            'attachment_id': ATT, 'access_mode': 'rw'}
    api, adapter = _api(conf, {('PUT', '/attachments/' + ATT): FakeResponse(
        200, {'attachment': _raw_attachment(
            connection_info=flat, status='attaching', attach_mode='rw')})})
    connector = {'host': 'h1', 'ip': '127.0.0.1'}
    ref = api.attachment_update(ctx, ATT, connector, mountpoint='/dev/vdb')
    info = ref['connection_info']
    assert info['driver_volume_type'] == 'nfs'
    assert info['data'] == {'export': '127.0.0.1:/srv',
                            'name': 'volume-' + VOL, 'options': None,
                            'format': 'raw', 'access_mode': 'rw'}
    assert info['status'] == 'attaching'
    assert info['instance'] == SERVER
    assert info['volume_id'] == VOL
    assert 'attach_mode' not in info and 'id' not in info
    sent = adapter.calls[0][2]['json']['attachment']['connector']
    assert sent == {'host': 'h1', 'ip': '127.0.0.1', 'mountpoint': '/dev/vdb'}
    assert 'mountpoint' not in connector      # the caller's dict is kept


def test_attachment_update_retries_500_as_nova(conf, ctx):
    api, adapter = _api(conf, {('PUT', '/attachments/' + ATT): [
        FakeResponse(500, {'computeFault': {'message': 'x'}}),
        FakeResponse(200, {'attachment': _raw_attachment()})]})
    assert api.attachment_update(ctx, ATT, {'host': 'h'})['id'] == ATT
    assert len(adapter.calls) == 2


def test_attachment_not_found_and_delete_ignores_it(conf, ctx):
    api, adapter = _api(conf, {})
    with pytest.raises(exception.VolumeAttachmentNotFound):
        api.attachment_get(ctx, ATT)
    with pytest.raises(exception.VolumeAttachmentNotFound):
        api.attachment_complete(ctx, ATT)
    api.attachment_delete(ctx, ATT)     # 404: ignored, as Nova
    assert adapter.calls[-1][0] == 'DELETE'


def test_attachment_complete_and_delete(conf, ctx):
    api, adapter = _api(conf, {
        ('POST', '/attachments/%s/action' % ATT): FakeResponse(204),
        ('DELETE', '/attachments/' + ATT): FakeResponse(200, {})})
    api.attachment_complete(ctx, ATT)
    assert adapter.calls[0][2]['json'] == {'os-complete': None}
    api.attachment_delete(ctx, ATT)


def test_attachment_create_of_unknown_volume(conf, ctx):
    api, _ = _api(conf, {('POST', '/attachments'): FakeResponse(
        404, {'itemNotFound': {'message': 'Volume could not be found'}})})
    with pytest.raises(exception.VolumeNotFound):
        api.attachment_create(ctx, VOL, SERVER)


def test_snapshots(conf, ctx):
    raw = {'id': SNAP, 'status': 'creating', 'size': 1, 'volume_id': VOL,
           'name': 's', 'description': 'sd', 'progress': '0%',
           'created_at': 'x'}
    api, adapter = _api(conf, {
        ('POST', '/snapshots'): [
            FakeResponse(202, {'snapshot': raw}),
            FakeResponse(404, {'itemNotFound': {'message': 'no volume'}}),
            FakeResponse(413, {'overLimit': {'message': 'snapshots'}})],
        ('GET', '/snapshots/' + SNAP): FakeResponse(
            200, {'snapshot': dict(raw, status='available')}),
        ('DELETE', '/snapshots/' + SNAP): FakeResponse(202)})
    snap = api.create_snapshot_force(ctx, VOL, 's', 'sd')
    assert snap['display_name'] == 's' and snap['volume_size'] == 1
    assert adapter.calls[0][2]['json']['snapshot']['force'] is True
    with pytest.raises(exception.VolumeNotFound):
        api.create_snapshot_force(ctx, VOL, 's', 'sd')
    with pytest.raises(exception.OverQuota):
        api.create_snapshot(ctx, VOL, 's', 'sd')
    assert api.get_snapshot(ctx, SNAP)['status'] == 'available'
    api.delete_snapshot(ctx, SNAP)
    with pytest.raises(exception.SnapshotNotFound):
        api.get_snapshot(ctx, 'gone')


def test_update_snapshot_status_says_nova_is_done(conf, ctx):
    api, adapter = _api(conf, {
        ('POST', '/snapshots/%s/action' % SNAP): [
            FakeResponse(202),
            FakeResponse(404, {'itemNotFound': {'message': 'gone'}})]})
    api.update_snapshot_status(ctx, SNAP, 'creating')
    assert adapter.calls[0][2]['json'] == {'os-update_snapshot_status': {
        'status': 'creating', 'progress': '90%'}}
    with pytest.raises(exception.SnapshotNotFound):
        api.update_snapshot_status(ctx, SNAP, 'deleting')


def test_absolute_limits(conf, ctx):
    api, _ = _api(conf, {('GET', '/limits'): FakeResponse(200, {
        'limits': {'rate': [], 'absolute': {'maxTotalVolumes': 10,
                                            'totalVolumesUsed': 2}}})})
    assert api.get_absolute_limits(ctx) == {'maxTotalVolumes': 10,
                                            'totalVolumesUsed': 2}


def test_check_attached(conf, ctx):
    api, _ = _api(conf, {})
    api.check_attached(ctx, {'id': VOL, 'status': 'in-use'})
    with pytest.raises(exception.InvalidVolume):
        api.check_attached(ctx, {'id': VOL, 'status': 'available'})


def test_cross_az_attach(conf, ctx):
    api, _ = _api(conf, {})
    instance = mock.Mock(uuid=SERVER, host=None, availability_zone='az1')
    volume = {'id': VOL, 'availability_zone': 'az2'}
    api.check_availability_zone(ctx, volume, instance)   # allowed: default
    conf.set_override('cross_az_attach', False, group='cinder')
    with pytest.raises(exception.InvalidVolume):
        api.check_availability_zone(ctx, volume, instance)
    api.check_availability_zone(ctx, dict(volume, availability_zone='az1'),
                                instance)


def _catalog(type_='volumev3', url=ENDPOINT):
    return [{'type': type_, 'endpoints': [
        {'interface': 'public', 'region': 'RegionOne', 'url': url}]}]


def test_is_configured(conf):
    ctx = nl_context.RequestContext(project_id=PROJECT)
    assert not cinder.is_configured(conf, ctx)
    ctx.service_catalog = _catalog('block-storage')
    assert cinder.is_configured(conf, ctx)
    ctx.service_catalog = _catalog('image')
    conf.set_override('endpoint_template',
                      'http://c:8776/v3/%(project_id)s', group='cinder')
    assert cinder.is_configured(conf, ctx)


def test_endpoint_from_template_and_catalog(conf, ctx):
    api = cinder.API(conf)
    ctx.service_catalog = _catalog()
    assert api._endpoint_for(ctx) == ENDPOINT
    conf.set_override('os_region_name', 'Elsewhere', group='cinder')
    with pytest.raises(exception.CinderConnectionFailed):
        api._endpoint_for(ctx)
    conf.set_override('endpoint_template',
                      'http://c:8776/v3/%(project_id)s', group='cinder')
    assert api._endpoint_for(ctx) == 'http://c:8776/v3/' + PROJECT


def test_user_token_request_goes_to_the_endpoint(conf, ctx):
    """The real Adapter path: the user's token, the catalog endpoint, the
    microversion header (keystoneauth's session is faked at send)."""
    ctx.service_catalog = _catalog()
    seen = {}

    def fake_request(self, url, method, **kwargs):
        seen.update(url=url, method=method,
                    headers=kwargs.get('headers'),
                    token=self.get_auth_headers())
        return FakeResponse(200, {'volume': _raw_volume()})

    with mock.patch('keystoneauth1.session.Session.request', fake_request):
        vol = cinder.API(conf).get(ctx, VOL)
    assert vol['id'] == VOL
    assert seen['url'] == ENDPOINT + '/volumes/' + VOL
    assert seen['token'] == {'X-Auth-Token': 'tok'}
    assert seen['headers']['OpenStack-API-Version'] == 'volume 3.0'
