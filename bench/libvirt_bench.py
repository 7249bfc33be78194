"""Spawn through the API vs. bare libvirt, for the same tiny guest.

Four daemons over RabbitMQ + MariaDB (or --db postgresql), nova-lite-compute
on qemu:///system with [libvirt] virt_type = qemu, flavor m1.nano and the
tiny test guest (tools/build-test-image.sh). For each round:

- API: POST /servers -> ACTIVE (what a user waits for), and -> the boot
  marker line in the guest's serial log;
- bare: the domain XML the driver wrote for that server, given its own
  uuid, name, qcow2 overlay and log, then conn.defineXML() + dom.create()
  -> running, and -> the marker.

One warm-up boot (fills the image cache) is not counted. Prints the
medians and the API's overhead over bare libvirt in percent (goal: <= 20 %
from POST to the running guest's marker). Needs root, RabbitMQ, MariaDB,
libvirtd. Run: python bench/libvirt_bench.py [--rounds 3]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import requests

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

import libvirt  # noqa: E402

from nova_lite.virt.libvirt import disks  # noqa: E402
from tests.integration import deployment as deployment_mod  # noqa: E402
from tests.integration import libvirt_rest as rest  # noqa: E402
from tests.integration import services  # noqa: E402

HEADERS = deployment_mod.HEADERS
MARKER = rest.BOOT_MARKER
TIMEOUT = 120


def _wait(predicate, timeout=TIMEOUT, poll=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return time.monotonic()
        time.sleep(poll)
    raise RuntimeError('timed out')


def _has_marker(path):
    try:
        with open(path, errors='replace') as f:
            return MARKER in f.read()
    except OSError:
        return False


def api_boot(dep, image_id, name):
    """(server id, seconds POST->ACTIVE, seconds POST->marker)."""
    session = requests.Session()
    t0 = time.monotonic()
    resp = session.post(dep.endpoint + '/v2.1/servers', headers=HEADERS,
                        json={'server': {'name': name, 'flavorRef': '42',
                                         'imageRef': image_id,
                                         'networks': 'none'}}, timeout=30)
    resp.raise_for_status()
    server_id = resp.json()['server']['id']

    def active():
        server = session.get(dep.endpoint + '/v2.1/servers/' + server_id,
                             headers=HEADERS, timeout=30).json()['server']
        if server['status'] == 'ERROR':
            raise RuntimeError('server in ERROR: %s' % server.get('fault'))
        return server['status'] == 'ACTIVE'
    t_active = _wait(active)
    log = os.path.join(dep.instances_path, server_id, 'console.log')
    t_marker = _wait(lambda: _has_marker(log))
    return server_id, t_active - t0, t_marker - t0


def bare_boot(conn, dep, server_id, workdir, base):
    """The driver's XML for server_id, started with plain libvirt calls:
    (seconds define+create -> running, seconds -> marker)."""
    inst_dir = os.path.join(dep.instances_path, server_id)
    with open(os.path.join(inst_dir, 'libvirt.xml')) as f:
        xml = f.read()
    bare = tempfile.mkdtemp(prefix='bare-', dir=workdir)
    os.chmod(bare, 0o755)
    disk = os.path.join(bare, 'disk')
    subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', '-b', base,
                    '-F', 'qcow2', disk, '1G'], check=True)
    log = os.path.join(bare, 'console.log')
    name = 'nova-lite-bench-%s' % uuid.uuid4().hex[:8]
    xml = (xml.replace(os.path.join(inst_dir, 'disk'), disk)
           .replace(os.path.join(inst_dir, 'console.log'), log)
           .replace(server_id, str(uuid.uuid4())))
    xml = xml.replace(xml[xml.index('<name>'):xml.index('</name>') + 7],
                      '<name>%s</name>' % name)
    t0 = time.monotonic()
    dom = conn.defineXML(xml)
    dom.create()
    t_running = time.monotonic()
    try:
        t_marker = _wait(lambda: _has_marker(log))
    finally:
        dom.destroy()
        dom.undefine()
    return t_running - t0, t_marker - t0


def delete(dep, server_id):
    requests.delete(dep.endpoint + '/v2.1/servers/' + server_id,
                    timeout=30)
    _wait(lambda: dep.server(server_id) is None, 60, poll=0.1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--db', default='mysql',
                        choices=sorted(services.DATABASES))
    args = parser.parse_args()
    rest.prepare_host()
    instances = tempfile.mkdtemp(prefix='nova-lite-bench-instances-')
    os.chmod(instances, 0o755)
    workdir = tempfile.mkdtemp(prefix='nova-lite-libvirt-bench-')
    os.chmod(workdir, 0o755)
    conn = libvirt.open('qemu:///system')
    results = {'api_active': [], 'api_marker': [], 'bare_running': [],
               'bare_marker': []}
    try:
        with services.rabbit_vhost() as url, \
                services.DATABASES[args.db]() as db_url:
            dep = rest.libvirt_deployment(workdir, url, db_url, instances,
                                            sync_interval=600)
            dep.instances_path = instances
            dep.start()
            try:
                image_id = dep.image_id()
                warm, _a, _m = api_boot(dep, image_id, 'bench-warmup')
                base = disks.qcow2_header(
                    os.path.join(instances, warm, 'disk'))[1]
                delete(dep, warm)
                for i in range(args.rounds):
                    sid, active, marker = api_boot(dep, image_id,
                                                   'bench-%d' % i)
                    results['api_active'].append(active)
                    results['api_marker'].append(marker)
                    running, bare_marker = bare_boot(conn, dep, sid,
                                                     workdir, base)
                    results['bare_running'].append(running)
                    results['bare_marker'].append(bare_marker)
                    delete(dep, sid)
                    print('round %d: API POST->ACTIVE %.2f s, ->marker '
                          '%.2f s | bare define+create %.2f s, ->marker '
                          '%.2f s' % (i + 1, active, marker, running,
                                      bare_marker), flush=True)
            finally:
                dep.stop()
    finally:
        conn.close()
        shutil.rmtree(instances, ignore_errors=True)
        shutil.rmtree(workdir, ignore_errors=True)
    med = {k: statistics.median(v) for k, v in results.items()}
    print('\nmedians over %d rounds (m1.nano, virt_type qemu):' %
          args.rounds)
    print('  API POST -> ACTIVE           %6.2f s' % med['api_active'])
    print('  bare defineXML + create      %6.2f s' % med['bare_running'])
    print('  API POST -> boot marker      %6.2f s' % med['api_marker'])
    print('  bare define -> boot marker   %6.2f s' % med['bare_marker'])
    print('  overhead to a running guest: +%.2f s (%.0f %%)' % (
        med['api_active'] - med['bare_running'],
        100.0 * (med['api_active'] - med['bare_running']) /
        med['bare_running']))
    print('  overhead to the booted guest: +%.2f s (%.0f %%; goal <= 20 %%)'
          % (med['api_marker'] - med['bare_marker'],
             100.0 * (med['api_marker'] - med['bare_marker']) /
             med['bare_marker']))


if __name__ == '__main__':
    main()
