"""Shelve and unshelve a real QEMU guest through the REST API, with the
four daemons as processes (RabbitMQ, MariaDB behind the conductor) and
nova-lite-compute on qemu:///system (TCG), as in test_libvirt_api.

The steps run in file order on one server: boot (boot marker on the
console); shelve with the default shelved_offload_time 0, so the guest is
snapshotted into "<name>-shelved" and offloaded: SHELVED_OFFLOADED, no
host, its domain and instance directory gone, the host's usage freed;
unshelve: ACTIVE on the host again, booted from the shelved image (the
boot marker on the new console), that image deleted, image_ref still the
original; delete.
"""
import os
import time

import pytest
import requests

from tests.integration import deployment as deployment_mod
from tests.integration import libvirt_rest as rest
from tests.integration import test_libvirt_api as lv

pytestmark = lv.pytestmark + [pytest.mark.slow]

NAME = 'lv-shelve'
NANO_USAGE = (1, 128)   # m1.nano: vCPUs, MiB


# The deployment of test_libvirt_api (one libvirt compute, lv1), set up
# for this module.
dep = lv.dep


def _domain_exists(d, server_id):
    try:
        d.conn.lookupByUUIDString(server_id)
    except lv.libvirt.libvirtError:
        return False
    return True


def _shelved_images(d):
    return requests.get(d.endpoint + '/image/v2/images?name=%s-shelved'
                        % NAME, timeout=30).json()['images']


def _usage(d):
    hyp = d.hypervisor('lv1')
    return hyp['vcpus_used'], hyp['memory_mb_used']


def _act(d, body, status, seen=None):
    """POST the action and wait for `status`: (server, seconds)."""
    server_id = d.state['server_id']
    t0 = time.monotonic()
    resp = rest.action(d, server_id, body)
    assert resp.status_code == 202, resp.text
    server = rest.wait_status(d, server_id, status, seen=seen)
    return server, time.monotonic() - t0


def test_boot(dep):
    d = dep
    d.state['image_id'] = image_id = d.image_id()
    resp = requests.post(
        d.endpoint + '/v2.1/servers', headers=lv.HEADERS, timeout=30,
        json={'server': {'name': NAME, 'flavorRef': lv.NANO,
                         'imageRef': image_id, 'networks': 'none'}})
    assert resp.status_code == 202, resp.text
    server_id = d.state['server_id'] = resp.json()['server']['id']
    rest.wait_status(d, server_id, 'ACTIVE')
    rest.wait_markers(d, server_id, 1)
    assert _usage(d) == NANO_USAGE


def test_shelve_offloads_the_guest(dep):
    d = dep
    server_id = d.state['server_id']
    seen = set()
    server, seconds = _act(d, {'shelve': None}, 'SHELVED_OFFLOADED', seen)
    print('\nshelve to SHELVED_OFFLOADED: %.1f s' % seconds)
    assert seen & {'shelving', 'shelving_image_pending_upload',
                   'shelving_image_uploading', 'shelving_offloading'}, seen
    assert server['OS-EXT-SRV-ATTR:host'] is None
    assert server['OS-EXT-SRV-ATTR:hypervisor_hostname'] is None
    assert server['OS-EXT-STS:power_state'] == 4
    # The guest and its files are gone from the host, its claim too.
    assert not _domain_exists(d, server_id)
    assert not os.path.exists(os.path.join(d.instances_path, server_id))
    assert _usage(d) == (0, 0)
    [image] = _shelved_images(d)
    assert image['status'] == 'active'
    assert image['disk_format'] == 'qcow2'
    assert image['instance_uuid'] == server_id
    d.state['shelved_image_id'] = image['id']


def test_unshelve_boots_from_the_shelved_image(dep):
    d = dep
    server_id = d.state['server_id']
    server, seconds = _act(d, {'unshelve': None}, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == 'lv1'
    assert server['OS-EXT-STS:power_state'] == 1
    assert server['image']['id'] == d.state['image_id']
    assert d.conn.lookupByUUIDString(server_id).isActive()
    # A new guest: its fresh console shows the guest booting again.
    rest.wait_markers(d, server_id, 1)
    print('\nunshelve to ACTIVE: %.1f s' % seconds)
    assert _usage(d) == NANO_USAGE
    assert _shelved_images(d) == []
    resp = requests.get(d.endpoint + '/image/v2/images/%s'
                        % d.state['shelved_image_id'], timeout=30)
    assert resp.status_code == 404


def test_delete(dep):
    d = dep
    server_id = d.state['server_id']
    d.delete(server_id)
    deployment_mod.wait_for(lambda: d.server(server_id) is None, 60)
    assert not _domain_exists(d, server_id)
    assert _usage(d) == (0, 0)
