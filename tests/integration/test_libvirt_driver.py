"""The libvirt virt driver against qemu:///system with real (TCG) guests.

Drives nova_lite.virt.libvirt.driver.LibvirtDriver directly — no DB, no
RPC: an in-memory Instance, an image "download" that copies the tiny test
image (tools/build-test-image.sh), [libvirt] virt_type = qemu. One guest is
reused across the steps (they run in file order and build on each other):
spawn, hard reboot, power off/on, pause/unpause, suspend/resume (managed
save), soft reboot, a power-off from inside the guest (lifecycle event),
destroy. Timings are printed (pytest -s).

Without libvirt-python or /usr/sbin/libvirtd it fails (skipped only with
NOVA_LITE_SKIP_LIBVIRT=1, see tests/host_deps.py). Needs root (daemons, DAC
relabelling of the instance files).
"""
import json
import os
import shutil
import tempfile
import threading
import time
import uuid

import pytest

from tests.host_deps import libvirt
from tests.integration import libvirt_rest as rest

BOOT_MARKER = 'NOVA_LITE_TEST_GUEST_BOOTED'
BOOT_TIMEOUT = rest.BOOT_TIMEOUT

pytestmark = [pytest.mark.libvirt]

TIMINGS = {}


@pytest.fixture(scope='module')
def test_image():
    outdir = rest.prepare_host()
    path = os.path.join(outdir, 'nova-lite-tiny.qcow2')
    with open(os.path.join(outdir, 'nova-lite-tiny.json')) as f:
        meta = json.load(f)
    meta['id'] = str(uuid.uuid4())
    return path, meta


def make_driver(image_path):
    """A LibvirtDriver whose image downloads copy `image_path`, and the
    list of image ids it downloaded."""
    from nova_lite.virt.libvirt import driver as libvirt_driver
    downloads = []

    def fetch(context, image_id, dest_path):
        downloads.append(image_id)
        shutil.copyfile(image_path, dest_path)

    return libvirt_driver.LibvirtDriver(image_fetch=fetch), downloads


@pytest.fixture(scope='module')
def env(test_image):
    from nova_lite import objects
    from tests import conf as test_conf

    conf = test_conf.parse_once()
    objects.register_all()
    image_path, image_meta = test_image
    state = tempfile.mkdtemp(prefix='nova-lite-libvirt-')
    os.chmod(state, 0o755)
    overrides = [('state_path', state, None),
                 ('instances_path', os.path.join(state, 'instances'), None),
                 ('virt_type', 'qemu', 'libvirt'),
                 ('connection_uri', 'qemu:///system', 'libvirt'),
                 ('enabled', True, 'vnc'),
                 ('server_listen', '127.0.0.1', 'vnc')]
    for name, value, group in overrides:
        conf.set_override(name, value, group=group)

    drv, downloads = make_driver(image_path)
    drv._host.stop_event_delay = 1.0  # Nova waits 15 s; keep the test short
    events = []
    event_seen = threading.Condition()

    def listener(instance_uuid, state):
        with event_seen:
            events.append((instance_uuid, state))
            event_seen.notify_all()

    drv.init_host('nova-lite-libvirt-test')
    drv.register_event_listener(listener)

    inst_uuid = str(uuid.uuid4())
    instance = objects.Instance(
        uuid=inst_uuid, display_name='libvirt-driver-test',
        hostname='libvirt-driver-test', image_ref=image_meta['id'],
        project_id='proj', user_id='user',
        flavor=objects.Flavor(name='tiny', flavorid='t1', vcpus=1,
                              memory_mb=128, root_gb=1, ephemeral_gb=0,
                              swap=0, extra_specs={}))
    ctx = None
    yield {'driver': drv, 'instance': instance, 'image_meta': image_meta,
           'context': ctx, 'events': events, 'event_seen': event_seen,
           'downloads': downloads, 'state': state}

    try:
        drv.destroy(ctx, instance)
    except Exception:
        pass
    conn = drv._host.get_connection()
    for dom in conn.listAllDomains(0):
        if dom.name().startswith('nova-lite-bare-'):
            try:
                dom.destroy()
            except libvirt.libvirtError:
                pass
            dom.undefine()
    drv.cleanup_host('nova-lite-libvirt-test')
    for name, _value, group in overrides:
        conf.clear_override(name, group=group)
    shutil.rmtree(state, ignore_errors=True)
    print('\nlibvirt driver timings: %s' % json.dumps(
        {k: round(v, 2) for k, v in TIMINGS.items()}, sort_keys=True))


def _markers(env):
    out = env['driver'].get_console_output(env['context'], env['instance'])
    return rest.count_boot_markers(out)


