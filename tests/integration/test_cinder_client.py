"""nova_lite.volume.cinder against a real Cinder 29.0.0 (API, scheduler,
volume service with its NFS driver on a bind-mounted share) beside real
Keystone and Glance (tools/start-keystone-glance.sh with CINDER_PORT),
as the demo user with nova's service token: the volume states Nova relies
on through the attachments API (3.44), os-brick's connector and the NFS
connection_info, snapshots, a volume from the Glance test image, and the
errors Nova maps.

The first run builds the Keystone, Glance and Cinder virtualenvs (minutes;
cached under tools/.cache/venvs/).
"""
import os
import subprocess
import time

import pytest
from oslo_config import cfg

from nova_lite import conf as nl_conf
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite.volume import cinder
from tests.integration import keystone_glance

pytestmark = pytest.mark.slow

INSTANCE = '3e4f5061-7283-4a4b-b5c6-d7e8f90a1b2c'
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def _require_root_and_rabbit():
    if os.geteuid() != 0:
        pytest.fail('Cinder\'s NFS share is a bind mount: run as root',
                    pytrace=False)


@pytest.fixture(scope='module')
def env(tmp_path_factory):
    _require_root_and_rabbit()
    with keystone_glance.running(tmp_path_factory.mktemp('kgc'),
                                 cinder=True) as data:
        yield data


def make_conf(env, path):
    """A config with nova's [service_user] token (Cinder lets only a
    service delete the attachment of an attached volume) and os-brick's
    NFS mounts where Cinder's are (the share is mounted there)."""
    lines = ['[service_user]'] + ['%s = %s' % kv for kv in
                                  sorted(env['service_user'].items())]
    lines += ['[libvirt]', 'nfs_mount_point_base = %s' %
              env['cinder']['mount_point_base']]
    path.write_text('\n'.join(lines) + '\n')
    conf = cfg.ConfigOpts()
    nl_conf.cinder.register_opts(conf)
    nl_conf.service_user.register_opts(conf)
    nl_conf.libvirt.register_opts(conf)
    nl_conf.default.register_opts(conf)
    conf([], project='nova-lite', default_config_files=[str(path)],
         default_config_dirs=[])
    return conf


def make_context(env, user='demo', project='demo'):
    token, body = keystone_glance.password_token(env, user, project)
    return nl_context.RequestContext(
        user_id=body['user']['id'], project_id=body['project']['id'],
        auth_token=token, service_catalog=body['catalog'],
        roles=[r['name'] for r in body['roles']])


@pytest.fixture(scope='module')
def conf(env, tmp_path_factory):
    return make_conf(env, tmp_path_factory.mktemp('conf') /
                     'nova-lite.conf')


@pytest.fixture
def ctx(env):
    return make_context(env)


@pytest.fixture(scope='module')
def api(conf):
    return cinder.API(conf)


def wait_status(api, ctx, volume_id, *statuses, timeout=120):
    deadline = time.monotonic() + timeout
    while True:
        vol = api.get(ctx, volume_id)
        if vol['status'] in statuses:
            return vol
        assert vol['status'] != 'error', vol
        assert time.monotonic() < deadline, vol
        time.sleep(0.5)


