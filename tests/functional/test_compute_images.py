"""A server snapshot through the compute API's image proxy: createImage
before 2.45 answers with a Location under /v2.1/images; that URL shows the
snapshot (SAVING, then ACTIVE with a link to its server), its metadata can
be edited there, and DELETE on it removes the image. From 2.36 the same
URL is a 404, and its metadata from 2.39."""
import time

import pytest

TOKEN = 'iris:project-proxy'
ADMIN = 'admin:admin'


def _wait_active(api, url, token=TOKEN, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        resp = api.get(url, token=token, version='2.35')
        assert resp.status_code == 200, resp.text
        image = resp.json()['image']
        assert image['status'] in ('SAVING', 'ACTIVE'), image
        if image['status'] == 'ACTIVE':
            return image
        time.sleep(0.05)
    raise AssertionError('%s never became ACTIVE: %s' % (url, resp.text))


@pytest.fixture
def server(api, image_id):
    resp = api.post('/v2.1/servers', {'server': {
        'name': 'proxy-vm', 'imageRef': image_id, 'flavorRef': '1'}},
        token=TOKEN)
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    api.wait_for_server(server_id, 'ACTIVE', token=TOKEN)
    yield server_id
    api.delete('/v2.1/servers/%s' % server_id, token=TOKEN)
    api.wait_for_server(server_id, 'DELETED', token=TOKEN)


def _snapshot(api, server_id, name, metadata=None):
    """createImage at 2.44; returns the Location URL (path only)."""
    resp = api.post('/v2.1/servers/%s/action' % server_id, {'createImage': {
        'name': name, 'metadata': metadata or {}}}, token=TOKEN,
        version='2.44')
    assert resp.status_code == 202, resp.text
    assert not resp.content
    location = resp.headers['Location']
    assert location.startswith(api.endpoint + '/v2.1/images/'), location
    return location[len(api.endpoint):]


def test_snapshot_is_readable_editable_and_deletable_at_its_location(
        api, server):
    url = _snapshot(api, server, 'proxy-snap', {'purpose': 'proxy'})
    image_id = url.rsplit('/', 1)[1]

    image = _wait_active(api, url)
    api.wait_for_server(server, 'ACTIVE', token=TOKEN)
    assert image['id'] == image_id
    assert image['name'] == 'proxy-snap'
    assert image['progress'] == 100
    assert image['OS-EXT-IMG-SIZE:size'] > 0
    assert image['metadata']['purpose'] == 'proxy'
    assert image['metadata']['image_type'] == 'snapshot'
    assert image['server']['id'] == server
    assert image['server']['links'][0] == {
        'rel': 'self',
        'href': '%s/v2.1/servers/%s' % (api.endpoint, server)}
    assert image['links'][0] == {'rel': 'self',
                                 'href': api.endpoint + url}
    # The server link leads to the server.
    resp = api.get(image['server']['links'][0]['href'][len(api.endpoint):],
                   token=TOKEN)
    assert resp.status_code == 200 and resp.json()['server']['id'] == server

    # Metadata: set, read back through the image and Glance's view.
    resp = api.put(url + '/metadata/purpose', {'meta': {'purpose': 'edited'}},
                   token=TOKEN, version='2.38')
    assert resp.status_code == 200, resp.text
    resp = api.post(url + '/metadata', {'metadata': {'tier': 'gold'}},
                    token=TOKEN, version='2.1')
    assert resp.status_code == 200, resp.text
    assert resp.json()['metadata']['tier'] == 'gold'
    image = api.get(url, token=TOKEN).json()['image']
    assert (image['metadata']['purpose'], image['metadata']['tier']) == (
        'edited', 'gold')
    glance_view = api.get('/image/v2/images/%s' % image_id,
                          token=TOKEN).json()
    assert (glance_view['purpose'], glance_view['tier']) == ('edited',
                                                             'gold')
    resp = api.delete(url + '/metadata/tier', token=TOKEN)
    assert resp.status_code == 204, resp.text
    assert 'tier' not in api.get(url + '/metadata', token=TOKEN).json()[
        'metadata']

    # Gone from the API from 2.36 (metadata from 2.39), whoever asks.
    for version in ('2.36', '2.45', 'latest'):
        resp = api.get(url, token=TOKEN, version=version)
        assert resp.status_code == 404, resp.text
        resp = api.delete(url, token=TOKEN, version=version)
        assert resp.status_code == 404, resp.text
    assert api.get(url + '/metadata', token=TOKEN,
                   version='2.39').status_code == 404
    assert api.get('/image/v2/images/%s' % image_id,
                   token=TOKEN).status_code == 200

    # Another project neither sees nor deletes it.
    resp = api.delete(url, token='eve:project-elsewhere', version='2.35')
    assert resp.status_code == 404
    assert resp.json()['itemNotFound']['message'] == 'Image not found.'

    resp = api.delete(url, token=TOKEN, version='2.35')
    assert resp.status_code == 204, resp.text
    assert not resp.content
    resp = api.get(url, token=TOKEN, version='2.35')
    assert resp.status_code == 404
    assert api.get('/image/v2/images/%s' % image_id,
                   token=TOKEN).status_code == 404


def test_admin_deletes_another_projects_snapshot(api, server):
    url = _snapshot(api, server, 'proxy-admin-snap')
    _wait_active(api, url)
    api.wait_for_server(server, 'ACTIVE', token=TOKEN)
    image = api.get(url, token=ADMIN).json()['image']
    assert image['server']['id'] == server

    resp = api.delete(url, token=ADMIN, version='2.35')
    assert resp.status_code == 204, resp.text
    assert api.get(url, token=TOKEN).status_code == 404


def test_protected_image_cannot_be_deleted(api, server):
    from nova_lite.image import api as image_api

    url = _snapshot(api, server, 'proxy-protected-snap')
    image_id = url.rsplit('/', 1)[1]
    _wait_active(api, url)
    api.wait_for_server(server, 'ACTIVE', token=TOKEN)
    store = image_api.API().backend
    store.update(image_id, {'protected': True})

    resp = api.delete(url, token=TOKEN)
    assert resp.status_code == 403
    assert resp.json()['forbidden']['message'] == (
        'You are not allowed to delete the image.')
    resp = api.delete('/image/v2/images/%s' % image_id, token=ADMIN)
    assert resp.status_code == 403
    assert api.get(url, token=TOKEN).status_code == 200

    store.update(image_id, {'protected': False})
    assert api.delete(url, token=TOKEN).status_code == 204
