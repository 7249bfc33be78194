"""Instances and image metadata for the libvirt driver unit tests."""
from nova_lite import objects

objects.register_all()

INSTANCE_UUID = '5a0f5b3e-0d2b-4c55-9d3c-6f5e8d1b2a90'
IMAGE_ID = '7b3c1d2e-4f50-4a6b-8c7d-9e0f1a2b3c4d'


def instance(**flavor_kw):
    flavor = dict(name='m1.tiny', flavorid='1', vcpus=2, memory_mb=128,
                  root_gb=1, ephemeral_gb=0, swap=0, extra_specs={})
    flavor.update(flavor_kw)
    return objects.Instance(
        id=10, uuid=INSTANCE_UUID, display_name='vm one',
        hostname='vm-one', image_ref=IMAGE_ID, project_id='proj',
        user_id='user', flavor=objects.Flavor(**flavor))


def image_meta(**properties):
    return {'id': IMAGE_ID, 'name': 'tiny', 'disk_format': 'qcow2',
            'container_format': 'bare', 'properties': properties}


def disk(path='/i/disk', dev='vda', bus='virtio', fmt='qcow2'):
    return {'path': path, 'dev': dev, 'bus': bus, 'format': fmt}
