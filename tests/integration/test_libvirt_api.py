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
SHUTOFF by the power state sync (and its lifecycle event handled); delete (domain,
instance directory, disks and console log gone). Timings are printed
(pytest -s).

Without libvirt-python or /usr/sbin/libvirtd it fails (skipped only with
NOVA_LITE_SKIP_LIBVIRT=1, see tests/host_deps.py). Needs root, RabbitMQ
and MariaDB.
"""
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import xml.etree.ElementTree as ET

import pytest
import requests

from tests.host_deps import libvirt
from tests.integration import deployment as deployment_mod
from tests.integration import services

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TOOLS = os.path.join(REPO, 'tools')
BOOT_MARKER = 'NOVA_LITE_TEST_GUEST_BOOTED'
BOOT_TIMEOUT = 90
SYNC_INTERVAL = 3
NANO = '42'  # m1.nano: 1 vCPU, 128 MiB
MICRO = '84'  # m1.micro: 1 vCPU, 192 MiB

pytestmark = [pytest.mark.libvirt]

HEADERS = deployment_mod.HEADERS
TIMINGS = {}


def _run(cmd, **kw):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, **kw)
    if proc.returncode != 0:
        pytest.fail('%s failed (rc=%s):\n%s' % (' '.join(cmd),
                                                 proc.returncode,
                                                 proc.stdout))
    return proc.stdout


def prepare_host():
    """libvirt + QEMU installed and running, the tiny guest built."""
    if shutil.which('qemu-img') is None or shutil.which('mkfs.vfat') is None:
        _run([os.path.join(TOOLS, 'install-libvirt.sh')],
             env=dict(os.environ, PYTHON=sys.executable))
    _run([os.path.join(TOOLS, 'start-libvirt.sh')])
    outdir = os.environ.get('NOVA_LITE_TEST_IMAGE_DIR') or os.path.join(
        TOOLS, '.cache', 'image')
    _run([os.path.join(TOOLS, 'build-test-image.sh'), outdir])


def libvirt_deployment(workdir, transport_url, db_url, instances_path,
                       sync_interval=SYNC_INTERVAL):
    proxy_port = deployment_mod.free_port()
    common = {
        'DEFAULT': {'compute_driver': 'libvirt.LibvirtDriver',
                    'instances_path': instances_path,
                    'sync_power_state_interval': sync_interval,
                    'shutdown_timeout': 30,
                    'reboot_timeout': 30,
                    # One libvirt compute: resizes stay on it.
                    'allow_resize_to_same_host': 'true'},
        'libvirt': {'virt_type': 'qemu',
                    'connection_uri': 'qemu:///system'},
        'vnc': {'enabled': 'true', 'server_listen': '127.0.0.1',
                'server_proxyclient_address': '127.0.0.1',
                'novncproxy_host': '127.0.0.1',
                'novncproxy_port': proxy_port,
                'novncproxy_base_url':
                    'http://127.0.0.1:%d/vnc_auto.html' % proxy_port},
    }
    dep = deployment_mod.Deployment(workdir, transport_url, db_url,
                                     computes=('lv1',), common=common)
    dep.proxy_port = proxy_port
    return dep


@pytest.fixture(scope='module')
def dep(tmp_path_factory, transport_url):
    prepare_host()
    # libvirt (as libvirt-qemu) must traverse to the instance files: not
    # under pytest's 0700 tmp dirs.
    instances = tempfile.mkdtemp(prefix='nova-lite-api-instances-')
    os.chmod(instances, 0o755)
    database = os.environ.get('NOVA_LITE_LIBVIRT_API_DB', 'mysql')
    with services.DATABASES[database]() as db_url:
        d = libvirt_deployment(str(tmp_path_factory.mktemp('libvirt-api')),
                               transport_url, db_url, instances)
        d.instances_path = instances
        d.state = {}
        d.conn = None
        try:
            t0 = time.monotonic()
            d.start()
            d.start_daemon('novncproxy')
            deployment_mod.wait_for(lambda: _port_open(d.proxy_port), 30)
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
                    _undefine(d.conn, server_id)
                d.conn.close()
            shutil.rmtree(instances, ignore_errors=True)
            print('\nlibvirt through the API, timings (s): %s' % json.dumps(
                {k: round(v, 2) for k, v in TIMINGS.items()},
                sort_keys=True))


def _undefine(conn, uuid):
    try:
        dom = conn.lookupByUUIDString(uuid)
    except libvirt.libvirtError:
        return
    try:
        dom.destroy()
    except libvirt.libvirtError:
        pass
    try:
        dom.undefineFlags(libvirt.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE)
    except libvirt.libvirtError:
        pass


def _port_open(port):
    try:
        with socket.create_connection(('127.0.0.1', port), timeout=1):
            return True
    except OSError:
        return False


# -- helpers ---------------------------------------------------------------

def _action(d, server_id, body, version=None):
    headers = dict(HEADERS)
    if version:
        headers['OpenStack-API-Version'] = 'compute %s' % version
    return requests.post(d.endpoint + '/v2.1/servers/%s/action' % server_id,
                         json=body, headers=headers, timeout=30)


def _wait_status(d, server_id, status, timeout=BOOT_TIMEOUT, seen=None):
    """Poll until the server has `status` and no task_state; record the
    task states seen on the way in `seen`."""
    def check():
        server = d.server(server_id)
        if seen is not None and server is not None:
            seen.add(server.get('OS-EXT-STS:task_state'))
        if server is not None and server['status'] == 'ERROR':
            pytest.fail('server went to ERROR: %s' % server.get('fault'))
        return (server is not None and server['status'] == status and
                server.get('OS-EXT-STS:task_state') is None and server)
    try:
        return deployment_mod.wait_for(check, timeout, poll=0.1)
    except AssertionError:
        pytest.fail('server %s not %s in %s s: %s\ncompute log:\n%s' % (
            server_id, status, timeout, d.server(server_id),
            d.log_tail('lv1')))


def _console(d, server_id):
    resp = _action(d, server_id, {'os-getConsoleOutput': {}})
    assert resp.status_code == 200, resp.text
    return resp.json()['output']


def _markers(d, server_id):
    return sum(1 for line in _console(d, server_id).splitlines()
               if line.strip('\r') == BOOT_MARKER)


def _wait_markers(d, server_id, count, timeout=BOOT_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _markers(d, server_id) >= count:
            return
        time.sleep(0.2)
    pytest.fail('%d boot markers not seen in %s s; console tail:\n%s' % (
        count, timeout, _console(d, server_id)[-2000:]))


def _dom(d):
    return d.conn.lookupByUUIDString(d.state['server_id'])


def _wait_libvirt_state(d, states, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = _dom(d).state(0)[0]
        if state in states:
            return state
        time.sleep(0.1)
    pytest.fail('domain state %s, wanted %s' % (_dom(d).state(0), states))


def _websocket_handshake(port, path, timeout=10):
    """Open a WebSocket (binary subprotocol) with a raw socket; returns
    (socket, HTTP status line, headers text, bytes already read)."""
    sock = socket.create_connection(('127.0.0.1', port), timeout=timeout)
    key = base64.b64encode(os.urandom(16)).decode()
    request = ('GET %s HTTP/1.1\r\n'
               'Host: 127.0.0.1:%d\r\n'
               'Upgrade: websocket\r\n'
               'Connection: Upgrade\r\n'
               'Sec-WebSocket-Key: %s\r\n'
               'Sec-WebSocket-Version: 13\r\n'
               'Sec-WebSocket-Protocol: binary\r\n'
               'Origin: http://127.0.0.1:%d\r\n\r\n' % (path, port, key,
                                                         port))
    sock.sendall(request.encode())
    data = b''
    while b'\r\n\r\n' not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    head, _, rest = data.partition(b'\r\n\r\n')
    lines = head.decode('latin-1').split('\r\n')
    return sock, lines[0], '\r\n'.join(lines[1:]), rest


def _read_frame(sock, buf):
    """One server->client frame (unmasked): (opcode, payload, rest)."""
    def need(n):
        nonlocal buf
        while len(buf) < n:
            chunk = sock.recv(4096)
            if not chunk:
                raise EOFError('connection closed')
            buf += chunk
    need(2)
    opcode = buf[0] & 0x0f
    length = buf[1] & 0x7f
    offset = 2
    if length == 126:
        need(4)
        length = int.from_bytes(buf[2:4], 'big')
        offset = 4
    elif length == 127:
        need(10)
        length = int.from_bytes(buf[2:10], 'big')
        offset = 10
    need(offset + length)
    return opcode, buf[offset:offset + length], buf[offset + length:]


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
    server = _wait_status(d, server_id, 'ACTIVE')
    TIMINGS['post_to_active'] = time.monotonic() - t0
    assert server['OS-EXT-STS:power_state'] == 1
    assert server['OS-EXT-SRV-ATTR:host'] == 'lv1'
    _wait_markers(d, server_id, 1)
    TIMINGS['post_to_boot_marker'] = time.monotonic() - t0
    assert _dom(d).isActive()


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
    legacy = _action(d, server_id, {'os-getVNCConsole': {'type': 'novnc'}},
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
    sock, status, headers, rest = _websocket_handshake(
        d.proxy_port, '/?token=%s' % urllib.parse.quote(token))
    try:
        assert ' 101 ' in status, (status, headers)
        opcode, payload, rest = _read_frame(sock, rest)
        assert opcode == 2, (opcode, payload)
        assert payload.startswith(b'RFB 003.008'), payload
        TIMINGS['vnc_websocket_to_rfb_banner'] = time.monotonic() - t0
    finally:
        sock.close()

    # A wrong token: the handshake completes, then the proxy closes.
    sock, status, _headers, rest = _websocket_handshake(
        d.proxy_port, '/?token=bogus')
    try:
        assert ' 101 ' in status, status
        opcode, payload, _rest = _read_frame(sock, rest)
        assert opcode == 8, (opcode, payload)  # close
    finally:
        sock.close()


def test_hard_reboot(dep):
    d = dep
    server_id = d.state['server_id']
    before = _markers(d, server_id)
    t0 = time.monotonic()
    resp = _action(d, server_id, {'reboot': {'type': 'HARD'}})
    assert resp.status_code == 202, resp.text
    _wait_status(d, server_id, 'ACTIVE')
    _wait_markers(d, server_id, before + 1)
    TIMINGS['hard_reboot_to_marker'] = time.monotonic() - t0


def test_soft_reboot_reports_reboot_started(dep):
    d = dep
    server_id = d.state['server_id']
    before = _markers(d, server_id)
    seen = set()
    t0 = time.monotonic()
    resp = _action(d, server_id, {'reboot': {'type': 'SOFT'}})
    assert resp.status_code == 202, resp.text
    _wait_status(d, server_id, 'ACTIVE', seen=seen)
    TIMINGS['soft_reboot_to_active'] = time.monotonic() - t0
    assert 'reboot_started' in seen, seen
    _wait_markers(d, server_id, before + 1)
    TIMINGS['soft_reboot_to_marker'] = time.monotonic() - t0


def test_stop_and_start(dep):
    d = dep
    server_id = d.state['server_id']
    t0 = time.monotonic()
    resp = _action(d, server_id, {'os-stop': None})
    assert resp.status_code == 202, resp.text
    server = _wait_status(d, server_id, 'SHUTOFF')
    TIMINGS['stop'] = time.monotonic() - t0
    assert server['OS-EXT-STS:power_state'] == 4
    assert not _dom(d).isActive()
    # No console for a stopped guest.
    resp = requests.post(
        d.endpoint + '/v2.1/servers/%s/remote-consoles' % server_id,
        headers=HEADERS, timeout=30,
        json={'remote_console': {'protocol': 'vnc', 'type': 'novnc'}})
    assert resp.status_code == 409, resp.text

    before = _markers(d, server_id)
    t0 = time.monotonic()
    resp = _action(d, server_id, {'os-start': None})
    assert resp.status_code == 202, resp.text
    server = _wait_status(d, server_id, 'ACTIVE')
    TIMINGS['start'] = time.monotonic() - t0
    assert server['OS-EXT-STS:power_state'] == 1
    assert _dom(d).isActive()
    _wait_markers(d, server_id, before + 1)


def _accepted_action(d, server_id, body):
    resp = _action(d, server_id, body)
    assert resp.status_code == 202, resp.text


def test_pause_and_unpause(dep):
    d = dep
    server_id = d.state['server_id']
    _accepted_action(d, server_id, {'pause': None})
    server = _wait_status(d, server_id, 'PAUSED', timeout=30)
    assert server['OS-EXT-STS:power_state'] == 3
    assert _dom(d).state(0)[0] == libvirt.VIR_DOMAIN_PAUSED
    _accepted_action(d, server_id, {'unpause': None})
    _wait_status(d, server_id, 'ACTIVE', timeout=30)
    assert _dom(d).state(0)[0] == libvirt.VIR_DOMAIN_RUNNING


def test_suspend_and_resume(dep):
    d = dep
    server_id = d.state['server_id']
    t0 = time.monotonic()
    _accepted_action(d, server_id, {'suspend': None})
    _wait_status(d, server_id, 'SUSPENDED', timeout=60)
    TIMINGS['suspend'] = time.monotonic() - t0
    dom = _dom(d)
    assert not dom.isActive()
    assert dom.hasManagedSaveImage(0)
    t0 = time.monotonic()
    _accepted_action(d, server_id, {'resume': None})
    _wait_status(d, server_id, 'ACTIVE', timeout=60)
    TIMINGS['resume'] = time.monotonic() - t0
    assert _dom(d).state(0)[0] == libvirt.VIR_DOMAIN_RUNNING


def _domain_disks(d):
    root = ET.fromstring(_dom(d).XMLDesc(0))
    return [disk.find('source').get('file')
            for disk in root.findall('devices/disk')]


def _domain_memory_kib(d):
    return int(ET.fromstring(_dom(d).XMLDesc(0)).findtext('memory'))


def _boots(d):
    """The disks the guest saw, one entry per boot in its console log
    file (read directly: os-getConsoleOutput gives only the last 100 KiB,
    fewer than all the boots of this module)."""
    path = os.path.join(d.instances_path, d.state['server_id'],
                        'console.log')
    try:
        with open(path, errors='replace') as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return []
    boots = []
    for line in lines:
        line = line.strip('\r')
        if line == BOOT_MARKER:
            boots.append(None)
        elif line.startswith('NOVA_LITE_TEST_GUEST_DISKS=') and boots \
                and boots[-1] is None:
            boots[-1] = line.split('=', 1)[1].strip()
    return boots


def _wait_boot(d, number, timeout=BOOT_TIMEOUT):
    """The disks seen in boot `number` (1-based) of the console log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        boots = _boots(d)
        if len(boots) >= number and boots[number - 1] is not None:
            return boots[number - 1]
        time.sleep(0.2)
    pytest.fail('boot %d not seen in %s s: %s; console tail:\n%s' % (
        number, timeout, _boots(d),
        _console(d, d.state['server_id'])[-2000:]))


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

    resp = _action(d, server_id, {'trigger_crash_dump': None},
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
    assert _dom(d).isActive()


def test_rescue_and_unrescue(dep):
    d = dep
    server_id = d.state['server_id']
    inst_dir = os.path.join(d.instances_path, server_id)
    before = len(_boots(d))
    t0 = time.monotonic()
    resp = _action(d, server_id, {'rescue': {}})
    assert resp.status_code == 200, resp.text
    _wait_status(d, server_id, 'RESCUE')
    TIMINGS['rescue_to_status'] = time.monotonic() - t0
    assert _domain_disks(d) == [os.path.join(inst_dir, 'disk.rescue'),
                                os.path.join(inst_dir, 'disk')]
    assert os.path.exists(os.path.join(inst_dir, 'unrescue.xml'))
    # The rescue guest boots from disk.rescue and sees the root disk too.
    assert _wait_boot(d, before + 1) == 'vda vdb'
    TIMINGS['rescue_to_marker'] = time.monotonic() - t0

    t0 = time.monotonic()
    resp = _action(d, server_id, {'unrescue': None})
    assert resp.status_code == 202, resp.text
    server = _wait_status(d, server_id, 'ACTIVE')
    TIMINGS['unrescue_to_active'] = time.monotonic() - t0
    assert server['OS-EXT-STS:power_state'] == 1
    assert _domain_disks(d) == [os.path.join(inst_dir, 'disk')]
    assert not os.path.exists(os.path.join(inst_dir, 'disk.rescue'))
    assert not os.path.exists(os.path.join(inst_dir, 'unrescue.xml'))
    assert _wait_boot(d, before + 2) == 'vda'
    TIMINGS['unrescue_to_marker'] = time.monotonic() - t0


def _resize(d, server_id, flavor):
    resp = _action(d, server_id, {'resize': {'flavorRef': flavor}})
    assert resp.status_code == 202, resp.text
    return _wait_status(d, server_id, 'VERIFY_RESIZE', timeout=120)


def test_resize_and_confirm(dep):
    d = dep
    server_id = d.state['server_id']
    inst_dir = os.path.join(d.instances_path, server_id)
    assert _domain_memory_kib(d) == 128 * 1024
    t0 = time.monotonic()
    server = _resize(d, server_id, MICRO)
    TIMINGS['resize_to_verify'] = time.monotonic() - t0
    assert server['flavor']['original_name'] == 'm1.micro'
    assert server['OS-EXT-SRV-ATTR:host'] == 'lv1'
    assert server['OS-EXT-STS:power_state'] == 1
    assert _domain_memory_kib(d) == 192 * 1024
    assert _dom(d).isActive()
    assert os.path.isdir(inst_dir + '_resize')
    # The resized guest boots (its console log starts afresh).
    assert _wait_boot(d, 1) == 'vda'

    TIMINGS['resize_to_marker'] = time.monotonic() - t0

    resp = _action(d, server_id, {'confirmResize': None})
    assert resp.status_code == 204, resp.text
    _wait_status(d, server_id, 'ACTIVE')
    deployment_mod.wait_for(lambda: not os.path.exists(inst_dir + '_resize'),
                            30)
    assert _domain_memory_kib(d) == 192 * 1024
    assert _dom(d).isActive()


def test_resize_and_revert(dep):
    d = dep
    server_id = d.state['server_id']
    inst_dir = os.path.join(d.instances_path, server_id)
    before = len(_boots(d))
    t0 = time.monotonic()
    server = _resize(d, server_id, NANO)
    TIMINGS['resize_down_memory_to_verify'] = time.monotonic() - t0
    assert server['flavor']['original_name'] == 'm1.nano'
    assert _domain_memory_kib(d) == 128 * 1024

    t0 = time.monotonic()
    resp = _action(d, server_id, {'revertResize': None})
    assert resp.status_code == 202, resp.text
    server = _wait_status(d, server_id, 'ACTIVE')
    TIMINGS['revert_to_active'] = time.monotonic() - t0
    assert server['flavor']['original_name'] == 'm1.micro'
    assert server['OS-EXT-STS:power_state'] == 1
    assert _domain_memory_kib(d) == 192 * 1024
    assert _dom(d).isActive()
    assert not os.path.exists(inst_dir + '_resize')
    # The old console log is back, with one more boot in it.
    assert _wait_boot(d, before + 1) == 'vda'
    TIMINGS['revert_to_marker'] = time.monotonic() - t0


def test_power_off_from_inside_is_synced(dep):
    """An ACPI power-button press through libvirt, bypassing nova_lite:
    the guest powers itself off; the API reports SHUTOFF after at most
    one sync interval, and the lifecycle event reaches the manager."""
    d = dep
    server_id = d.state['server_id']
    _wait_status(d, server_id, 'ACTIVE')
    dom = _dom(d)
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
    server = _wait_status(d, server_id, 'SHUTOFF',
                          timeout=SYNC_INTERVAL + 10)
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
