"""Driving real QEMU guests through the REST API and the daemons: the
libvirt deployment (four daemons and nova-lite-novncproxy over RabbitMQ,
nova-lite-compute on qemu:///system with virt_type qemu), and the polling
and console helpers the libvirt API suites share."""
import base64
import os
import shutil
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest
import requests

from tests.host_deps import libvirt
from tests.integration import deployment as deployment_mod

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TOOLS = os.path.join(REPO, 'tools')
BOOT_MARKER = 'NOVA_LITE_TEST_GUEST_BOOTED'
BOOT_TIMEOUT = 90
SYNC_INTERVAL = 3
NANO = '42'  # m1.nano: 1 vCPU, 128 MiB
MICRO = '84'  # m1.micro: 1 vCPU, 192 MiB

HEADERS = deployment_mod.HEADERS


def run(cmd, **kw):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, **kw)
    if proc.returncode != 0:
        pytest.fail('%s failed (rc=%s):\n%s' % (' '.join(cmd),
                                                 proc.returncode,
                                                 proc.stdout))
    return proc.stdout


def prepare_host():
    """libvirt + QEMU installed and running, the tiny guest built; the
    directory of the guest's image."""
    if shutil.which('qemu-img') is None or shutil.which('mkfs.vfat') is None:
        run([os.path.join(TOOLS, 'install-libvirt.sh')],
            env=dict(os.environ, PYTHON=sys.executable))
    run([os.path.join(TOOLS, 'start-libvirt.sh')])
    outdir = os.environ.get('NOVA_LITE_TEST_IMAGE_DIR') or os.path.join(
        TOOLS, '.cache', 'image')
    run([os.path.join(TOOLS, 'build-test-image.sh'), outdir])
    return outdir


def libvirt_deployment(workdir, transport_url, db_url, instances_path,
                       sync_interval=SYNC_INTERVAL, extra=None,
                       vnc_page='vnc_auto.html', **kwargs):
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
                    'http://127.0.0.1:%d/%s' % (proxy_port, vnc_page)},
    }
    for section, values in (extra or {}).items():
        common.setdefault(section, {}).update(values)
    dep = deployment_mod.Deployment(workdir, transport_url, db_url,
                                     computes=('lv1',), common=common,
                                     **kwargs)
    dep.proxy_port = proxy_port
    return dep


def undefine(conn, uuid):
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


def port_open(port):
    try:
        with socket.create_connection(('127.0.0.1', port), timeout=1):
            return True
    except OSError:
        return False


# -- helpers ---------------------------------------------------------------

def action(d, server_id, body, version=None):
    headers = dict(HEADERS)
    if version:
        headers['OpenStack-API-Version'] = 'compute %s' % version
    return requests.post(d.endpoint + '/v2.1/servers/%s/action' % server_id,
                         json=body, headers=headers, timeout=30)


def wait_status(d, server_id, status, timeout=BOOT_TIMEOUT, seen=None):
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


def console_output(d, server_id):
    resp = action(d, server_id, {'os-getConsoleOutput': {}})
    assert resp.status_code == 200, resp.text
    return resp.json()['output']


def count_boot_markers(console):
    """Boot markers in a console text. A kernel message may be printed in
    the middle of the marker's line (the console is shared), so a line
    counts when it holds the marker."""
    return sum(1 for line in console.splitlines() if BOOT_MARKER in line)


def markers(d, server_id):
    return count_boot_markers(console_output(d, server_id))


def wait_markers(d, server_id, count, timeout=BOOT_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if markers(d, server_id) >= count:
            return
        time.sleep(0.2)
    pytest.fail('%d boot markers not seen in %s s; console tail:\n%s' % (
        count, timeout, console_output(d, server_id)[-2000:]))


def domain(d):
    return d.conn.lookupByUUIDString(d.state['server_id'])


def wait_libvirt_state(d, states, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = domain(d).state(0)[0]
        if state in states:
            return state
        time.sleep(0.1)
    pytest.fail('domain state %s, wanted %s' % (domain(d).state(0), states))


def websocket_handshake(port, path, timeout=10):
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


def read_frame(sock, buf):
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


def domain_disks(d):
    root = ET.fromstring(domain(d).XMLDesc(0))
    return [disk.find('source').get('file')
            for disk in root.findall('devices/disk')]


def domain_memory_kib(d):
    return int(ET.fromstring(domain(d).XMLDesc(0)).findtext('memory'))


def console_boots(d):
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
        if BOOT_MARKER in line:
            boots.append(None)
        elif line.startswith('NOVA_LITE_TEST_GUEST_DISKS=') and boots \
                and boots[-1] is None:
            boots[-1] = line.split('=', 1)[1].strip()
    return boots


def wait_boot(d, number, timeout=BOOT_TIMEOUT):
    """The disks seen in boot `number` (1-based) of the console log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        boots = console_boots(d)
        if len(boots) >= number and boots[number - 1] is not None:
            return boots[number - 1]
        time.sleep(0.2)
    pytest.fail('boot %d not seen in %s s: %s; console tail:\n%s' % (
        number, timeout, console_boots(d),
        console_output(d, d.state['server_id'])[-2000:]))
