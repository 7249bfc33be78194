"""Real QEMU guests through the REST API and the daemons.

The four daemons run as processes over RabbitMQ with MariaDB behind the
conductor, plus nova-lite-novncproxy; nova-lite-compute drives
qemu:///system with [libvirt] virt_type = qemu (TCG). The tiny test guest
(tools/build-test-image.sh) is the default image of the embedded image
store; flavor m1.nano (128 MiB). One server is reused through the steps,
which run in file order and build on each other:

boot -> ACTIVE and the boot marker in os-getConsoleOutput; a VNC console
URL and a WebSocket handshake through nova-lite-novncproxy that carries
QEMU's RFB banner; hard reboot (a second boot in the console); soft
reboot (task_state reboot_started seen); stop (SHUTOFF, domain not
running) and start; pause/unpause and suspend/resume with the matching
libvirt states; diagnostics (2.48) and an NMI crash dump; rescue (the
rescue domain boots from disk.rescue with the root disk second) and
unrescue (the saved definition back); resize m1.nano -> m1.micro on the
same host (allow_resize_to_same_host) to VERIFY_RESIZE with the new
memory in the domain, confirm; resize back to m1.nano and revert (the
old memory and disks back); a power-off from inside the guest reported
SHUTOFF by the power state sync (and its lifecycle event handled);
os-hosts on the host (libvirt has no host operations: 501); delete (domain,
instance directory, disks and console log gone). Timings are printed
(pytest -s).

Without libvirt-python or /usr/sbin/libvirtd it fails (skipped only with
NOVA_LITE_SKIP_LIBVIRT=1, see tests/host_deps.py). Needs root, RabbitMQ
and MariaDB.
"""
import json
import os
import re
import shutil
import tempfile
import time
import urllib.parse

import pytest
import requests

from tests.host_deps import libvirt
from tests.integration import deployment as deployment_mod
from tests.integration import libvirt_rest as rest
from tests.integration import services

# Other suites read these here.
BOOT_MARKER = rest.BOOT_MARKER
BOOT_TIMEOUT = rest.BOOT_TIMEOUT
HEADERS = rest.HEADERS
MICRO = rest.MICRO
NANO = rest.NANO
pytestmark = [pytest.mark.libvirt]

TIMINGS = {}


@pytest.fixture(scope='module')
def dep(tmp_path_factory, transport_url):
    rest.prepare_host()
    # libvirt (as libvirt-qemu) must traverse to the instance files: not
    # under pytest's 0700 tmp dirs.
    instances = tempfile.mkdtemp(prefix='nova-lite-api-instances-')
    os.chmod(instances, 0o755)
    database = os.environ.get('NOVA_LITE_LIBVIRT_API_DB', 'mysql')
    with services.DATABASES[database]() as db_url:
        d = rest.libvirt_deployment(
            str(tmp_path_factory.mktemp('libvirt-api')), transport_url,
            db_url, instances)
        d.instances_path = instances
        d.state = {}
        d.conn = None
        try:
            t0 = time.monotonic()
            d.start()
            d.start_daemon('novncproxy')
            deployment_mod.wait_for(lambda: rest.port_open(d.proxy_port), 30)
            TIMINGS['deployment_start'] = time.monotonic() - t0
            d.conn = libvirt.open('qemu:///system')
            yield d
        finally:
            server_id = d.state.get('server_id')
            if server_id and d.procs and d.server(server_id) is not None:
                requests.delete(d.endpoint + '/v2.1/servers/' + server_id,
                                timeout=30)
                try:
                    deployment_mod.wait_for(
                        lambda: d.server(server_id) is None, 60)
                except AssertionError:
                    pass
            d.stop()
            if d.conn is not None:
                if server_id:
                    rest.undefine(d.conn, server_id)
                d.conn.close()
            shutil.rmtree(instances, ignore_errors=True)
            print('\nlibvirt through the API, timings (s): %s' % json.dumps(
                {k: round(v, 2) for k, v in TIMINGS.items()},
                sort_keys=True))


# -- the steps -------------------------------------------------------------