def _wait_markers(env, count, timeout=BOOT_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _markers(env) >= count:
            return
        time.sleep(0.1)
    out = env['driver'].get_console_output(env['context'], env['instance'])
    pytest.fail('%d boot markers not seen in %s s; console tail:\n%s' % (
        count, timeout, out[-2000:]))


def _libvirt_state(env):
    dom = env['driver']._host.get_domain(env['instance'].uuid)
    return dom.state(0)[0]


def _power_state(env):
    return env['driver'].get_info(env['instance']).state


def test_fakelibvirt_is_true_to_libvirt():
    """The unit tests' fake module: libvirt's constant values, and
    functions and methods libvirt has."""
    from tests.unit.virt.libvirt import fakelibvirt
    constants = [n for n in dir(fakelibvirt) if n.startswith('VIR_')]
    assert constants
    assert {n: getattr(fakelibvirt, n) for n in constants} == {
        n: getattr(libvirt, n) for n in constants}
    for cls, real in ((fakelibvirt.virConnect, libvirt.virConnect),
                      (fakelibvirt.virDomain, libvirt.virDomain),
                      (fakelibvirt.libvirtError, libvirt.libvirtError)):
        ours = {n for n in vars(cls) if not n.startswith('_') and
                callable(getattr(cls, n))}
        # lose(), emit() and emit_device() are the fake's handles for
        # tests.
        assert ours - {'lose', 'emit', 'emit_device'} <= set(dir(real)), cls
    for name in ('open', 'registerErrorHandler',
                 'virEventRegisterDefaultImpl', 'virEventRunDefaultImpl'):
        assert callable(getattr(libvirt, name))


def test_spawn_boots_guest(env):
    from nova_lite.compute import power_state
    drv, inst = env['driver'], env['instance']
    t0 = time.monotonic()
    drv.spawn(env['context'], inst, env['image_meta'])
    TIMINGS['spawn_call_to_running'] = time.monotonic() - t0
    assert _power_state(env) == power_state.RUNNING
    _wait_markers(env, 1)
    TIMINGS['spawn_call_to_marker'] = time.monotonic() - t0
    assert env['downloads'] == [env['image_meta']['id']]
    assert inst.uuid in drv.list_instance_uuids()
    inst_dir = drv.instance_dir(inst)
    assert os.path.exists(os.path.join(inst_dir, 'disk'))
    assert os.path.exists(os.path.join(inst_dir, 'console.log'))
    vnc = drv.get_vnc_console(env['context'], inst)
    assert vnc['host'] == '127.0.0.1' and vnc['port'] >= 5900
    res = drv.get_available_resource('nova-lite-libvirt-test')
    assert res['hypervisor_type'] == 'QEMU'
    assert res['vcpus'] >= 1 and res['memory_mb'] > 1024
    assert json.loads(res['cpu_info'])['arch'] == 'x86_64'


def test_bare_define_and_create_for_comparison(env):
    """The same XML, defined and started with plain libvirt calls."""
    from nova_lite.virt.libvirt import disks
    drv, inst = env['driver'], env['instance']
    inst_dir = drv.instance_dir(inst)
    with open(os.path.join(inst_dir, 'libvirt.xml')) as f:
        xml = f.read()
    bare = os.path.join(env['state'], 'bare')
    os.makedirs(bare, mode=0o755)
    disk = os.path.join(bare, 'disk')
    base = drv.image_cache.base_path(env['image_meta']['id'])
    disks.create_overlay(base, disk, 1024 ** 3)
    log = os.path.join(bare, 'console.log')
    name = 'nova-lite-bare-%s' % uuid.uuid4().hex[:8]
    xml = (xml.replace(os.path.join(inst_dir, 'disk'), disk)
           .replace(os.path.join(inst_dir, 'console.log'), log)
           .replace(inst.uuid, str(uuid.uuid4())))
    xml = xml.replace(xml[xml.index('<name>'):xml.index('</name>') + 7],
                      '<name>%s</name>' % name)
    conn = drv._host.get_connection()
    t0 = time.monotonic()
    dom = conn.defineXML(xml)
    dom.create()
    TIMINGS['bare_define_create'] = time.monotonic() - t0
    try:
        deadline = time.monotonic() + BOOT_TIMEOUT
        console = ''
        while time.monotonic() < deadline:
            if os.path.exists(log):
                with open(log, errors='replace') as f:
                    console = f.read()
            if rest.count_boot_markers(console):
                break
            time.sleep(0.1)
        else:
            pytest.fail('the bare guest printed no %s in %s s; console '
                        'tail:\n%s' % (BOOT_MARKER, BOOT_TIMEOUT,
                                       console[-2000:]))
        TIMINGS['bare_define_to_marker'] = time.monotonic() - t0
    finally:
        dom.destroy()
        dom.undefine()


def test_hard_reboot(env):
    from nova_lite.compute import power_state
    t0 = time.monotonic()
    env['driver'].reboot(env['context'], env['instance'], 'HARD')
    assert _power_state(env) == power_state.RUNNING
    _wait_markers(env, 2)
    TIMINGS['hard_reboot_to_marker'] = time.monotonic() - t0


def test_power_off_and_on(env):
    from nova_lite.compute import power_state
    drv, inst = env['driver'], env['instance']
    drv.power_off(inst)
    assert _power_state(env) == power_state.SHUTDOWN
    assert not drv._host.get_domain(inst.uuid).isActive()
    t0 = time.monotonic()
    drv.power_on(env['context'], inst)
    assert _power_state(env) == power_state.RUNNING
    _wait_markers(env, 3)
    TIMINGS['power_on_to_marker'] = time.monotonic() - t0


def test_pause_unpause(env):
    from nova_lite.compute import power_state
    drv, inst = env['driver'], env['instance']
    drv.pause(inst)
    assert _libvirt_state(env) == libvirt.VIR_DOMAIN_PAUSED
    assert _power_state(env) == power_state.PAUSED
    drv.unpause(inst)
    assert _libvirt_state(env) == libvirt.VIR_DOMAIN_RUNNING
    assert _power_state(env) == power_state.RUNNING


def test_suspend_resume(env):
    from nova_lite.compute import power_state
    drv, inst = env['driver'], env['instance']
    t0 = time.monotonic()
    drv.suspend(env['context'], inst)
    TIMINGS['suspend'] = time.monotonic() - t0
    dom = drv._host.get_domain(inst.uuid)
    assert dom.hasManagedSaveImage(0)
    assert _libvirt_state(env) == libvirt.VIR_DOMAIN_SHUTOFF
    assert _power_state(env) == power_state.SHUTDOWN  # Nova's mapping
    t0 = time.monotonic()
    drv.resume(env['context'], inst)
    TIMINGS['resume'] = time.monotonic() - t0
    assert _power_state(env) == power_state.RUNNING
    assert not dom.hasManagedSaveImage(0)
    # Restored, not rebooted: still three boots.
    time.sleep(0.5)
    assert _markers(env) == 3


def test_soft_reboot(env):
    """The test guest powers off on ACPI: the driver starts it again."""
    from nova_lite.compute import power_state
    t0 = time.monotonic()
    env['driver'].reboot(env['context'], env['instance'], 'SOFT')
    TIMINGS['soft_reboot_call'] = time.monotonic() - t0
    assert _power_state(env) == power_state.RUNNING
    _wait_markers(env, 4)
    TIMINGS['soft_reboot_to_marker'] = time.monotonic() - t0


def test_power_off_from_inside_emits_event(env):
    from nova_lite.compute import power_state
    drv, inst = env['driver'], env['instance']
    with env['event_seen']:
        env['events'].clear()
    # An ACPI power-button press straight through libvirt: to the driver
    # this is the guest powering itself off.
    # A press right after boot can come before the guest's acpid listens:
    # press again until the guest is off, as a user would.
    dom = drv._host.get_domain(inst.uuid)
    deadline = time.monotonic() + 30
    while dom.isActive() and time.monotonic() < deadline:
        try:
            dom.shutdown()
        except libvirt.libvirtError:
            pass
        for _ in range(20):
            if not dom.isActive():
                break
            time.sleep(0.1)
    assert not dom.isActive()
    with env['event_seen']:
        while (inst.uuid, power_state.SHUTDOWN) not in env['events']:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                pytest.fail('no SHUTDOWN event; got %s' % env['events'])
            env['event_seen'].wait(remaining)
    assert _power_state(env) == power_state.SHUTDOWN


def test_destroy(env):
    drv, inst = env['driver'], env['instance']
    drv.power_on(env['context'], inst)
    t0 = time.monotonic()
    drv.destroy(env['context'], inst)
    TIMINGS['destroy'] = time.monotonic() - t0
    assert not drv.instance_exists(inst)
    assert inst.uuid not in drv.list_instance_uuids()
    assert not os.path.exists(drv.instance_dir(inst))
    # The cached base stays until the image cache manager removes it.
    base = drv.image_cache.base_path(env['image_meta']['id'])
    assert os.path.exists(base)
    assert drv.manage_image_cache(env['context'], []) == []
    os.utime(base, (0, 0))
    assert drv.manage_image_cache(env['context'], []) == [base]
