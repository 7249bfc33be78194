"""Volumes as a user of a real cloud sees them, with the unmodified
openstack client: Keystone, Glance and Cinder from PyPI (Cinder's NFS
driver on a bind-mounted share; tools/start-keystone-glance.sh with
CINDER_PORT), the four daemons as processes over RabbitMQ with MariaDB
behind the conductor, and a libvirt compute running QEMU guests.

As the demo project's member: ``volume create``; ``server add volume`` on
a running guest shows the new disk on the guest's console and puts the
volume in-use with one attachment; the guest writes a marker on it;
``server remove volume`` takes the disk out of the guest and leaves the
volume available with no attachment; attached to a second server, the
marker is read back there. ``server create --boot-from-volume`` boots a
guest whose root disk is a Cinder volume made from the Glance image; a
server whose root volume is deleted on termination takes it along when
deleted.

The tiny test image prints NOVA_LITE_TEST_GUEST_DISK=<dev> <bytes>|gone
for every non-boot disk and answers nova-lite-disk-write/read on its
serial console. With Cinder's API stopped, an attach answers Nova's 503
and leaves nothing behind.
"""
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid

import pytest
import requests

from tests.integration import deployment as deployment_mod
from tests.integration import guest_network
from tests.integration import keystone_glance
from tests.integration import libvirt_rest
from tests.integration import services
from tests.integration import test_openstack_client_glance as osc

pytestmark = [pytest.mark.libvirt, pytest.mark.slow]

FLAVOR = 'm1.nano'
GiB = 1024 ** 3
MARKER = 'nl-%s' % uuid.uuid4().hex[:12]
SETTLE = 180


@pytest.fixture(scope='module')
def api_port():
    return deployment_mod.free_port()


@pytest.fixture(scope='module')
def kg_env(api_port):
    libvirt_rest.prepare_host()
    # QEMU (as libvirt-qemu) opens the volume files on Cinder's share:
    # every directory on the way must be traversable.
    workdir = tempfile.mkdtemp(prefix='nova-lite-osc-volumes-')
    os.chmod(workdir, 0o755)
    try:
        with keystone_glance.running(workdir, api_port=api_port,
                                     cinder=True) as data:
            yield data
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope='module')
def cloud(tmp_path_factory, transport_url, kg_env, api_port):
    instances = tempfile.mkdtemp(prefix='nova-lite-volume-instances-')
    os.chmod(instances, 0o755)
    common = {
        'DEFAULT': {'compute_driver': 'libvirt.LibvirtDriver',
                    'instances_path': instances,
                    'shutdown_timeout': 10,
                    'block_device_allocate_retries_interval': 1,
                    'allow_resize_to_same_host': 'true'},
        'libvirt': {'virt_type': 'qemu', 'connection_uri': 'qemu:///system',
                    'nfs_mount_point_base':
                        kg_env['cinder']['mount_point_base'],
                    'device_detach_timeout': 20},
        'api': {'auth_strategy': 'keystone'},
        'keystone_authtoken': dict(kg_env['keystone_authtoken']),
        # Cinder lets only a service delete an attachment of an attached
        # volume: nova's token goes along with the user's.
        'service_user': dict(kg_env['service_user']),
        # Calls made without a user's token (the compute reconciling its
        # volumes with Cinder at start-up) use nova's own credentials.
        'cinder': {k: v for k, v in kg_env['service_user'].items()
                   if k != 'send_service_user_token'},
        'glance': {'image_backend': 'glance'},
    }
    session = keystone_glance.session(kg_env, 'admin', 'admin')
    with services.mysql_database() as db_url:
        dep = deployment_mod.Deployment(
            str(tmp_path_factory.mktemp('deploy')), transport_url, db_url,
            computes=('lv1',), common=common, port=api_port,
            token_provider=session.get_token)
        try:
            dep.start()
            yield dep
        finally:
            dep.stop()
            osc._undefine_leftovers(instances)
            shutil.rmtree(instances, ignore_errors=True)
        errors = dep.errors_in_logs()
        assert not errors, errors


def openstack(kg_env, *args, **kw):
    return osc.openstack(kg_env, *args, **kw)


