"""The Glance v2 view of the embedded image store under /image."""
import hashlib

import pytest

from nova_lite.api.controllers import base as controller_base
from nova_lite import exception
from nova_lite.image import api as image_api


@pytest.fixture
def images(app, conf, tmp_path):
    api = image_api.API(conf)
    data = tmp_path / 'cirros.img'
    data.write_bytes(b'QFI\xfb' + b'x' * 1000)
    first = api.add_image_from_file(str(data), name='cirros',
                                    properties={'os_distro': 'cirros'})
    second = api.add_image_from_file(str(data), name='private-one',
                                     visibility='private', owner='proj1')
    controller_base.set_image_api(api)
    return first, second, data


def test_versions_document(client):
    resp = client.get('/image', token=None)
    assert resp.status_int == 300
    current = [v for v in resp.json['versions'] if v['status'] == 'CURRENT']
    assert current[0]['links'][0]['href'] == 'http://localhost/image/v2/'


def test_needs_nothing_but_token_for_list(client, images):
    body = client.get('/image/v2/images').json
    assert {i['name'] for i in body['images']} == {'cirros', 'private-one'}
    assert body['first'] == '/v2/images'
    assert body['schema'] == '/v2/schemas/images'
    assert 'next' not in body


def test_image_shape(client, images):
    first = images[0]
    img = client.get('/image/v2/images/%s' % first['id']).json
    data = images[2].read_bytes()
    assert img['id'] == first['id']
    assert img['status'] == 'active' and img['visibility'] == 'public'
    assert img['disk_format'] == 'qcow2'
    assert img['container_format'] == 'bare'
    assert img['size'] == len(data)
    assert img['checksum'] == hashlib.md5(data).hexdigest()
    assert img['os_hash_algo'] == 'sha512'
    assert img['os_hash_value'] == hashlib.sha512(data).hexdigest()
    assert img['os_distro'] == 'cirros'
    assert img['self'] == '/v2/images/%s' % first['id']
    assert img['file'] == '/v2/images/%s/file' % first['id']
    assert img['schema'] == '/v2/schemas/image'
    assert img['created_at'].endswith('Z')


def test_filters_and_paging(client, images):
    body = client.get('/image/v2/images?name=cirros').json
    assert [i['name'] for i in body['images']] == ['cirros']
    body = client.get('/image/v2/images?visibility=private').json
    assert [i['name'] for i in body['images']] == ['private-one']
    body = client.get('/image/v2/images?limit=1').json
    assert len(body['images']) == 1
    marker = body['images'][0]['id']
    assert body['next'] == '/v2/images?limit=1&marker=%s' % marker
    body2 = client.get('/image/v2/images?limit=1&marker=%s' % marker).json
    assert body2['images'][0]['id'] != marker
    assert client.get('/image/v2/images?marker=nope').status_int == 400


def test_private_images_hidden_from_other_projects(client, images):
    body = client.get('/image/v2/images', token='u:other').json
    assert [i['name'] for i in body['images']] == ['cirros']
    resp = client.get('/image/v2/images/%s' % images[1]['id'],
                      token='u:other')
    assert resp.status_int == 404


def test_download(client, images):
    resp = client.get('/image/v2/images/%s/file' % images[0]['id'])
    assert resp.status_int == 200
    assert resp.body == images[2].read_bytes()
    assert resp.content_type == 'application/octet-stream'
    assert resp.headers['Content-MD5'] == images[0]['checksum']


def test_missing_image(client, images):
    resp = client.get('/image/v2/images/1b9a7d4e-0000-4000-8000-000000000000')
    assert resp.status_int == 404
    assert client.get('/image/v2/images/not-a-uuid').status_int == 404


def test_schemas(client):
    assert client.get('/image/v2/schemas/image').json['name'] == 'image'
    assert client.get('/image/v2/schemas/images').json['name'] == 'images'


def test_image_api_get_and_list(conf, tmp_path):
    api = image_api.API(conf)
    with pytest.raises(exception.ImageNotFound):
        api.get(None, 'abc')
    data = tmp_path / 'disk.raw'
    data.write_bytes(b'\0' * 10)
    img = api.add_image_from_file(str(data), name='raw')
    assert img['disk_format'] == 'raw'
    assert api.get(None, img['id'])['name'] == 'raw'
    assert [i['id'] for i in api.list(None, {'status': 'active'})] == \
        [img['id']]
    assert b''.join(api.download(None, img['id'])) == b'\0' * 10


def test_delete_is_for_the_owner_or_an_admin(client, images):
    public, private = images[0], images[1]
    # another project: cannot see the private image, may not delete the
    # public one (it has no owner, so only an admin may)
    resp = client.delete('/image/v2/images/%s' % private['id'],
                         token='u:other')
    assert resp.status_int == 404
    resp = client.delete('/image/v2/images/%s' % public['id'],
                         token='u:other')
    assert resp.status_int == 403
    assert resp.json['forbidden']['message'] == (
        'You are not authorized to complete delete_image action.')
    # the owner's project
    resp = client.delete('/image/v2/images/%s' % private['id'],
                         token='u:proj1')
    assert resp.status_int == 204 and not resp.body
    assert client.get('/image/v2/images/%s' % private['id']).status_int \
        == 404
    # an admin
    assert client.delete('/image/v2/images/%s' % public['id']).status_int \
        == 204
    assert client.delete('/image/v2/images/%s' % public['id']).status_int \
        == 404
