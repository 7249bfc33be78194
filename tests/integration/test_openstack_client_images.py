"""`openstack server image create` and `openstack image delete` with an
unmodified python-openstackclient against the four daemons and the
embedded image store (the /image/v2 endpoint), as with nova-lite-all."""
import json

import pytest

# The deployment and clouds.yaml of the openstackclient tests.
from tests.integration.test_openstack_client import _openstack
from tests.integration.test_openstack_client import cloud  # noqa: F401
from tests.integration.test_openstack_client import deployment  # noqa: F401

pytestmark = pytest.mark.slow


def _image_names(cloud):  # noqa: F811
    return [i['Name'] for i in json.loads(
        _openstack(cloud, 'image', 'list', '-f', 'json'))]


def test_snapshot_then_image_delete(cloud):  # noqa: F811
    _openstack(cloud, 'server', 'create', '--flavor', 'm1.tiny', '--image',
               'nova-lite-tiny', '--wait', '-f', 'json', 'snap-vm')
    snapshot = json.loads(_openstack(
        cloud, 'server', 'image', 'create', '--wait', '--name', 'osc-snap',
        '-f', 'json', 'snap-vm'))
    assert snapshot['status'] == 'active'
    assert snapshot['properties']['instance_uuid']
    assert sorted(_image_names(cloud)) == ['nova-lite-tiny', 'osc-snap']

    _openstack(cloud, 'image', 'delete', 'osc-snap')
    assert _image_names(cloud) == ['nova-lite-tiny']
    _openstack(cloud, 'server', 'delete', '--wait', 'snap-vm')
