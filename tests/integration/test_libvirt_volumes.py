"""Real Cinder volumes in real (TCG) guests through the LibvirtDriver: no
nova daemons, the compute's part of Nova's attach and detach done here
step by step (attachment_create -> the host connector from os-brick ->
attachment_update -> driver.attach_volume -> attachment_complete, and
back), against a real Cinder (NFS driver on a bind-mounted share) beside
real Keystone and Glance, and qemu:///system.

The tiny test image reports its disks on the console
(NOVA_LITE_TEST_GUEST_DISK=vdb <bytes>|gone) and writes and reads a marker
on a disk when told to on its console. Steps build on each other (file
order): hot-plug into vm1, write a marker, detach (the device-removed
event awaited), attach to vm2 and read the marker back, swap vm2's disk
onto a new volume while it runs (the marker comes along), then a guest
booting from a volume Cinder made from the Glance image.

Needs root, libvirt and RabbitMQ (fails without them; see
tests/host_deps.py).
"""
import json
import os
import shutil
import tempfile
import uuid

import pytest

from nova_lite.volume import cinder
from tests.host_deps import libvirt
from tests.integration import guest_network
from tests.integration import keystone_glance
from tests.integration import libvirt_rest as rest
from tests.integration import test_cinder_client as client_tests
from tests.integration.deployment import wait_for

pytestmark = [pytest.mark.libvirt, pytest.mark.slow]

BOOT_MARKER = 'NOVA_LITE_TEST_GUEST_BOOTED'
GiB = 1024 ** 3
MARKER = 'nl-%s' % uuid.uuid4().hex[:12]


@pytest.fixture(scope='module')
def cinder_env():
    client_tests._require_root_and_rabbit()
    # QEMU (user libvirt-qemu) opens the volume files on the share: every
    # directory on the way must be traversable (pytest's tmp dirs are not)
    workdir = tempfile.mkdtemp(prefix='nova-lite-cinder-')
    os.chmod(workdir, 0o755)
    try:
        with keystone_glance.running(workdir, cinder=True) as data:
            yield data
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope='module')
def env(cinder_env, tmp_path_factory):
    from nova_lite import objects
    from tests import conf as test_conf

    assert libvirt is not None, 'libvirt-python is needed'
    outdir = rest.prepare_host()
    image_path = os.path.join(outdir, 'nova-lite-tiny.qcow2')
    with open(os.path.join(outdir, 'nova-lite-tiny.json')) as f:
        image_meta = json.load(f)
    image_meta['id'] = cinder_env['image']['id']

    conf = test_conf.parse_once()
    objects.register_all()
    state = tempfile.mkdtemp(prefix='nova-lite-volumes-')
    os.chmod(state, 0o755)
    overrides = [('state_path', state, None),
                 ('instances_path', os.path.join(state, 'instances'), None),
                 ('virt_type', 'qemu', 'libvirt'),
                 ('connection_uri', 'qemu:///system', 'libvirt'),
                 ('nfs_mount_point_base',
                  cinder_env['cinder']['mount_point_base'], 'libvirt'),
                 ('device_detach_timeout', 10, 'libvirt')]
    for name, value, group in overrides:
        conf.set_override(name, value, group=group)

    from nova_lite.virt.libvirt import driver as libvirt_driver
    drv = libvirt_driver.LibvirtDriver(
        image_fetch=lambda ctx, image_id, dest: shutil.copyfile(image_path,
                                                                dest))
    drv.init_host('nova-lite-volumes-test')
    api_conf = client_tests.make_conf(
        cinder_env, tmp_path_factory.mktemp('conf') / 'nova-lite.conf')
    data = {'driver': drv, 'image_meta': image_meta, 'state': state,
            'cinder': cinder.API(api_conf), 'env': cinder_env,
            'instances': [], 'volumes': [], 'attachments': []}
    yield data

    ctx = client_tests.make_context(cinder_env)
    for instance, bdi in data['instances']:
        try:
            drv.destroy(None, instance, block_device_info=bdi)
        except Exception as exc:  # keep cleaning
            print('destroy %s: %s' % (instance.uuid, exc))
    for att in data['attachments']:
        data['cinder'].attachment_delete(ctx, att)
    for vol in data['volumes']:
        try:
            client_tests.wait_status(data['cinder'], ctx, vol, 'available',
                                     'error', timeout=60)
            data['cinder'].delete(ctx, vol)
        except Exception as exc:
            print('delete volume %s: %s' % (vol, exc))
    drv.cleanup_host('nova-lite-volumes-test')
    for name, _value, group in overrides:
        conf.clear_override(name, group=group)
    shutil.rmtree(state, ignore_errors=True)