def openstack_json(kg_env, *args, **kw):
    return osc.openstack_json(kg_env, *args, **kw)


def console(kg_env, server_id):
    return openstack(kg_env, 'console', 'log', 'show', server_id).stdout


def disks(kg_env, server_id):
    """{dev: bytes} of the non-boot disks the guest last reported."""
    return guest_network.disks(console(kg_env, server_id))


def wait_until(predicate, what, timeout=SETTLE, poll=2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(poll)
    raise AssertionError('timed out waiting for %s' % what)


def volume(kg_env, name_or_id):
    return openstack_json(kg_env, 'volume', 'show', name_or_id)


def wait_volume(kg_env, name_or_id, status):
    return wait_until(
        lambda: (lambda v: v if v['status'] == status else None)(
            volume(kg_env, name_or_id)),
        'volume %s %s' % (name_or_id, status))


def volume_gone(kg_env, volume_id):
    out = openstack(kg_env, 'volume', 'show', volume_id, check=False)
    # "No Volume found for ..." (openstacksdk) or "No volume with a name
    # or ID of ... exists." (older clients)
    return out.returncode != 0 and \
        'no volume' in (out.stderr + out.stdout).lower()


def disk_command(kg_env, server_id, command, prefix):
    return guest_network.console_command(
        server_id, command, prefix, lambda: console(kg_env, server_id))


def boot(kg_env, name, *args):
    server = openstack_json(kg_env, 'server', 'create', '--flavor', FLAVOR,
                            '--wait', *(args + (name,)))
    assert server['status'] == 'ACTIVE', server
    osc.wait_for_marker(kg_env, server['id'])
    return server


STATE = {}


def test_attach_shows_the_disk_in_the_guest(kg_env, cloud):
    image = kg_env['image']['name']
    vm1 = boot(kg_env, 'vol-vm1', '--image', image)
    vm2 = boot(kg_env, 'vol-vm2', '--image', image)
    STATE.update(vm1=vm1['id'], vm2=vm2['id'])
    created = openstack_json(kg_env, 'volume', 'create', '--size', '1', 'v1')
    STATE['v1'] = created['id']
    wait_volume(kg_env, 'v1', 'available')
    assert disks(kg_env, vm1['id']) == {}

    openstack(kg_env, 'server', 'add', 'volume', vm1['id'], 'v1')
    attached = wait_volume(kg_env, 'v1', 'in-use')
    assert [a['server_id'] for a in attached['attachments']] == [vm1['id']]
    wait_until(lambda: disks(kg_env, vm1['id']).get('vdb') == GiB,
               'vdb in the guest')
    listed = openstack_json(kg_env, 'server', 'volume', 'list', vm1['id'])
    assert [(v['Volume ID'], v['Device']) for v in listed] == [
        (created['id'], '/dev/vdb')]
    shown = openstack_json(kg_env, 'server', 'show', vm1['id'])
    assert created['id'] in str(shown['volumes_attached'])

    answer = disk_command(kg_env, vm1['id'],
                          'nova-lite-disk-write vdb %s' % MARKER,
                          'NOVA_LITE_TEST_GUEST_DISK_WRITE=vdb')
    assert answer == 'NOVA_LITE_TEST_GUEST_DISK_WRITE=vdb ok'


def test_detach_frees_the_volume_and_the_marker_moves_along(kg_env, cloud):
    vm1, vm2 = STATE['vm1'], STATE['vm2']
    openstack(kg_env, 'server', 'remove', 'volume', vm1, 'v1')
    freed = wait_volume(kg_env, 'v1', 'available')
    assert freed['attachments'] == []
    wait_until(lambda: 'vdb' not in disks(kg_env, vm1), 'vdb gone')
    assert 'NOVA_LITE_TEST_GUEST_DISK=vdb gone' in console(kg_env, vm1)
    assert openstack_json(kg_env, 'server', 'volume', 'list', vm1) == []

    openstack(kg_env, 'server', 'add', 'volume', vm2, 'v1')
    wait_volume(kg_env, 'v1', 'in-use')
    wait_until(lambda: disks(kg_env, vm2).get('vdb') == GiB,
               'vdb in the second guest')
    answer = disk_command(kg_env, vm2, 'nova-lite-disk-read vdb',
                          'NOVA_LITE_TEST_GUEST_DISK_READ=vdb')
    assert answer == 'NOVA_LITE_TEST_GUEST_DISK_READ=vdb %s' % MARKER

    actions = openstack_json(kg_env, 'server', 'event', 'list', vm1)
    assert {'attach_volume', 'detach_volume'} <= {a['Action']
                                                  for a in actions}
    # Deleting the server detaches the volume it still had.
    openstack(kg_env, 'server', 'delete', '--wait', vm1, vm2)
    wait_volume(kg_env, 'v1', 'available')
    openstack(kg_env, 'volume', 'delete', 'v1')


def test_boot_from_volume(kg_env, cloud):
    image = kg_env['image']
    vm3 = boot(kg_env, 'vol-vm3', '--image', image['name'],
               '--boot-from-volume', '1')
    STATE['vm3'] = vm3['id']
    shown = openstack_json(kg_env, 'server', 'show', vm3['id'])
    # a volume-backed server shows no image (Nova's "")
    assert not shown['image'] or 'N/A' in str(shown['image'])
    root = [v['id'] for v in shown['volumes_attached']]
    assert len(root) == 1
    vol = volume(kg_env, root[0])
    assert vol['status'] == 'in-use'
    assert vol['bootable'] in (True, 'true')
    assert [a['server_id'] for a in vol['attachments']] == [vm3['id']]
    assert disks(kg_env, vm3['id']) == {}   # its root is vda, the volume
    # --boot-from-volume leaves delete_on_termination false: the root
    # volume outlives the server.
    openstack(kg_env, 'server', 'delete', '--wait', vm3['id'])
    wait_volume(kg_env, root[0], 'available')
    openstack(kg_env, 'volume', 'delete', root[0])


def test_volume_deleted_on_termination(kg_env, cloud):
    image = kg_env['image']
    vm4 = boot(kg_env, 'vol-vm4', '--block-device',
               'uuid=%s,source_type=image,destination_type=volume,'
               'volume_size=1,boot_index=0,delete_on_termination=true'
               % image['id'])
    shown = openstack_json(kg_env, 'server', 'show', vm4['id'])
    root = shown['volumes_attached'][0]['id']
    assert volume(kg_env, root)['status'] == 'in-use'
    openstack(kg_env, 'server', 'delete', '--wait', vm4['id'])
    wait_until(lambda: volume_gone(kg_env, root), 'vm4 root volume gone')


def _cinder_api(kg_env, start):
    """Stop (SIGTERM, until gone) or start again the cinder-api of this
    module's Cinder, as tools/keystone-glance/cinder.sh starts it."""
    facts = kg_env['cinder']
    pidfile = facts['pidfiles']['cinder-api']
    if not start:
        with open(pidfile) as f:
            pid = int(f.read())
        os.kill(pid, signal.SIGTERM)
        wait_until(lambda: not os.path.exists('/proc/%d' % pid) or
                   open('/proc/%d/stat' % pid).read().split()[2] == 'Z',
                   'cinder-api stopped', timeout=60, poll=0.5)
        return
    venv_bin = os.path.join(facts['venv'], 'bin')
    env = dict(os.environ, PATH='%s:%s:%s' % (
        os.path.dirname(facts['sudo_shim']), venv_bin, os.environ['PATH']))
    proc = subprocess.Popen(
        [os.path.join(venv_bin, 'cinder-api'), '--config-file',
         facts['config'], '--log-file',
         os.path.join(os.path.dirname(pidfile), 'cinder-api.log')],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    with open(pidfile, 'w') as f:
        f.write('%d\n' % proc.pid)
    wait_until(lambda: _answers(facts['url']), 'cinder-api answering',
               timeout=120, poll=1)


def _answers(url):
    try:
        requests.get(url.split('/v3')[0] + '/', timeout=5)
        return True
    except requests.RequestException:
        return False


def test_cinder_api_down_during_an_attach(kg_env, cloud):
    """Cinder's API gone when an attach comes: Nova's error body (503,
    not a 500), no mapping left; with Cinder back the volume is available
    with no attachment, and the attach works."""
    vm6 = boot(kg_env, 'vol-vm6', '--image', kg_env['image']['name'])
    created = openstack_json(kg_env, 'volume', 'create', '--size', '1', 'v2')
    wait_volume(kg_env, created['id'], 'available')
    token, _body = keystone_glance.password_token(kg_env, 'demo', 'demo')
    url = '%s/v2.1/servers/%s/os-volume_attachments' % (cloud.endpoint,
                                                        vm6['id'])
    _cinder_api(kg_env, start=False)
    try:
        resp = requests.post(url, timeout=120, headers={
            'X-Auth-Token': token},
            json={'volumeAttachment': {'volumeId': created['id']}})
        assert resp.status_code == 503, resp.text
        assert resp.json()['serviceUnavailable']['code'] == 503
        assert resp.headers['Retry-After']
        listed = requests.get(url, timeout=60,
                              headers={'X-Auth-Token': token})
        assert listed.status_code == 200, listed.text
        assert listed.json()['volumeAttachments'] == []
    finally:
        _cinder_api(kg_env, start=True)
    vol = wait_volume(kg_env, created['id'], 'available')
    assert vol['attachments'] == []

    openstack(kg_env, 'server', 'add', 'volume', vm6['id'], created['id'])
    wait_volume(kg_env, created['id'], 'in-use')
    wait_until(lambda: disks(kg_env, vm6['id']).get('vdb') == GiB,
               'vdb in the guest')
    openstack(kg_env, 'server', 'delete', '--wait', vm6['id'])
    wait_volume(kg_env, created['id'], 'available')
    openstack(kg_env, 'volume', 'delete', created['id'])


def _settled_volume(kg_env, volume_id):
    """The volume once it is neither reserved, attaching nor detaching."""
    return wait_until(
        lambda: (lambda v: v if v['status'] in ('available', 'in-use')
                 else None)(volume(kg_env, volume_id)),
        'volume %s settled' % volume_id)


def test_compute_killed_in_the_middle_of_an_attach(kg_env, cloud):
    """The compute frozen the moment the API has accepted an attach (the
    attachment made, the attach cast sent), then SIGKILLed and started
    again: the attach is either complete or rolled back, and the server's
    volume list agrees with Cinder's attachments."""
    vm7 = boot(kg_env, 'vol-vm7', '--image', kg_env['image']['name'])
    created = openstack_json(kg_env, 'volume', 'create', '--size', '1', 'v3')
    wait_volume(kg_env, created['id'], 'available')
    token, _body = keystone_glance.password_token(kg_env, 'demo', 'demo')
    url = '%s/v2.1/servers/%s/os-volume_attachments' % (cloud.endpoint,
                                                        vm7['id'])
    compute = cloud.procs['lv1']
    resp = requests.post(url, timeout=120, headers={'X-Auth-Token': token},
                         json={'volumeAttachment': {
                             'volumeId': created['id']}})
    compute.send_signal(signal.SIGSTOP)
    try:
        assert resp.status_code == 200, resp.text
        caught = volume(kg_env, created['id'])['status']
    finally:
        cloud.kill('lv1')
    print('the compute was killed with the volume %s' % caught)
    cloud.start_daemon('lv1')
    cloud.wait_for_services(['nova-conductor', 'nova-scheduler',
                             'nova-compute'])

    vol = _settled_volume(kg_env, created['id'])
    listed = openstack_json(kg_env, 'server', 'volume', 'list', vm7['id'])
    if vol['status'] == 'in-use':
        assert [a['server_id'] for a in vol['attachments']] == [vm7['id']]
        assert [v['Volume ID'] for v in listed] == [created['id']]
        wait_until(lambda: disks(kg_env, vm7['id']).get('vdb') == GiB,
                   'vdb in the guest')
    else:
        assert vol['attachments'] == []
        assert listed == []
        # Rolled back: the next attach works.
        openstack(kg_env, 'server', 'add', 'volume', vm7['id'],
                  created['id'])
        wait_volume(kg_env, created['id'], 'in-use')
    openstack(kg_env, 'server', 'delete', '--wait', vm7['id'])
    wait_volume(kg_env, created['id'], 'available')
    openstack(kg_env, 'volume', 'delete', created['id'])


def test_the_volume_follows_the_guest_through_rebuild_resize_and_shelve(
        kg_env, cloud):
    """A rebuilt guest has its volume again, and so has a resized one;
    shelving offloads it with the volume kept reserved to the server (no
    host connection), and the unshelved guest reads back what it wrote
    there."""
    image = kg_env['image']['name']
    vm8 = boot(kg_env, 'vol-vm8', '--image', image)['id']
    created = openstack_json(kg_env, 'volume', 'create', '--size', '1', 'v4')
    wait_volume(kg_env, created['id'], 'available')
    openstack(kg_env, 'server', 'add', 'volume', vm8, created['id'])
    wait_volume(kg_env, created['id'], 'in-use')
    wait_until(lambda: disks(kg_env, vm8).get('vdb') == GiB,
               'vdb in the guest')
    marker = 'nl-%s' % uuid.uuid4().hex[:12]
    assert disk_command(kg_env, vm8, 'nova-lite-disk-write vdb %s' % marker,
                        'NOVA_LITE_TEST_GUEST_DISK_WRITE=vdb') == \
        'NOVA_LITE_TEST_GUEST_DISK_WRITE=vdb ok'

    def reads_marker():
        answer = disk_command(kg_env, vm8, 'nova-lite-disk-read vdb',
                              'NOVA_LITE_TEST_GUEST_DISK_READ=vdb')
        assert answer == 'NOVA_LITE_TEST_GUEST_DISK_READ=vdb %s' % marker

    before = console(kg_env, vm8)
    openstack(kg_env, 'server', 'rebuild', '--image', image, '--wait', vm8)
    osc.wait_for_marker(kg_env, vm8, unlike=before)
    wait_until(lambda: disks(kg_env, vm8).get('vdb') == GiB,
               'vdb in the rebuilt guest')
    reads_marker()
    assert [a['server_id'] for a in volume(kg_env, created['id'])[
        'attachments']] == [vm8]

    before = console(kg_env, vm8)
    openstack(kg_env, 'server', 'resize', '--flavor', 'm1.micro', '--wait',
              vm8)
    osc.wait_for_marker(kg_env, vm8, unlike=before)
    wait_until(lambda: disks(kg_env, vm8).get('vdb') == GiB,
               'vdb in the resized guest')
    reads_marker()
    openstack(kg_env, 'server', 'resize', 'confirm', vm8)
    wait_until(lambda: openstack_json(kg_env, 'server', 'show', vm8)[
        'status'] == 'ACTIVE', 'vm8 resize confirmed')
    assert volume(kg_env, created['id'])['status'] == 'in-use'

    openstack(kg_env, 'server', 'shelve', vm8)
    wait_until(lambda: openstack_json(kg_env, 'server', 'show', vm8)[
        'status'] == 'SHELVED_OFFLOADED', 'vm8 offloaded')
    # Reserved to the server: Cinder lists no attachment of a volume that
    # is attached to no host.
    wait_volume(kg_env, created['id'], 'reserved')
    listed = openstack_json(kg_env, 'server', 'volume', 'list', vm8)
    assert [v['Volume ID'] for v in listed] == [created['id']]

    openstack(kg_env, 'server', 'unshelve', vm8)
    wait_until(lambda: openstack_json(kg_env, 'server', 'show', vm8)[
        'status'] == 'ACTIVE', 'vm8 active again')
    osc.wait_for_marker(kg_env, vm8)
    wait_volume(kg_env, created['id'], 'in-use')
    wait_until(lambda: disks(kg_env, vm8).get('vdb') == GiB,
               'vdb in the unshelved guest')
    reads_marker()
    openstack(kg_env, 'server', 'delete', '--wait', vm8)
    wait_volume(kg_env, created['id'], 'available')
    openstack(kg_env, 'volume', 'delete', created['id'])
