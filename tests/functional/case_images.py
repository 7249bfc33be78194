"""Images with the metadata the image checks at server create and rebuild
look at, in the embedded store, for api_cases/image-checks.yaml (as
$NAME variables). They belong to project "image-checks" and are private,
so no other case lists them."""
import pytest

from nova_lite.image import api as image_api

GiB = 1024 ** 3
PROJECT = 'image-checks'

# variable -> (core fields, custom properties)
IMAGES = {
    'QUEUED_IMAGE': ({'status': 'queued'}, {}),
    'MIN_RAM_IMAGE': ({'min_ram': 100000}, {}),
    'BIG_IMAGE': ({'size': 2 * GiB}, {}),
    'MIN_DISK_IMAGE': ({'min_disk': 50}, {}),
    'CONFIG_DRIVE_IMAGE': ({}, {'img_config_drive': 'sometimes'}),
    'MANDATORY_CONFIG_DRIVE_IMAGE': ({}, {'img_config_drive': 'mandatory'}),
    'DISK_BUS_IMAGE': ({}, {'hw_disk_bus': 'floppy'}),
    'VIF_MODEL_IMAGE': ({}, {'hw_vif_model': 'fancy-nic'}),
    'VIDEO_MODEL_IMAGE': ({}, {'hw_video_model': 'hdmi'}),
    'KNOWN_HARDWARE_IMAGE': ({}, {'hw_disk_bus': 'scsi',
                                  'hw_vif_model': 'VirtualE1000',
                                  'hw_video_model': 'vga'}),
}


@pytest.fixture(scope='package')
def case_images(deployment):
    backend = image_api.API().backend
    made = {}
    for name, (core, props) in IMAGES.items():
        core = dict(core)
        image = backend.create(
            name='image-checks-%s' % name.lower(), visibility='private',
            owner=PROJECT, disk_format='qcow2', container_format='bare',
            min_ram=core.pop('min_ram', 0), min_disk=core.pop('min_disk', 0),
            properties=props)
        # metadata only: no case boots these successfully
        changes = dict({'status': 'active', 'size': 1024}, **core)
        backend.update(image['id'], changes)
        made[name] = image['id']
    yield made
    for image_id in made.values():
        backend.delete(image_id)