def make_instance(name, image_ref):
    from nova_lite import objects
    return objects.Instance(
        uuid=str(uuid.uuid4()), display_name=name, hostname=name,
        image_ref=image_ref, project_id='proj', user_id='user',
        flavor=objects.Flavor(name='tiny', flavorid='t1', vcpus=1,
                              memory_mb=128, root_gb=1, ephemeral_gb=0,
                              swap=0, extra_specs={}))


def console(env, instance):
    return env['driver'].get_console_output(None, instance)


def disks(env, instance):
    """{dev: size in bytes} of the non-boot disks the guest last
    reported."""
    return guest_network.disks(console(env, instance))


def wait_booted(env, instance, timeout=90):
    try:
        wait_for(lambda: BOOT_MARKER in console(env, instance), timeout, 0.5)
    except AssertionError:
        pytest.fail('%s did not boot; console:\n%s' % (
            instance.display_name, console(env, instance)[-2000:]))


def spawn(env, name, block_device_info=None, image=True):
    instance = make_instance(name, env['image_meta']['id'] if image else '')
    env['instances'].append((instance, block_device_info))
    env['driver'].spawn(None, instance, env['image_meta'] if image else {},
                        block_device_info=block_device_info)
    return instance


def connect(env, ctx, volume_id, instance, mountpoint):
    """The compute's attach: attachment, connector, connection_info."""
    api = env['cinder']
    att = api.attachment_create(ctx, volume_id, instance.uuid)
    env['attachments'].append(att['id'])
    connector = env['driver'].get_volume_connector(instance)
    att = api.attachment_update(ctx, att['id'], connector, mountpoint)
    info = att['connection_info']
    info['serial'] = volume_id
    return att['id'], info


def disk_command(env, instance, command, prefix):
    return guest_network.console_command(
        instance.uuid, command, prefix, lambda: console(env, instance))


@pytest.fixture(scope='module')
def ctx(env):
    return client_tests.make_context(env['env'])


@pytest.fixture(scope='module')
def guests(env):
    vm1, vm2 = spawn(env, 'nl-vol-vm1'), spawn(env, 'nl-vol-vm2')
    wait_booted(env, vm1)
    wait_booted(env, vm2)
    return vm1, vm2


@pytest.fixture(scope='module')
def volume(env, ctx):
    api = env['cinder']
    vol = api.create(ctx, 1, 'nl-hotplug', '')
    env['volumes'].append(vol['id'])
    return client_tests.wait_status(api, ctx, vol['id'], 'available')


STATE = {}


def test_hot_plug_shows_the_disk_and_volume_in_use(env, ctx, guests, volume):
    vm1, _vm2 = guests
    assert disks(env, vm1) == {}
    att_id, info = connect(env, ctx, volume['id'], vm1, '/dev/vdb')
    assert info['driver_volume_type'] == 'nfs'
    env['driver'].attach_volume(None, info, vm1, '/dev/vdb')
    env['cinder'].attachment_complete(ctx, att_id)
    STATE.update(att_id=att_id, info=info)
    vol = env['cinder'].get(ctx, volume['id'])
    assert vol['status'] == 'in-use'
    assert vol['attachments'] == {vm1.uuid: {
        'attachment_id': att_id, 'mountpoint': '/dev/vdb'}}
    wait_for(lambda: disks(env, vm1).get('vdb') == GiB, 60, 0.5)


def test_guest_writes_a_marker(env, guests):
    vm1, _vm2 = guests
    answer = disk_command(env, vm1, 'nova-lite-disk-write vdb %s' % MARKER,
                          'NOVA_LITE_TEST_GUEST_DISK_WRITE=vdb')
    assert answer == 'NOVA_LITE_TEST_GUEST_DISK_WRITE=vdb ok'


def test_detach_waits_for_the_guest_and_frees_the_volume(env, ctx, guests,
                                                         volume):
    vm1, _vm2 = guests
    env['driver'].detach_volume(None, STATE['info'], vm1, '/dev/vdb')
    # detach returned after libvirt reported the device removed
    live = env['driver']._host.get_domain(vm1.uuid).XMLDesc(0)
    assert "dev='vdb'" not in live and 'dev="vdb"' not in live
    env['cinder'].attachment_delete(ctx, STATE['att_id'])
    env['attachments'].remove(STATE['att_id'])
    vol = client_tests.wait_status(env['cinder'], ctx, volume['id'],
                                   'available')
    assert 'attachments' not in vol
    wait_for(lambda: 'vdb' not in disks(env, vm1), 60, 0.5)
    assert 'NOVA_LITE_TEST_GUEST_DISK=vdb gone' in console(env, vm1)