def test_boot_to_active_and_console_marker(dep):
    d = dep
    images = requests.get(d.endpoint + '/image/v2/images?name=nova-lite-tiny',
                          timeout=30).json()['images']
    assert images and images[0]['disk_format'] == 'qcow2', images
    t0 = time.monotonic()
    resp = requests.post(
        d.endpoint + '/v2.1/servers', headers=HEADERS, timeout=30,
        json={'server': {'name': 'lv-api', 'flavorRef': NANO,
                         'imageRef': images[0]['id'], 'networks': 'none'}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    d.state['server_id'] = server_id
    server = rest.wait_status(d, server_id, 'ACTIVE')
    TIMINGS['post_to_active'] = time.monotonic() - t0
    assert server['OS-EXT-STS:power_state'] == 1
    assert server['OS-EXT-SRV-ATTR:host'] == 'lv1'
    rest.wait_markers(d, server_id, 1)
    TIMINGS['post_to_boot_marker'] = time.monotonic() - t0
    assert rest.domain(d).isActive()


def test_vnc_console_through_novncproxy(dep):
    d = dep
    server_id = d.state['server_id']
    resp = requests.post(
        d.endpoint + '/v2.1/servers/%s/remote-consoles' % server_id,
        headers=HEADERS, timeout=30,
        json={'remote_console': {'protocol': 'vnc', 'type': 'novnc'}})
    assert resp.status_code == 200, resp.text
    console = resp.json()['remote_console']
    assert console['protocol'] == 'vnc' and console['type'] == 'novnc'
    base = 'http://127.0.0.1:%d/vnc_auto.html' % d.proxy_port
    assert console['url'].startswith(base + '?path=%3Ftoken%3D'), console
    token = urllib.parse.unquote(console['url'].split('%3Ftoken%3D', 1)[1])

    # The legacy action (before 2.6) gives a console of the same kind.
    legacy = rest.action(d, server_id,
                         {'os-getVNCConsole': {'type': 'novnc'}},
                         version='2.5')
    assert legacy.status_code == 200, legacy.text
    assert legacy.json()['console']['type'] == 'novnc'
    bad = requests.post(
        d.endpoint + '/v2.1/servers/%s/remote-consoles' % server_id,
        headers=HEADERS, timeout=30,
        json={'remote_console': {'protocol': 'spice',
                                 'type': 'spice-html5'}})
    assert bad.status_code == 400, bad.text

    # The admin API shows where the token leads.
    info = requests.get(d.endpoint + '/v2.1/os-console-auth-tokens/' + token,
                        headers=HEADERS, timeout=30)
    assert info.status_code == 200, info.text
    body = info.json()['console']
    assert body['instance_uuid'] == server_id
    assert body['host'] == '127.0.0.1' and body['port'] >= 5900
    missing = requests.get(
        d.endpoint + '/v2.1/os-console-auth-tokens/not-a-token',
        headers=HEADERS, timeout=30)
    assert missing.status_code == 404, missing.text

    # A WebSocket through nova-lite-novncproxy reaches QEMU's VNC server.
    t0 = time.monotonic()
    sock, status, headers, received = rest.websocket_handshake(
        d.proxy_port, '/?token=%s' % urllib.parse.quote(token))
    try:
        assert ' 101 ' in status, (status, headers)
        opcode, payload, received = rest.read_frame(sock, received)
        assert opcode == 2, (opcode, payload)
        assert payload.startswith(b'RFB 003.008'), payload
        TIMINGS['vnc_websocket_to_rfb_banner'] = time.monotonic() - t0
    finally:
        sock.close()

    # A wrong token: the handshake completes, then the proxy closes.
    sock, status, _headers, received = rest.websocket_handshake(
        d.proxy_port, '/?token=bogus')
    try:
        assert ' 101 ' in status, status
        opcode, payload, _rest = rest.read_frame(sock, received)
        assert opcode == 8, (opcode, payload)  # close
    finally:
        sock.close()


def test_hard_reboot(dep):
    d = dep
    server_id = d.state['server_id']
    before = rest.markers(d, server_id)
    t0 = time.monotonic()
    resp = rest.action(d, server_id, {'reboot': {'type': 'HARD'}})
    assert resp.status_code == 202, resp.text
    rest.wait_status(d, server_id, 'ACTIVE')
    rest.wait_markers(d, server_id, before + 1)
    TIMINGS['hard_reboot_to_marker'] = time.monotonic() - t0


def test_soft_reboot_reports_reboot_started(dep):
    d = dep
    server_id = d.state['server_id']
    before = rest.markers(d, server_id)
    seen = set()
    t0 = time.monotonic()
    resp = rest.action(d, server_id, {'reboot': {'type': 'SOFT'}})
    assert resp.status_code == 202, resp.text
    rest.wait_status(d, server_id, 'ACTIVE', seen=seen)
    TIMINGS['soft_reboot_to_active'] = time.monotonic() - t0
    assert 'reboot_started' in seen, seen
    rest.wait_markers(d, server_id, before + 1)
    TIMINGS['soft_reboot_to_marker'] = time.monotonic() - t0


def test_stop_and_start(dep):
    d = dep
    server_id = d.state['server_id']
    t0 = time.monotonic()
    resp = rest.action(d, server_id, {'os-stop': None})
    assert resp.status_code == 202, resp.text
    server = rest.wait_status(d, server_id, 'SHUTOFF')
    TIMINGS['stop'] = time.monotonic() - t0
    assert server['OS-EXT-STS:power_state'] == 4
    assert not rest.domain(d).isActive()
    # No console for a stopped guest.
    resp = requests.post(
        d.endpoint + '/v2.1/servers/%s/remote-consoles' % server_id,
        headers=HEADERS, timeout=30,
        json={'remote_console': {'protocol': 'vnc', 'type': 'novnc'}})
    assert resp.status_code == 409, resp.text

    before = rest.markers(d, server_id)
    t0 = time.monotonic()
    resp = rest.action(d, server_id, {'os-start': None})
    assert resp.status_code == 202, resp.text
    server = rest.wait_status(d, server_id, 'ACTIVE')
    TIMINGS['start'] = time.monotonic() - t0
    assert server['OS-EXT-STS:power_state'] == 1
    assert rest.domain(d).isActive()
    rest.wait_markers(d, server_id, before + 1)


def _accepted_action(d, server_id, body):
    resp = rest.action(d, server_id, body)
    assert resp.status_code == 202, resp.text


def test_pause_and_unpause(dep):
    d = dep
    server_id = d.state['server_id']
    _accepted_action(d, server_id, {'pause': None})
    server = rest.wait_status(d, server_id, 'PAUSED', timeout=30)
    assert server['OS-EXT-STS:power_state'] == 3
    assert rest.domain(d).state(0)[0] == libvirt.VIR_DOMAIN_PAUSED
    _accepted_action(d, server_id, {'unpause': None})
    rest.wait_status(d, server_id, 'ACTIVE', timeout=30)
    assert rest.domain(d).state(0)[0] == libvirt.VIR_DOMAIN_RUNNING


def test_suspend_and_resume(dep):
    d = dep
    server_id = d.state['server_id']
    t0 = time.monotonic()
    _accepted_action(d, server_id, {'suspend': None})
    rest.wait_status(d, server_id, 'SUSPENDED', timeout=60)
    TIMINGS['suspend'] = time.monotonic() - t0
    dom = rest.domain(d)
    assert not dom.isActive()
    assert dom.hasManagedSaveImage(0)
    t0 = time.monotonic()
    _accepted_action(d, server_id, {'resume': None})
    rest.wait_status(d, server_id, 'ACTIVE', timeout=60)
    TIMINGS['resume'] = time.monotonic() - t0
    assert rest.domain(d).state(0)[0] == libvirt.VIR_DOMAIN_RUNNING


def test_diagnostics_and_crash_dump(dep):
    d = dep
    server_id = d.state['server_id']
    resp = requests.get(
        d.endpoint + '/v2.1/servers/%s/diagnostics' % server_id,
        headers=dict(HEADERS, **{'OpenStack-API-Version': 'compute 2.48'}),
        timeout=30)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body['driver'] == 'libvirt' and body['hypervisor'] == 'qemu'
    assert body['state'] == 'running'
    assert body['num_cpus'] == 1 and body['num_disks'] == 1
    assert body['memory_details']['maximum'] == 128
    # Counters of the QEMU process (restored from a managed save just
    # now, and the guest runs from its initramfs: they may be 0).
    assert body['disk_details'][0]['read_requests'] >= 0
    assert body['cpu_details'][0]['time'] >= 0
    legacy = requests.get(
        d.endpoint + '/v2.1/servers/%s/diagnostics' % server_id,
        headers=dict(HEADERS, **{'OpenStack-API-Version': 'compute 2.47'}),
        timeout=30)
    assert legacy.status_code == 200, legacy.text
    assert legacy.json()['memory'] == 128 * 1024
    assert legacy.json()['vda_read'] >= 0
    assert legacy.json()['cpu0_time'] >= 0

    resp = rest.action(d, server_id, {'trigger_crash_dump': None},
                       version='2.17')
    assert resp.status_code == 202, resp.text

    def nmi_done():
        actions = requests.get(
            d.endpoint + '/v2.1/servers/%s/os-instance-actions' % server_id,
            headers=HEADERS, timeout=30).json()['instanceActions']
        crash = [a for a in actions if a['action'] == 'trigger_crash_dump']
        if not crash:
            return False
        detail = requests.get(
            d.endpoint + '/v2.1/servers/%s/os-instance-actions/%s' % (
                server_id, crash[0]['request_id']),
            headers=HEADERS, timeout=30).json()['instanceAction']
        events = detail.get('events') or []
        return events and all(e.get('finish_time') for e in events) and \
            events
    events = deployment_mod.wait_for(nmi_done, 30, poll=0.3)
    assert all(e['result'] == 'Success' for e in events), events
    assert rest.domain(d).isActive()


def test_rescue_and_unrescue(dep):
    d = dep
    server_id = d.state['server_id']
    inst_dir = os.path.join(d.instances_path, server_id)
    before = len(rest.console_boots(d))
    t0 = time.monotonic()
    resp = rest.action(d, server_id, {'rescue': {}})
    assert resp.status_code == 200, resp.text
    rest.wait_status(d, server_id, 'RESCUE')
    TIMINGS['rescue_to_status'] = time.monotonic() - t0
    assert rest.domain_disks(d) == [
        os.path.join(inst_dir, 'disk.rescue'), os.path.join(inst_dir, 'disk')]
    assert os.path.exists(os.path.join(inst_dir, 'unrescue.xml'))
    # The rescue guest boots from disk.rescue and sees the root disk too.
    assert rest.wait_boot(d, before + 1) == 'vda vdb'
    TIMINGS['rescue_to_marker'] = time.monotonic() - t0

    t0 = time.monotonic()
    resp = rest.action(d, server_id, {'unrescue': None})
    assert resp.status_code == 202, resp.text
    server = rest.wait_status(d, server_id, 'ACTIVE')
    TIMINGS['unrescue_to_active'] = time.monotonic() - t0
    assert server['OS-EXT-STS:power_state'] == 1
    assert rest.domain_disks(d) == [os.path.join(inst_dir, 'disk')]
    assert not os.path.exists(os.path.join(inst_dir, 'disk.rescue'))
    assert not os.path.exists(os.path.join(inst_dir, 'unrescue.xml'))
    assert rest.wait_boot(d, before + 2) == 'vda'
    TIMINGS['unrescue_to_marker'] = time.monotonic() - t0


def _resize(d, server_id, flavor):
    resp = rest.action(d, server_id, {'resize': {'flavorRef': flavor}})
    assert resp.status_code == 202, resp.text
    return rest.wait_status(d, server_id, 'VERIFY_RESIZE', timeout=120)


def test_resize_and_confirm(dep):
    d = dep
    server_id = d.state['server_id']
    inst_dir = os.path.join(d.instances_path, server_id)
    assert rest.domain_memory_kib(d) == 128 * 1024
    t0 = time.monotonic()
    server = _resize(d, server_id, MICRO)
    TIMINGS['resize_to_verify'] = time.monotonic() - t0
    assert server['flavor']['original_name'] == 'm1.micro'
    assert server['OS-EXT-SRV-ATTR:host'] == 'lv1'
    assert server['OS-EXT-STS:power_state'] == 1
    assert rest.domain_memory_kib(d) == 192 * 1024
    assert rest.domain(d).isActive()
    assert os.path.isdir(inst_dir + '_resize')
    # The resized guest boots (its console log starts afresh).
    assert rest.wait_boot(d, 1) == 'vda'

    TIMINGS['resize_to_marker'] = time.monotonic() - t0

    resp = rest.action(d, server_id, {'confirmResize': None})
    assert resp.status_code == 204, resp.text
    rest.wait_status(d, server_id, 'ACTIVE')
    deployment_mod.wait_for(lambda: not os.path.exists(inst_dir + '_resize'),
                            30)
    assert rest.domain_memory_kib(d) == 192 * 1024
    assert rest.domain(d).isActive()


def test_resize_and_revert(dep):
    d = dep
    server_id = d.state['server_id']
    inst_dir = os.path.join(d.instances_path, server_id)
    before = len(rest.console_boots(d))
    t0 = time.monotonic()
    server = _resize(d, server_id, NANO)
    TIMINGS['resize_down_memory_to_verify'] = time.monotonic() - t0
    assert server['flavor']['original_name'] == 'm1.nano'
    assert rest.domain_memory_kib(d) == 128 * 1024

    t0 = time.monotonic()
    resp = rest.action(d, server_id, {'revertResize': None})
    assert resp.status_code == 202, resp.text
    server = rest.wait_status(d, server_id, 'ACTIVE')
    TIMINGS['revert_to_active'] = time.monotonic() - t0
    assert server['flavor']['original_name'] == 'm1.micro'
    assert server['OS-EXT-STS:power_state'] == 1
    assert rest.domain_memory_kib(d) == 192 * 1024
    assert rest.domain(d).isActive()
    assert not os.path.exists(inst_dir + '_resize')
    # The old console log is back, with one more boot in it.
    assert rest.wait_boot(d, before + 1) == 'vda'
    TIMINGS['revert_to_marker'] = time.monotonic() - t0


def test_power_off_from_inside_is_synced(dep):
    """An ACPI power-button press through libvirt, bypassing nova_lite:
    the guest powers itself off; the API reports SHUTOFF after at most
    one sync interval, and the lifecycle event reaches the manager."""
    d = dep
    server_id = d.state['server_id']
    rest.wait_status(d, server_id, 'ACTIVE')
    dom = rest.domain(d)
    deadline = time.monotonic() + 60
    while dom.isActive() and time.monotonic() < deadline:
        try:
            dom.shutdown()  # repeated: the guest may not listen yet
        except libvirt.libvirtError:
            pass
        for _ in range(20):
            if not dom.isActive():
                break
            time.sleep(0.1)
    assert not dom.isActive()
    off_at = time.monotonic()
    server = rest.wait_status(d, server_id, 'SHUTOFF',
                              timeout=rest.SYNC_INTERVAL + 10)
    TIMINGS['inside_power_off_to_shutoff'] = time.monotonic() - off_at
    assert server['OS-EXT-STS:power_state'] == 4
    assert server['OS-EXT-STS:vm_state'] == 'stopped'
    # The lifecycle event (libvirt holds a "stopped" event back 15 s, in
    # case the guest starts again) is handled by the compute manager.
    pattern = re.compile(r'Lifecycle event for instance %s: power_state 4'
                         % server_id)

    def event_logged():
        with open(os.path.join(d.workdir, 'lv1.log'),
                  errors='replace') as f:
            return bool(pattern.search(f.read()))
    deployment_mod.wait_for(event_logged, 25, poll=0.5)
    TIMINGS['inside_power_off_to_event'] = time.monotonic() - off_at


def test_os_hosts_on_a_libvirt_host(dep):
    """libvirt has no host operations of its own (as Nova's): enabling is
    answered with the asked state, maintenance and power actions are 501
    with Nova's message, over RabbitMQ, and the compute logs no
    traceback for them."""
    d = dep
    headers = dict(HEADERS, **{'OpenStack-API-Version': 'compute 2.42'})
    log_path = os.path.join(d.workdir, 'lv1.log')
    logged = os.path.getsize(log_path)
    resp = requests.get(d.endpoint + '/v2.1/os-hosts/lv1', headers=headers,
                        timeout=30)
    assert resp.status_code == 200, resp.text
    assert resp.json()['host'][0]['resource']['project'] == '(total)'
    resp = requests.put(d.endpoint + '/v2.1/os-hosts/lv1', headers=headers,
                        json={'status': 'disable'}, timeout=30)
    assert resp.status_code == 200, resp.text
    assert resp.json() == {'host': 'lv1', 'status': 'disabled'}
    not_supported = {'notImplemented': {
        'code': 501,
        'message': 'The requested functionality is not supported.'}}
    resp = requests.put(d.endpoint + '/v2.1/os-hosts/lv1', headers=headers,
                        json={'maintenance_mode': 'enable'}, timeout=30)
    assert (resp.status_code, resp.json()) == (501, not_supported)
    resp = requests.get(d.endpoint + '/v2.1/os-hosts/lv1/startup',
                        headers=headers, timeout=30)
    assert (resp.status_code, resp.json()) == (501, not_supported)
    with open(log_path, 'rb') as f:
        f.seek(logged)
        assert b'Traceback' not in f.read()


def test_delete_removes_guest_and_files(dep):
    d = dep
    server_id = d.state['server_id']
    inst_dir = os.path.join(d.instances_path, server_id)
    assert os.path.exists(os.path.join(inst_dir, 'disk'))
    assert os.path.exists(os.path.join(inst_dir, 'console.log'))
    t0 = time.monotonic()
    d.delete(server_id)
    deployment_mod.wait_for(lambda: d.server(server_id) is None, 60)
    TIMINGS['delete'] = time.monotonic() - t0
    with pytest.raises(libvirt.libvirtError):
        d.conn.lookupByUUIDString(server_id)
    assert not os.path.exists(inst_dir)
    errors = {name: lines for name, lines in d.errors_in_logs().items()}
    assert not errors, errors