def wait_gone(get, *args, exc=exception.VolumeNotFound, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            get(*args)
        except exc:
            return
        time.sleep(0.5)
    pytest.fail('%s%r still there' % (get.__name__, args))


@pytest.fixture
def volume(api, ctx):
    vol = api.create(ctx, 1, 'nl-client', 'nova_lite client test')
    vol = wait_status(api, ctx, vol['id'], 'available')
    yield vol
    try:
        for server, att in (api.get(ctx, vol['id']).get('attachments')
                            or {}).items():
            api.attachment_delete(ctx, att['attachment_id'])
        api.delete(ctx, vol['id'])
    except exception.VolumeNotFound:
        pass


def test_catalog_has_block_storage(env, conf, ctx):
    assert cinder.is_configured(conf, ctx)
    assert env['cinder']['url'] in env['volume_url']


def test_create_is_available(api, ctx, volume):
    assert volume['size'] == 1
    assert volume['attach_status'] == 'detached'
    assert volume['display_name'] == 'nl-client'
    assert volume['bootable'] is False


def test_attachment_flow_with_os_brick_connector(api, ctx, conf, env,
                                                 volume):
    from nova_lite.virt.libvirt.volume import brick
    att = api.attachment_create(ctx, volume['id'], INSTANCE)
    assert api.get(ctx, volume['id'])['status'] == 'reserved'
    assert not att['connection_info']

    connector = brick.connector_properties(conf, 'nl-compute-1')
    assert connector['host'] == 'nl-compute-1'
    att = api.attachment_update(ctx, att['id'], connector, '/dev/vdb')
    info = att['connection_info']
    assert info['driver_volume_type'] == 'nfs'
    assert info['data']['export'] == env['cinder']['share']
    assert info['data']['name'] == 'volume-' + volume['id']
    assert api.attachment_get(ctx, att['id'])['id'] == att['id']

    # os-brick finds the share mounted where Cinder mounted it
    brick_connector = brick.connector('NFS', conf)
    device = brick_connector.connect_volume(info['data'])
    assert device['path'] == os.path.join(env['cinder']['mount'],
                                          'volume-' + volume['id'])
    assert os.path.getsize(device['path']) == 1024 ** 3

    api.attachment_complete(ctx, att['id'])
    vol = api.get(ctx, volume['id'])
    assert vol['status'] == 'in-use'
    assert vol['attach_status'] == 'attached'
    assert vol['attachments'] == {INSTANCE: {
        'attachment_id': att['id'], 'mountpoint': '/dev/vdb'}}

    brick_connector.disconnect_volume(info['data'], None)
    api.attachment_delete(ctx, att['id'])
    vol = wait_status(api, ctx, volume['id'], 'available')
    assert 'attachments' not in vol
    with pytest.raises(exception.VolumeAttachmentNotFound):
        api.attachment_get(ctx, att['id'])
    api.attachment_delete(ctx, att['id'])    # already gone: ignored


def test_snapshot_create_and_delete(api, ctx, volume):
    snap = api.create_snapshot_force(ctx, volume['id'], 'nl-snap', 'd')
    assert snap['volume_id'] == volume['id']
    deadline = time.monotonic() + 120
    while snap['status'] != 'available':
        assert snap['status'] != 'error' and time.monotonic() < deadline
        time.sleep(0.5)
        snap = api.get_snapshot(ctx, snap['id'])
    assert snap['volume_size'] == 1
    api.delete_snapshot(ctx, snap['id'])
    wait_gone(api.get_snapshot, ctx, snap['id'],
              exc=exception.SnapshotNotFound)


def test_volume_from_the_glance_image_is_bootable(api, ctx, env):
    vol = api.create(ctx, 1, 'nl-from-image', '', image_id=env['image']['id'])
    try:
        vol = wait_status(api, ctx, vol['id'], 'available', timeout=300)
        assert vol['bootable'] is True
        assert vol['volume_image_metadata']['image_id'] == env['image']['id']
        # Cinder's NFS driver keeps it raw: the guest boots a raw copy
        path = os.path.join(env['cinder']['mount'], 'volume-' + vol['id'])
        out = subprocess.run(['qemu-img', 'info', '--output=json', path],
                             capture_output=True, text=True, check=True)
        assert '"format": "raw"' in out.stdout
    finally:
        api.delete(ctx, vol['id'])
    wait_gone(api.get, ctx, vol['id'])


def test_unknown_volume_is_volume_not_found(api, ctx):
    with pytest.raises(exception.VolumeNotFound):
        api.get(ctx, '00000000-0000-4000-8000-000000000000')
    with pytest.raises(exception.VolumeNotFound):
        api.attachment_create(ctx, '00000000-0000-4000-8000-000000000000',
                              INSTANCE)


def test_other_projects_volume_is_not_found(api, env, volume):
    other = make_context(env, 'demo2', 'demo2')
    with pytest.raises(exception.VolumeNotFound):
        api.get(other, volume['id'])


def test_limits(api, ctx):
    limits = api.get_absolute_limits(ctx)
    assert limits['maxTotalVolumes'] > 0
    assert 'totalVolumesUsed' in limits


def test_cinder_stopped_is_connection_failed(api, ctx, env):
    """Last: stops cinder-api, then starts it again for nothing else."""
    pidfile = env['cinder']['pidfiles']['cinder-api']
    with open(pidfile) as f:
        pid = int(f.read().strip())
    os.kill(pid, 15)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    with pytest.raises(exception.CinderConnectionFailed):
        api.get(ctx, '00000000-0000-4000-8000-000000000000')
