"""The image of a volume-backed server, with the real Cinder NFS driver
(the cloud of test_openstack_client_volumes: real Keystone, Glance and
Cinder, the four daemons, a libvirt compute running QEMU guests, the
unmodified openstack client as the demo project's member).

``openstack server image create --wait`` of a running server booted from
a volume: nova_lite asks Cinder for a forced snapshot of the in-use root
volume; Cinder's NFS driver cannot snapshot a file a guest writes to, so
it makes the new qcow2 file and calls nova_lite's
POST /os-assisted-volume-snapshots (as its [nova] privileged user); the
compute moves the guest's disk onto that file with a libvirt external
disk-only snapshot and reports to Cinder (os-update_snapshot_status,
progress 90%); the snapshot becomes available. The image (no data, its
block_device_mapping naming the snapshot) boots a second server, its
root volume made from the snapshot. Deleting the snapshot while the
first server runs (after a hard reboot on the new file) goes through DELETE /os-assisted-volume-snapshots:
the compute pulls the old file's data into the active one (blockRebase)
and Cinder removes the old file.
"""
import json
import os
import subprocess

import pytest

from tests.integration import test_openstack_client_volumes as vols
# The cloud (and what it needs) of the volumes module, one per module.
from tests.integration.test_openstack_client_volumes import (  # noqa: F401
    api_port, cloud, kg_env)

pytestmark = [pytest.mark.libvirt, pytest.mark.slow]

openstack = vols.openstack
openstack_json = vols.openstack_json


def snapshot(kg_env, snapshot_id, check=True):
    return openstack_json(kg_env, 'volume', 'snapshot', 'show', snapshot_id,
                          check=check)


def snapshot_gone(kg_env, snapshot_id):
    out = openstack(kg_env, 'volume', 'snapshot', 'show', snapshot_id,
                    check=False)
    return out.returncode != 0 and \
        'no snapshot' in (out.stderr + out.stdout).lower()


def guest_disk_files(server_id):
    """The source files of the guest's disks, as libvirt has them."""
    out = subprocess.run(['virsh', '-c', 'qemu:///system', 'domblklist',
                          '--details', server_id], capture_output=True,
                         text=True, timeout=60, check=True).stdout
    return [line.split()[-1] for line in out.splitlines()
            if line.strip().startswith('file')]


def test_image_of_a_volume_backed_server_boots_a_server(kg_env, cloud):
    image = kg_env['image']
    export = kg_env['cinder']['export']
    vm = vols.boot(kg_env, 'bfv-snap-vm', '--image', image['name'],
                   '--boot-from-volume', '1')
    root = openstack_json(kg_env, 'server', 'show',
                          vm['id'])['volumes_attached'][0]['id']
    assert guest_disk_files(vm['id'])[0].endswith('/volume-%s' % root)

    created = openstack_json(kg_env, 'server', 'image', 'create', '--wait',
                             '--name', 'bfv-snap-image', vm['id'])
    shown = openstack_json(kg_env, 'image', 'show', created['id'])
    assert shown['status'] == 'active'
    props = shown['properties']
    assert props['bdm_v2'] in (True, 'True', 'true')
    assert props['root_device_name'] == '/dev/vda'
    mapping = json.loads(props['block_device_mapping'])
    assert [(m['source_type'], m['destination_type'], m['boot_index'])
            for m in mapping] == [('snapshot', 'volume', 0)]
    snapshot_id = mapping[0]['snapshot_id']

    snap = vols.wait_until(
        lambda: (lambda s: s if s['status'] != 'creating' else None)(
            snapshot(kg_env, snapshot_id)), 'snapshot %s made' % snapshot_id)
    assert snap['status'] == 'available', snap
    assert snap['volume_id'] == root
    # The guest writes to Cinder's new file now, the old one is the
    # snapshot's data.
    active = 'volume-%s.%s' % (root, snapshot_id)
    assert guest_disk_files(vm['id'])[0] == os.path.join(
        kg_env['cinder']['mount'], active)
    assert os.path.exists(os.path.join(export, 'volume-%s' % root))
    assert openstack_json(kg_env, 'server', 'show',
                          vm['id'])['status'] == 'ACTIVE'
    # The mapping follows Cinder's connection info: a hard reboot (the
    # domain built anew from it) boots the guest on the new file.
    before = vols.console(kg_env, vm['id'])
    openstack(kg_env, 'server', 'reboot', '--hard', '--wait', vm['id'])
    vols.osc.wait_for_marker(kg_env, vm['id'], unlike=before)
    assert guest_disk_files(vm['id'])[0] == os.path.join(
        kg_env['cinder']['mount'], active)

    vm2 = vols.boot(kg_env, 'from-bfv-snap', '--image', created['id'])
    root2 = openstack_json(kg_env, 'server', 'show',
                           vm2['id'])['volumes_attached'][0]['id']
    assert root2 != root
    from_snapshot = vols.volume(kg_env, root2)
    assert from_snapshot['snapshot_id'] == snapshot_id
    assert from_snapshot['status'] == 'in-use'

    openstack(kg_env, 'server', 'delete', '--wait', vm2['id'])
    vols.wait_volume(kg_env, root2, 'available')
    openstack(kg_env, 'volume', 'delete', root2)
    vols.wait_until(lambda: vols.volume_gone(kg_env, root2),
                    'volume %s gone' % root2)
    openstack(kg_env, 'image', 'delete', created['id'])

    # The root volume is still in use: Cinder asks nova_lite to merge.
    openstack(kg_env, 'volume', 'snapshot', 'delete', snapshot_id)
    vols.wait_until(lambda: snapshot_gone(kg_env, snapshot_id),
                    'snapshot %s deleted' % snapshot_id)
    assert not os.path.exists(os.path.join(export, 'volume-%s' % root))
    assert guest_disk_files(vm['id'])[0].endswith(active)
    assert vols.volume(kg_env, root)['status'] == 'in-use'
    assert openstack_json(kg_env, 'server', 'show',
                          vm['id'])['status'] == 'ACTIVE'

    openstack(kg_env, 'server', 'delete', '--wait', vm['id'])
    vols.wait_volume(kg_env, root, 'available')
    openstack(kg_env, 'volume', 'delete', root)
    vols.wait_until(lambda: vols.volume_gone(kg_env, root),
                    'volume %s gone' % root)