def test_second_guest_reads_the_marker(env, ctx, guests, volume):
    _vm1, vm2 = guests
    att_id, info = connect(env, ctx, volume['id'], vm2, '/dev/vdb')
    env['driver'].attach_volume(None, info, vm2, '/dev/vdb')
    env['cinder'].attachment_complete(ctx, att_id)
    wait_for(lambda: disks(env, vm2).get('vdb') == GiB, 60, 0.5)
    answer = disk_command(env, vm2, 'nova-lite-disk-read vdb',
                          'NOVA_LITE_TEST_GUEST_DISK_READ=vdb')
    assert answer == 'NOVA_LITE_TEST_GUEST_DISK_READ=vdb %s' % MARKER
    STATE.update(att_id=att_id, info=info)


def test_swap_moves_the_running_guest_to_a_new_volume(env, ctx, guests,
                                                      volume):
    """Nova's swap: the new volume's attachment gets the connector, the
    driver mirrors the disk onto it and pivots, the new attachment is
    completed and the old one deleted."""
    _vm1, vm2 = guests
    api = env['cinder']
    new = api.create(ctx, 1, 'nl-swap-target', '')
    env['volumes'].append(new['id'])
    client_tests.wait_status(api, ctx, new['id'], 'available')
    att_id, info = connect(env, ctx, new['id'], vm2, '/dev/vdb')
    env['driver'].swap_volume(None, STATE['info'], info, vm2, '/dev/vdb', 0)
    api.attachment_complete(ctx, att_id)
    api.attachment_delete(ctx, STATE['att_id'])
    env['attachments'].remove(STATE['att_id'])
    client_tests.wait_status(api, ctx, volume['id'], 'available')
    assert api.get(ctx, new['id'])['status'] == 'in-use'
    live = env['driver']._host.get_domain(vm2.uuid).XMLDesc(0)
    assert 'volume-%s' % new['id'] in live
    # the guest reads the copied marker from the new volume
    answer = disk_command(env, vm2, 'nova-lite-disk-read vdb',
                          'NOVA_LITE_TEST_GUEST_DISK_READ=vdb')
    assert answer == 'NOVA_LITE_TEST_GUEST_DISK_READ=vdb %s' % MARKER
    env['driver'].detach_volume(None, info, vm2, '/dev/vdb')
    api.attachment_delete(ctx, att_id)
    env['attachments'].remove(att_id)
    client_tests.wait_status(api, ctx, new['id'], 'available')


def test_guest_boots_from_a_volume_made_from_the_image(env, ctx):
    api = env['cinder']
    vol = api.create(ctx, 1, 'nl-root', '', image_id=env['image_meta']['id'])
    env['volumes'].append(vol['id'])
    vol = client_tests.wait_status(api, ctx, vol['id'], 'available',
                                   timeout=300)
    assert vol['bootable'] is True
    instance = make_instance('nl-vol-root', '')
    att_id, info = connect(env, ctx, vol['id'], instance, '/dev/vda')
    bdi = {'root_device_name': '/dev/vda', 'ephemerals': [], 'swap': None,
           'block_device_mapping': [{
               'connection_info': info, 'mount_device': '/dev/vda',
               'boot_index': 0, 'disk_bus': 'virtio', 'device_type': 'disk',
               'delete_on_termination': False, 'attachment_id': att_id}]}
    env['instances'].append((instance, bdi))
    env['driver'].spawn(None, instance, {}, block_device_info=bdi)
    api.attachment_complete(ctx, att_id)
    assert api.get(ctx, vol['id'])['status'] == 'in-use'
    inst_dir = env['driver'].instance_dir(instance)
    assert not os.path.exists(os.path.join(inst_dir, 'disk'))
    wait_booted(env, instance)
    env['driver'].destroy(None, instance, block_device_info=bdi)
    env['instances'].remove((instance, bdi))
    api.attachment_delete(ctx, att_id)
    env['attachments'].remove(att_id)
    client_tests.wait_status(api, ctx, vol['id'], 'available')
    with pytest.raises(libvirt.libvirtError):
        env['driver']._host.get_connection().lookupByUUIDString(
            instance.uuid)
