"""The operator's and user's flow of a real cloud, with the unmodified
openstack client: Keystone and Glance from PyPI (started by
tools/start-keystone-glance.sh), the four daemons as processes over
RabbitMQ with MariaDB behind the conductor, ``[api] auth_strategy =
keystone``, images from Glance, and a libvirt compute running QEMU
guests.

As the demo project's member: ``token issue``; ``server create --wait``
from the Glance image boots a real guest whose boot marker shows in
``console log show``; ``server image create --wait`` makes an active
Glance image owned by demo; a second server boots from that snapshot and
shows its marker too (with the image property hw_disk_bus=sata set on
the snapshot, its root disk is SATA); ``server rebuild`` of the first
onto the snapshot boots it again; ``server shelve`` puts the second's
disk in Glance and frees the host, ``server unshelve`` boots it again from
there and removes that image; ``server delete --wait`` removes both
guests.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

import pytest

from tests.integration import deployment as deployment_mod
from tests.integration import keystone_glance
from tests.integration import services
from tests.host_deps import libvirt
from tests.integration import libvirt_rest

pytestmark = [pytest.mark.libvirt, pytest.mark.slow]

OPENSTACK = os.path.join(os.path.dirname(sys.executable), 'openstack')
BOOT_MARKER = libvirt_rest.BOOT_MARKER
FLAVOR = 'm1.nano'


@pytest.fixture(scope='module')
def api_port():
    return deployment_mod.free_port()


@pytest.fixture(scope='module')
def kg_env(tmp_path_factory, api_port):
    libvirt_rest.prepare_host()
    with keystone_glance.running(tmp_path_factory.mktemp('keystone-glance'),
                                 api_port=api_port) as data:
        yield data


@pytest.fixture(scope='module')
def cloud(tmp_path_factory, transport_url, kg_env, api_port):
    # libvirt (as libvirt-qemu) must traverse to the instance files.
    instances = tempfile.mkdtemp(prefix='nova-lite-glance-instances-')
    os.chmod(instances, 0o755)
    common = {
        'DEFAULT': {'compute_driver': 'libvirt.LibvirtDriver',
                    'instances_path': instances,
                    'shutdown_timeout': 10},
        'libvirt': {'virt_type': 'qemu', 'connection_uri': 'qemu:///system'},
        'api': {'auth_strategy': 'keystone'},
        'keystone_authtoken': dict(kg_env['keystone_authtoken']),
        'service_user': dict(kg_env['service_user']),
        # No [glance] credentials: every daemon reaches Glance with the
        # requesting user's token and the catalog that came with it.
        'glance': {'image_backend': 'glance'},
    }
    session = keystone_glance.session(kg_env, 'admin', 'admin')
    with services.mysql_database() as db_url:
        dep = deployment_mod.Deployment(
            str(tmp_path_factory.mktemp('deploy')), transport_url, db_url,
            computes=('lv1',), common=common, port=api_port,
            token_provider=session.get_token)
        dep.instances_path = instances
        try:
            dep.start()
            yield dep
        finally:
            dep.stop()
            _undefine_leftovers(instances)
            shutil.rmtree(instances, ignore_errors=True)
        errors = dep.errors_in_logs()
        assert not errors, errors


def _undefine_leftovers(instances):
    """Guests a failed test left behind (their files are under
    `instances`)."""
    conn = libvirt.open('qemu:///system')
    try:
        for dom in conn.listAllDomains():
            if instances in dom.XMLDesc(0):
                libvirt_rest.undefine(conn, dom.UUIDString())
    finally:
        conn.close()


def openstack(kg_env, *args, cloud='demo', check=True):
    env = dict(os.environ, OS_CLIENT_CONFIG_FILE=kg_env['clouds_yaml'],
               OS_CLOUD=cloud)
    for var in [v for v in env if v.startswith('OS_')]:
        if var not in ('OS_CLIENT_CONFIG_FILE', 'OS_CLOUD'):
            env.pop(var)
    out = subprocess.run([OPENSTACK] + list(args), env=env,
                         capture_output=True, text=True, timeout=300)
    if check:
        assert out.returncode == 0, (args, out.stdout, out.stderr)
    return out


def openstack_json(kg_env, *args, **kw):
    return json.loads(openstack(kg_env, *(args + ('-f', 'json')),
                                **kw).stdout)


def wait_for_marker(kg_env, server, timeout=libvirt_rest.BOOT_TIMEOUT,
                    unlike=None):
    """The console log of `server` once it shows the boot marker (and
    differs from `unlike`, the log before a reboot of the guest)."""
    deadline = time.monotonic() + timeout
    log = ''
    while time.monotonic() < deadline:
        log = openstack(kg_env, 'console', 'log', 'show', server).stdout
        if BOOT_MARKER in log and log != unlike:
            return log
        time.sleep(2)
    raise AssertionError('no boot marker from %s:\n%s' % (server, log[-2000:]))


def domain_state(uuid):
    conn = libvirt.open('qemu:///system')
    try:
        try:
            return conn.lookupByUUIDString(uuid).state()[0]
        except libvirt.libvirtError:
            return None
    finally:
        conn.close()


def root_disk_target(uuid):
    conn = libvirt.open('qemu:///system')
    try:
        xml = conn.lookupByUUIDString(uuid).XMLDesc(0)
    finally:
        conn.close()
    target = ET.fromstring(xml).find('./devices/disk/target')
    return target.get('dev'), target.get('bus')


def test_token_issue_as_demo(kg_env, cloud):
    token = openstack_json(kg_env, 'token', 'issue')
    assert token['project_id'] == kg_env['projects']['demo']
    assert token['id']


def test_boot_from_glance_snapshot_and_boot_again(kg_env, cloud):
    image = kg_env['image']
    first = openstack_json(kg_env, 'server', 'create', '--image',
                           image['name'], '--flavor', FLAVOR, '--wait',
                           'glance-vm1')
    assert first['status'] == 'ACTIVE'
    assert domain_state(first['id']) == libvirt.VIR_DOMAIN_RUNNING
    shown = openstack_json(kg_env, 'server', 'show', first['id'])
    assert image['id'] in str(shown['image'])
    wait_for_marker(kg_env, first['id'])

    snapshot = openstack_json(kg_env, 'server', 'image', 'create', '--name',
                              'glance-vm1-snap', '--wait', first['id'])
    glance_image = openstack_json(kg_env, 'image', 'show', snapshot['id'])
    assert glance_image['status'] == 'active'
    assert glance_image['owner'] == kg_env['projects']['demo']
    assert glance_image['disk_format'] == 'qcow2'
    assert glance_image['properties']['instance_uuid'] == first['id']
    assert glance_image['properties']['image_type'] == 'snapshot'
    # the first server is back to ACTIVE with no task
    shown = openstack_json(kg_env, 'server', 'show', first['id'])
    assert shown['status'] == 'ACTIVE'
    assert shown['OS-EXT-STS:task_state'] is None

    # Image properties reach the guest's definition: a SATA root disk.
    openstack(kg_env, 'image', 'set', '--property', 'hw_disk_bus=sata',
              snapshot['id'])
    second = openstack_json(kg_env, 'server', 'create', '--image',
                            snapshot['id'], '--flavor', FLAVOR, '--wait',
                            'glance-vm2')
    assert second['status'] == 'ACTIVE'
    wait_for_marker(kg_env, second['id'])
    assert root_disk_target(second['id']) == ('sda', 'sata')

    # Rebuild the first server from the snapshot (image-backed rebuild).
    before = openstack(kg_env, 'console', 'log', 'show', first['id']).stdout
    openstack(kg_env, 'server', 'rebuild', '--image', snapshot['id'],
              '--wait', first['id'])
    shown = openstack_json(kg_env, 'server', 'show', first['id'])
    assert shown['status'] == 'ACTIVE'
    assert snapshot['id'] in str(shown['image'])
    wait_for_marker(kg_env, first['id'], unlike=before)

    # Shelve the second: its disk goes to Glance and the host is freed;
    # unshelve schedules it again from that image, which is then deleted.
    openstack(kg_env, 'server', 'shelve', '--wait', second['id'])
    shown = openstack_json(kg_env, 'server', 'show', second['id'])
    assert shown['status'] == 'SHELVED_OFFLOADED'
    assert domain_state(second['id']) is None
    shelved = openstack_json(kg_env, 'image', 'list', '--private', '--name',
                             'glance-vm2-shelved')
    assert [i['Status'] for i in shelved] == ['active']
    before = openstack(kg_env, 'console', 'log', 'show', second['id'],
                       check=False).stdout
    openstack(kg_env, 'server', 'unshelve', '--wait', second['id'])
    shown = openstack_json(kg_env, 'server', 'show', second['id'])
    assert shown['status'] == 'ACTIVE'
    assert snapshot['id'] in str(shown['image'])
    wait_for_marker(kg_env, second['id'], unlike=before)
    assert openstack_json(kg_env, 'image', 'list', '--private', '--name',
                          'glance-vm2-shelved') == []

    openstack(kg_env, 'server', 'delete', '--wait', first['id'],
              second['id'])
    listed = openstack_json(kg_env, 'server', 'list')
    assert not {s['ID'] for s in listed} & {first['id'], second['id']}
    assert domain_state(first['id']) is None
    assert domain_state(second['id']) is None
    openstack(kg_env, 'image', 'delete', snapshot['id'])
