"""Hard reboot as Nova does it, against qemu:///system with a real (TCG)
guest: the domain is regenerated from the instance and the current
options, a domain undefined behind the driver's back comes back, and a
base image deleted from the image cache is fetched again. Every hard
reboot is a fresh boot: the guest prints its boot marker once more.

Drives LibvirtDriver directly, as test_libvirt_driver does (same tiny
test image, in-memory Instance, no DB or RPC). The steps run in file
order on one guest. Without libvirt-python or /usr/sbin/libvirtd it fails
(skipped only with NOVA_LITE_SKIP_LIBVIRT=1). Needs root.
"""
import os
import shutil
import subprocess
import tempfile
import time
import uuid
import xml.etree.ElementTree as ET

import pytest

from tests.integration import libvirt_rest as rest
from tests.integration import test_libvirt_driver as lvd
from tests.integration.test_libvirt_driver import test_image  # noqa: F401

pytestmark = lvd.pytestmark + [pytest.mark.slow]


@pytest.fixture(scope='module')
def env(test_image):  # noqa: F811
    from nova_lite import objects
    from tests import conf as test_conf

    conf = test_conf.parse_once()
    objects.register_all()
    image_path, image_meta = test_image
    state = tempfile.mkdtemp(prefix='nova-lite-hard-reboot-')
    os.chmod(state, 0o755)  # the qemu user walks to the instance files
    overrides = [('state_path', state, None),
                 ('instances_path', os.path.join(state, 'instances'), None),
                 ('virt_type', 'qemu', 'libvirt'),
                 ('connection_uri', 'qemu:///system', 'libvirt'),
                 ('enabled', False, 'vnc')]
    for name, value, group in overrides:
        conf.set_override(name, value, group=group)
    drv, downloads = lvd.make_driver(image_path)
    drv.init_host('nova-lite-hard-reboot-test')
    instance = objects.Instance(
        uuid=str(uuid.uuid4()), display_name='hard-reboot-test',
        hostname='hard-reboot-test', image_ref=image_meta['id'],
        project_id='proj', user_id='user', system_metadata={},
        flavor=objects.Flavor(name='tiny', flavorid='t1', vcpus=1,
                              memory_mb=128, root_gb=1, ephemeral_gb=0,
                              swap=0, extra_specs={}))
    yield {'driver': drv, 'instance': instance, 'image_meta': image_meta,
           'context': None, 'downloads': downloads, 'conf': conf}
    try:
        drv.destroy(None, instance)
    finally:
        drv.cleanup_host('nova-lite-hard-reboot-test')
        for name, _value, group in overrides + [
                ('hw_machine_type', None, 'libvirt')]:
            conf.clear_override(name, group=group)
        shutil.rmtree(state, ignore_errors=True)


def _domain(env):
    return env['driver']._host.get_domain(env['instance'].uuid)


def _live_xml(env):
    return ET.fromstring(_domain(env).XMLDesc(0))


def _hard_reboot_and_see_boot(env, boots):
    from nova_lite.compute import power_state
    t0 = time.monotonic()
    env['driver'].reboot(env['context'], env['instance'], 'HARD')
    assert env['driver'].get_info(env['instance']).state == \
        power_state.RUNNING
    _wait_boots(env, boots)
    return time.monotonic() - t0


def _wait_boots(env, count, timeout=lvd.BOOT_TIMEOUT):
    """Wait for `count` boot markers in the whole console log (the API's
    console output is a tail that a few boots' kernel messages overrun)."""
    from nova_lite.virt.libvirt import driver as libvirt_driver
    log = os.path.join(env['driver'].instance_dir(env['instance']),
                       libvirt_driver.CONSOLE_LOG)
    deadline = time.monotonic() + timeout
    while True:
        with open(log, errors='replace') as f:
            console = f.read()
        seen = rest.count_boot_markers(console)
        if seen >= count:
            return
        if time.monotonic() >= deadline:
            pytest.fail('%d of %d boot markers seen in %s s; console '
                        'tail:\n%s' % (seen, count, timeout,
                                        console[-1500:]))
        time.sleep(0.1)


def _virsh(*args):
    return rest.run(['virsh', '-c', 'qemu:///system'] + list(args))


def test_spawn(env):
    env['driver'].spawn(env['context'], env['instance'], env['image_meta'])
    _wait_boots(env, 1)
    root = _live_xml(env)
    assert root.find('os/type').get('machine').startswith('pc-i440fx')
    assert root.find('memory').text == str(128 * 1024)


def test_hard_reboot_applies_changed_options_and_flavor(env):
    env['conf'].set_override('hw_machine_type', ['x86_64=q35'],
                             group='libvirt')
    env['instance'].flavor.memory_mb = 160
    took = _hard_reboot_and_see_boot(env, 2)
    root = _live_xml(env)
    assert root.find('os/type').get('machine').startswith('pc-q35')
    assert root.find('memory').text == str(160 * 1024)
    assert root.find('currentMemory').text == str(160 * 1024)
    saved = os.path.join(env['driver'].instance_dir(env['instance']),
                         'libvirt.xml')
    with open(saved) as f:
        assert ET.fromstring(f.read()).find('os/type').get(
            'machine') == 'q35'
    print('\nhard reboot with a regenerated domain: %.2f s' % took)


def test_hard_reboot_after_virsh_undefine_of_a_running_guest(env):
    name = _domain(env).name()
    _virsh('undefine', name)
    dom = _domain(env)
    assert dom.isActive() and not dom.isPersistent()  # now transient
    _hard_reboot_and_see_boot(env, 3)
    assert _domain(env).isPersistent()
    assert name in _virsh('list', '--all', '--name').split()


def test_hard_reboot_after_virsh_undefine_of_a_stopped_guest(env):
    drv, inst = env['driver'], env['instance']
    drv.power_off(inst)
    _virsh('undefine', _domain(env).name())
    assert not drv.instance_exists(inst)
    _hard_reboot_and_see_boot(env, 4)
    assert _domain(env).isPersistent()


def test_hard_reboot_fetches_a_deleted_base_again(env):
    from nova_lite.virt.libvirt import disks
    drv, inst = env['driver'], env['instance']
    base = drv.image_cache.base_path(env['image_meta']['id'])
    downloads = len(env['downloads'])
    os.unlink(base)
    _hard_reboot_and_see_boot(env, 5)
    assert env['downloads'][downloads:] == [env['image_meta']['id']]
    assert os.path.exists(base)
    root_disk = os.path.join(drv.instance_dir(inst), disks.ROOT)
    assert disks.qcow2_header(root_disk)[1] == base
    info = subprocess.run(['qemu-img', 'check', '-U', root_disk],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)
    assert info.returncode == 0, info.stdout
