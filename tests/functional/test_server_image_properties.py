"""From 2.98 a server shows the properties of the image it was built from
(kept in its system_metadata as Nova keeps them: every custom property
plus base_image_ref, min_ram, min_disk, disk_format, container_format);
a rebuild onto another image shows that image's."""
import pytest

from nova_lite.image import api as image_api

TOKEN = 'propuser:project-props'
PROJECT = TOKEN.split(':')[1]


@pytest.fixture
def props_image(deployment):
    backend = image_api.API().backend
    image = backend.create(
        name='props-image', visibility='private', owner=PROJECT,
        disk_format='qcow2', container_format='bare', min_ram=64,
        min_disk=0, properties={'hw_disk_bus': 'scsi',
                                'os_distro': 'tinylinux'})
    backend.update(image['id'], {'status': 'active', 'size': 1024})
    yield image['id']
    backend.delete(image['id'])


def _image_view(api, server_id, version='2.98'):
    resp = api.get('/v2.1/servers/%s' % server_id, token=TOKEN,
                   version=version)
    assert resp.status_code == 200, resp.text
    return resp.json()['server']['image']


def test_image_properties_shown_from_2_98_and_follow_a_rebuild(
        api, props_image, image_id):
    resp = api.post('/v2.1/servers', {'server': {
        'name': 'props-vm', 'imageRef': props_image, 'flavorRef': '1'}},
        token=TOKEN)
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    try:
        api.wait_for_server(server_id, 'ACTIVE', token=TOKEN)
        assert 'properties' not in _image_view(api, server_id, '2.97')
        assert _image_view(api, server_id)['properties'] == {
            'hw_disk_bus': 'scsi', 'os_distro': 'tinylinux',
            'base_image_ref': props_image, 'min_ram': '64',
            'min_disk': '1',            # the flavor's root disk
            'disk_format': 'qcow2', 'container_format': 'bare'}

        resp = api.post('/v2.1/servers/%s/action' % server_id,
                        {'rebuild': {'imageRef': image_id}}, token=TOKEN)
        assert resp.status_code == 202, resp.text
        api.wait_for_server(server_id, 'ACTIVE', token=TOKEN)
        props = _image_view(api, server_id)['properties']
        assert props['base_image_ref'] == image_id
        default = api.get('/image/v2/images/%s' % image_id).json()
        # (the default image has hw_* properties only once the test guest
        # is built)
        assert props.get('hw_disk_bus') == default.get('hw_disk_bus')
        assert props['min_ram'] == str(default['min_ram'])
        assert 'os_distro' not in props
    finally:
        api.delete('/v2.1/servers/%s' % server_id, token=TOKEN)
