"""Unmodified python-openstackclient (with osc-placement) and openstacksdk
against the four daemons over RabbitMQ, configured exactly as the README
says."""
import json
import os
import subprocess
import sys

import pytest

from tests.integration import deployment as deployment_mod
from tests.integration import services

OPENSTACK = os.path.join(os.path.dirname(sys.executable), 'openstack')


@pytest.fixture(scope='module')
def deployment(tmp_path_factory, transport_url):
    with services.mysql_database() as db_url:
        dep = deployment_mod.Deployment(
            str(tmp_path_factory.mktemp('deploy')), transport_url, db_url,
            computes=('cmp1',))
        dep.start()
        yield dep
        dep.stop()


@pytest.fixture(scope='module')
def cloud(deployment, tmp_path_factory):
    path = tmp_path_factory.mktemp('osc') / 'clouds.yaml'
    path.write_text(
        'clouds:\n'
        '  nova-lite:\n'
        '    auth_type: none\n'
        '    compute_endpoint_override: %(e)s/v2.1\n'
        '    image_endpoint_override: %(e)s/image\n'
        '    identity_endpoint_override: %(e)s/identity\n'
        # osc-placement asks the auth plugin for its endpoint, which
        # without Keystone is auth's `endpoint` (as the README says)
        '  nova-lite-placement:\n'
        '    auth_type: none\n'
        '    auth:\n'
        '      endpoint: %(e)s/placement\n'
        '    compute_endpoint_override: %(e)s/v2.1\n'
        '    image_endpoint_override: %(e)s/image\n'
        '    identity_endpoint_override: %(e)s/identity\n'
        '    placement_endpoint_override: %(e)s/placement\n' %
        {'e': deployment.endpoint})
    return {'OS_CLIENT_CONFIG_FILE': str(path), 'OS_CLOUD': 'nova-lite'}


@pytest.fixture(scope='module')
def placement_cloud(cloud):
    return dict(cloud, OS_CLOUD='nova-lite-placement')


def _openstack(cloud, *args):
    env = dict(os.environ, **cloud)
    out = subprocess.run([OPENSTACK] + list(args), env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_openstackclient_create_list_show_delete(cloud):
    server = json.loads(_openstack(
        cloud, 'server', 'create', '--flavor', 'm1.tiny', '--image',
        'nova-lite-tiny', '--wait', '-f', 'json', 'vm1'))
    assert server['status'] == 'ACTIVE'
    assert server['name'] == 'vm1'
    listed = json.loads(_openstack(cloud, 'server', 'list', '-f', 'json'))
    assert [(s['Name'], s['Status'], s['Flavor'], s['Image'])
            for s in listed] == [('vm1', 'ACTIVE', 'm1.tiny',
                                  'nova-lite-tiny')]
    shown = json.loads(_openstack(cloud, 'server', 'show', 'vm1', '-f',
                                  'json'))
    assert shown['id'] == server['id']
    _openstack(cloud, 'server', 'stop', 'vm1')
    _openstack(cloud, 'server', 'delete', '--wait', 'vm1')
    assert json.loads(_openstack(cloud, 'server', 'list', '-f',
                                 'json')) == []


def test_flavor_and_image_lists(cloud):
    flavors = json.loads(_openstack(cloud, 'flavor', 'list', '-f', 'json'))
    assert {'m1.tiny', 'm1.nano'} <= {f['Name'] for f in flavors}
    images = json.loads(_openstack(cloud, 'image', 'list', '-f', 'json'))
    assert [i['Name'] for i in images] == ['nova-lite-tiny']


def test_openstacksdk_boot_and_delete(cloud):
    import openstack
    os.environ.update(cloud)
    try:
        conn = openstack.connect(cloud='nova-lite')
        image = conn.image.find_image('nova-lite-tiny')
        flavor = conn.compute.find_flavor('m1.nano')
        server = conn.compute.create_server(
            name='sdk-vm', image_id=image.id, flavor_id=flavor.id,
            networks='none')
        server = conn.compute.wait_for_server(server, wait=60, interval=0.5)
        assert server.status == 'ACTIVE'
        assert server.flavor.name == 'm1.nano'
        assert [s.name for s in conn.compute.servers()] == ['sdk-vm']
        conn.compute.delete_server(server)
        conn.compute.wait_for_delete(server, wait=60, interval=0.5)
    finally:
        for key in cloud:
            os.environ.pop(key, None)


# -- the Placement view (osc-placement, openstacksdk) --------------------

def _json(cloud, *args):
    return json.loads(_openstack(cloud, *(args + ('-f', 'json'))))


def test_provider_list_inventory_and_usage(cloud, placement_cloud):
    providers = _json(placement_cloud, 'resource', 'provider', 'list')
    assert [p['name'] for p in providers] == ['cmp1']
    rp = providers[0]['uuid']
    inventory = {i['resource_class']: i for i in _json(
        placement_cloud, 'resource', 'provider', 'inventory', 'list', rp)}
    assert set(inventory) == {'VCPU', 'MEMORY_MB', 'DISK_GB'}
    assert inventory['MEMORY_MB']['reserved'] == 512
    assert inventory['VCPU']['allocation_ratio'] == 4.0
    before = {u['resource_class']: u['usage'] for u in _json(
        placement_cloud, 'resource', 'provider', 'usage', 'show', rp)}

    server = _json(cloud, 'server', 'create', '--flavor', 'm1.tiny',
                   '--image', 'nova-lite-tiny', '--wait', 'plc-vm')
    try:
        during = {u['resource_class']: u['usage'] for u in _json(
            placement_cloud, 'resource', 'provider', 'usage', 'show', rp)}
        # m1.tiny: 1 vCPU, 512 MB, 1 GB
        assert {rc: during[rc] - before[rc] for rc in during} == {
            'VCPU': 1, 'MEMORY_MB': 512, 'DISK_GB': 1}
        allocations = _json(placement_cloud, '--os-placement-api-version',
                            '1.12', 'resource', 'provider', 'allocation',
                            'show', server['id'])
        assert [(a['resource_provider'], a['resources']) for a in
                allocations] == [(rp, {'VCPU': 1, 'MEMORY_MB': 512,
                                       'DISK_GB': 1})]
    finally:
        _openstack(cloud, 'server', 'delete', '--wait', 'plc-vm')
    after = {u['resource_class']: u['usage'] for u in _json(
        placement_cloud, 'resource', 'provider', 'usage', 'show', rp)}
    assert after == before


def test_a_write_is_refused(placement_cloud):
    rp = _json(placement_cloud, 'resource', 'provider', 'list')[0]['uuid']
    env = dict(os.environ, **placement_cloud)
    out = subprocess.run(
        [OPENSTACK, 'resource', 'provider', 'set', '--name', 'renamed', rp],
        env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode != 0
    assert '405' in out.stderr or 'Method Not Allowed' in out.stderr
