"""Version documents, microversion negotiation, request ids."""
import re

import pytest

from nova_lite.api import microversion

REQ_ID = re.compile(r'^req-[0-9a-f-]{36}$')


def test_root_versions_list(client):
    resp = client.get('/', token=None)
    assert resp.status_int == 200
    versions = {v['id']: v for v in resp.json['versions']}
    assert versions['v2.1']['version'] == '2.104'
    assert versions['v2.1']['min_version'] == '2.1'
    assert versions['v2.1']['status'] == 'CURRENT'
    assert versions['v2.1']['links'][0]['href'] == 'http://localhost/v2.1/'
    assert versions['v2.0']['version'] == ''


@pytest.mark.parametrize('path', ['/v2.1', '/v2.1/'])
def test_v21_document_without_auth(client, path):
    resp = client.get(path, token=None)
    assert resp.status_int == 200
    doc = resp.json['version']
    assert doc['id'] == 'v2.1'
    assert doc['version'] == '2.104' and doc['min_version'] == '2.1'
    assert doc['media-types'][0]['type'] == \
        'application/vnd.openstack.compute+json;version=2.1'
    assert resp.headers['OpenStack-API-Version'] == 'compute 2.1'


def test_legacy_v2_document(client):
    resp = client.get('/v2/', token=None)
    assert resp.status_int == 200
    assert resp.json['version']['id'] == 'v2.0'
    assert 'OpenStack-API-Version' not in resp.headers


@pytest.mark.parametrize('headers,expected', [
    ({}, '2.1'),
    ({'OpenStack-API-Version': 'compute 2.53'}, '2.53'),
    ({'OpenStack-API-Version': 'compute latest'}, '2.104'),
    ({'X-OpenStack-Nova-API-Version': '2.47'}, '2.47'),
    ({'X-OpenStack-Nova-API-Version': 'latest'}, '2.104'),
    ({'OpenStack-API-Version': 'identity 3.0, compute 2.60',
      'X-OpenStack-Nova-API-Version': '2.2'}, '2.60'),
])
def test_negotiation_is_echoed(client, headers, expected):
    resp = client.get('/v2.1/flavors', headers=headers)
    assert resp.headers['OpenStack-API-Version'] == 'compute ' + expected
    assert resp.headers['X-OpenStack-Nova-API-Version'] == expected
    assert resp.headers['Vary'] == \
        'OpenStack-API-Version, X-OpenStack-Nova-API-Version'


def test_version_headers_on_errors(client):
    resp = client.get('/v2.1/servers/nope', version='2.60')
    assert resp.status_int == 404
    assert resp.headers['OpenStack-API-Version'] == 'compute 2.60'


@pytest.mark.parametrize('value', ['2.105', '3.0', '1.1', '2.0'])
def test_unsupported_version_is_406(client, value):
    resp = client.get('/v2.1/servers', version=value)
    assert resp.status_int == 406
    assert resp.json == {'computeFault': {
        'code': 406,
        'message': 'Version %s is not supported by the API. Minimum is 2.1 '
                   'and maximum is 2.104.' % value}}


@pytest.mark.parametrize('value', ['2', 'abc', '2.1.1', '02.1', '2.01x'])
def test_malformed_version_is_400(client, value):
    resp = client.get('/v2.1/servers', version=value)
    assert resp.status_int == 400
    assert 'badRequest' in resp.json


def test_apiversion_compare():
    v = microversion.APIVersion
    assert v('2.10') > v('2.9')
    assert v('2.104') == microversion.MAX_VERSION
    assert v('2.53').matches('2.53', '2.100')
    assert not v('2.52').matches('2.53')
    assert v().is_null()


@pytest.mark.parametrize('method,path,token', [
    ('GET', '/v2.1/', None),
    ('GET', '/v2.1/servers', 'admin:admin'),
    ('GET', '/v2.1/servers/does-not-exist', 'admin:admin'),
    ('GET', '/nowhere', None),
    ('DELETE', '/v2.1/servers', 'admin:admin'),
    ('GET', '/v2.1/os-services', 'demo:demo'),
    ('GET', '/image', None),
])
def test_request_id_on_every_response(client, services, method, path,
                                      token):
    resp = client.request(method, path, token=token)
    assert REQ_ID.match(resp.headers['x-openstack-request-id'])
    assert resp.headers['x-compute-request-id'] == \
        resp.headers['x-openstack-request-id']


def test_no_request_id_on_the_version_list(client):
    resp = client.get('/')
    assert resp.status_int == 200
    assert 'x-openstack-request-id' not in resp.headers
    assert 'x-compute-request-id' not in resp.headers


def test_request_id_on_500(client, compute):
    def boom(*args, **kwargs):
        raise RuntimeError('secret internals')
    compute.get_all = boom
    resp = client.get('/v2.1/servers')
    assert resp.status_int == 500
    assert REQ_ID.match(resp.headers['x-openstack-request-id'])
    body = resp.json['computeFault']
    assert body['code'] == 500
    assert 'secret' not in body['message']
    assert 'Traceback' not in resp.text


def test_request_id_reaches_context(client, compute):
    seen = {}

    def get_all(context, *args, **kwargs):
        seen['id'] = context.request_id
        return []
    compute.get_all = get_all
    resp = client.get('/v2.1/servers')
    assert seen['id'] == resp.headers['x-openstack-request-id']


def test_project_id_in_url(client, compute):
    compute.add(display_name='a', project_id='proj1')
    resp = client.get('/v2.1/proj1/servers', token='user1:proj1')
    assert resp.status_int == 200
    link = resp.json['servers'][0]['links'][0]['href']
    assert link.startswith('http://localhost/v2.1/proj1/servers/')
    resp = client.get('/v2.1/other/servers', token='user1:proj1')
    assert resp.status_int == 400


def test_legacy_v2_api_is_21(client, compute):
    resp = client.get('/v2/servers', version='2.60')
    assert resp.status_int == 200
    assert 'OpenStack-API-Version' not in resp.headers
