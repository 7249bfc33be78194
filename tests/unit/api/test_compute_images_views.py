"""Nova's image shapes of Glance images (/v2.1/images): status and progress
per Glance status, metadata, size, timestamps, diskConfig, links."""
import pytest
import webob

from nova_lite.api.views import compute_images as views
from nova_lite.api.views import links

IMAGE_ID = '70a599e0-31e7-49b7-b260-868f441e862b'
SERVER_ID = 'f879f81a-5455-4e57-a0aa-3773e21c2259'


def _image(**kw):
    image = {'id': IMAGE_ID, 'name': 'snap', 'status': 'active',
             'visibility': 'private', 'protected': False, 'os_hidden': False,
             'owner': 'p1', 'disk_format': 'raw', 'container_format': 'bare',
             'size': 4096, 'virtual_size': None, 'checksum': 'abc',
             'os_hash_algo': 'sha512', 'os_hash_value': 'def',
             'min_ram': 64, 'min_disk': 1, 'tags': [],
             'created_at': '2026-11-28T12:00:01Z',
             'updated_at': '2026-11-28T12:00:05.123456+00:00',
             'stores': 'file', 'image_type': 'snapshot'}
    image.update(kw)
    return image


def _builder(url='http://api.example/v2.1/images'):
    request = webob.Request.blank(url)
    request.environ[links.ENV_BASE_URL] = 'http://api.example'
    request.environ[links.ENV_VERSION_PREFIX] = 'v2.1'
    return views.ViewBuilder(
        request, lambda image_id: 'http://glance.example/images/' + image_id)


@pytest.mark.parametrize('glance_status, status, progress', [
    ('active', 'ACTIVE', 100),
    ('queued', 'SAVING', 25),
    ('saving', 'SAVING', 50),
    ('deleted', 'DELETED', 0),
    ('pending_delete', 'DELETED', 0),
    ('killed', 'ERROR', 0),
    ('importing', 'UNKNOWN', 0),
    ('deactivated', 'UNKNOWN', 0),
])
def test_status_and_progress(glance_status, status, progress):
    body = _builder().show(_image(status=glance_status))
    assert (body['status'], body['progress']) == (status, progress)


def test_show_shape():
    body = _builder().show(_image(instance_uuid=SERVER_ID))
    assert body['minRam'] == 64 and body['minDisk'] == 1
    assert body['OS-EXT-IMG-SIZE:size'] == 4096
    # Glance's own attributes (stores included) are not metadata.
    assert body['metadata'] == {'image_type': 'snapshot',
                                'instance_uuid': SERVER_ID}
    assert body['created'] == '2026-11-28T12:00:01Z'
    assert body['updated'] == '2026-11-28T12:00:05Z'
    assert body['links'] == [
        {'rel': 'self',
         'href': 'http://api.example/v2.1/images/' + IMAGE_ID},
        {'rel': 'bookmark', 'href': 'http://api.example/images/' + IMAGE_ID},
        {'rel': 'alternate', 'type': 'application/vnd.openstack.image',
         'href': 'http://glance.example/images/' + IMAGE_ID}]
    assert body['server'] == {'id': SERVER_ID, 'links': [
        {'rel': 'self',
         'href': 'http://api.example/v2.1/servers/' + SERVER_ID},
        {'rel': 'bookmark',
         'href': 'http://api.example/servers/' + SERVER_ID}]}
    assert 'OS-DCF:diskConfig' not in body


def test_queued_snapshot_has_size_zero_and_no_min_values():
    body = _builder().show(_image(status='queued', size=None, min_ram=None,
                                  min_disk=None))
    assert body['OS-EXT-IMG-SIZE:size'] == 0
    assert (body['minRam'], body['minDisk']) == (0, 0)


@pytest.mark.parametrize('value, expected', [
    ('True', 'AUTO'), ('true', 'AUTO'), ('1', 'AUTO'),
    ('False', 'MANUAL'), ('no', 'MANUAL'),
])
def test_disk_config(value, expected):
    body = _builder().show(_image(auto_disk_config=value))
    assert body['OS-DCF:diskConfig'] == expected


def test_collection_links_only_for_a_full_page():
    images = [_image(id=IMAGE_ID), _image(id=SERVER_ID)]
    builder = _builder('http://api.example/v2.1/images/detail?limit=2')
    body = builder.collection(images, detail=True, page_size=2)
    assert body['images_links'] == [{
        'rel': 'next',
        'href': 'http://api.example/v2.1/images/detail?limit=2&marker=' +
                SERVER_ID}]
    assert 'images_links' not in builder.collection(images, True, 3)
    assert 'images_links' not in builder.collection(images, True, None)
    basic = builder.collection(images, detail=False, page_size=None)
    assert set(basic['images'][0]) == {'id', 'name', 'links'}
