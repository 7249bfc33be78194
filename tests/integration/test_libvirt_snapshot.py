"""createImage of a real QEMU guest through the REST API, and a second
server booted from the snapshot.

The four daemons run as processes (RabbitMQ, MariaDB) with the libvirt
driver (qemu:///system, TCG) and the embedded image store, as in
test_libvirt_api. Steps, in file order: boot the tiny test guest to its
boot marker; snapshot it while it runs (paused for the copy, running
again afterwards) into an active standalone qcow2 image; boot a second
server from that image and see the guest's boot marker on its console;
snapshot the stopped first server (it stays SHUTOFF).

Without libvirt-python or /usr/sbin/libvirtd it fails (skipped only with
NOVA_LITE_SKIP_LIBVIRT=1). Needs root, RabbitMQ and MariaDB.
"""
import json
import os
import shutil
import subprocess
import tempfile

import pytest
import requests

from tests.integration import deployment as deployment_mod
from tests.integration import libvirt_rest as rest
from tests.integration import services
from tests.integration import test_libvirt_api as lv

pytestmark = lv.pytestmark + [pytest.mark.slow]

HEADERS = deployment_mod.HEADERS


@pytest.fixture(scope='module')
def dep(tmp_path_factory, transport_url):
    rest.prepare_host()
    instances = tempfile.mkdtemp(prefix='nova-lite-snap-instances-')
    os.chmod(instances, 0o755)
    with services.DATABASES['mysql']() as db_url:
        d = rest.libvirt_deployment(
            str(tmp_path_factory.mktemp('libvirt-snapshot')), transport_url,
            db_url, instances)
        d.instances_path = instances
        d.state = {}
        d.conn = None
        try:
            d.start()
            d.conn = lv.libvirt.open('qemu:///system')
            yield d
        finally:
            # The deployment goes away whole: its guests with it.
            d.stop()
            if d.conn is not None:
                for key in ('server_id', 'clone_id'):
                    if d.state.get(key):
                        rest.undefine(d.conn, d.state[key])
                d.conn.close()
            shutil.rmtree(instances, ignore_errors=True)


def _image(d, image_id):
    resp = requests.get(d.endpoint + '/image/v2/images/%s' % image_id,
                        timeout=30)
    assert resp.status_code == 200, resp.text
    return resp.json()


def _snapshot(d, server_id, name):
    resp = rest.action(d, server_id, {'createImage': {'name': name}},
                      version='2.45')
    assert resp.status_code == 202, resp.text
    return resp.json()['image_id']


def _wait_image_active(d, image_id, server_id, seen):
    def check():
        server = d.server(server_id)
        seen.add(server.get('OS-EXT-STS:task_state'))
        image = _image(d, image_id)
        return image['status'] == 'active' and image
    try:
        return deployment_mod.wait_for(check, 120, poll=0.1)
    except AssertionError:
        pytest.fail('image %s not active: %s\ncompute log:\n%s' % (
            image_id, _image(d, image_id), d.log_tail('lv1')))


def _store_file(d, image_id):
    return os.path.join(d.workdir, 'state', 'images', image_id)


def test_boot_the_guest(dep):
    d = dep
    resp = requests.post(
        d.endpoint + '/v2.1/servers', headers=HEADERS, timeout=30,
        json={'server': {'name': 'lv-snap', 'flavorRef': lv.NANO,
                         'imageRef': d.image_id(), 'networks': 'none'}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    d.state['server_id'] = server_id
    rest.wait_status(d, server_id, 'ACTIVE')
    rest.wait_markers(d, server_id, 1)


def test_snapshot_of_a_running_guest(dep):
    d = dep
    server_id = d.state['server_id']
    image_id = _snapshot(d, server_id, 'lv-snap-running')
    seen = set()
    image = _wait_image_active(d, image_id, server_id, seen)
    server = rest.wait_status(d, server_id, 'ACTIVE', seen=seen)
    assert server['OS-EXT-STS:power_state'] == 1
    assert rest.domain(d).state(0)[0] == lv.libvirt.VIR_DOMAIN_RUNNING
    assert seen & {'image_snapshot_pending', 'image_snapshot',
                   'image_pending_upload', 'image_uploading'}, seen
    assert (image['disk_format'], image['container_format']) == ('qcow2',
                                                                 'bare')
    assert image['image_type'] == 'snapshot'
    assert image['instance_uuid'] == server_id
    assert image['size'] > 0
    # A standalone qcow2: the overlay and its base flattened.
    info = json.loads(subprocess.check_output(
        ['qemu-img', 'info', '--output=json', _store_file(d, image_id)]))
    assert info['format'] == 'qcow2'
    assert 'backing-filename' not in info
    assert os.listdir(os.path.join(d.instances_path, 'snapshots')) == []
    d.state['image_id'] = image_id


def test_boot_from_the_snapshot(dep):
    d = dep
    image_id = d.state['image_id']
    resp = requests.post(
        d.endpoint + '/v2.1/servers', headers=HEADERS, timeout=30,
        json={'server': {'name': 'lv-clone', 'flavorRef': lv.NANO,
                         'imageRef': image_id, 'networks': 'none'}})
    assert resp.status_code == 202, resp.text
    clone_id = resp.json()['server']['id']
    d.state['clone_id'] = clone_id
    server = rest.wait_status(d, clone_id, 'ACTIVE')
    assert server['image']['id'] == image_id
    rest.wait_markers(d, clone_id, 1)


def test_snapshot_of_a_stopped_guest(dep):
    d = dep
    server_id = d.state['server_id']
    resp = rest.action(d, server_id, {'os-stop': None})
    assert resp.status_code == 202, resp.text
    rest.wait_status(d, server_id, 'SHUTOFF')
    image_id = _snapshot(d, server_id, 'lv-snap-stopped')
    image = _wait_image_active(d, image_id, server_id, set())
    rest.wait_status(d, server_id, 'SHUTOFF')
    assert not rest.domain(d).isActive()
    assert image['disk_format'] == 'qcow2' and image['size'] > 0
