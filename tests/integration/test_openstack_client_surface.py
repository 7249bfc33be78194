"""The compute API surface driven by the unmodified python-openstackclient
(the `openstack` CLI) and openstacksdk against the four daemons over
RabbitMQ (MariaDB, fake virt driver, two computes): servers and their
actions and sub-resources, flavors, keypairs, availability zones,
aggregates, services, hypervisors, server groups, quotas, limits, usage
and migrations.

The clouds.yaml is the one the README documents for noauth2
(`auth_type: none` with compute, image and identity endpoint overrides).
Without Keystone there is no service catalog, so OSC assumes a Cinder and
a Neutron exist; commands that also call them are given the flag that
limits them to compute (`--compute`) or, where OSC has none, are covered
through openstacksdk instead (see the comments at each).

The tests of this module run in file order and share two servers: `vm1`
(booted with every option `server create` offers without networking or
volumes) and `vm2` (the resize-revert subject).
"""
import contextlib
import io
import json
import os
import subprocess
import time
from unittest import mock

import pytest

from tests.integration import deployment as deployment_mod
from tests.integration import services

IMAGE = 'nova-lite-tiny'
HOSTS = ('cmp1', 'cmp2')
COMPUTE = 'nova-compute'


@pytest.fixture(scope='module')
def deployment(tmp_path_factory, transport_url):
    with services.mysql_database() as db_url:
        dep = deployment_mod.Deployment(
            str(tmp_path_factory.mktemp('deploy')), transport_url, db_url,
            computes=HOSTS)
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
        '    identity_endpoint_override: %(e)s/identity\n' %
        {'e': deployment.endpoint})
    return {'OS_CLIENT_CONFIG_FILE': str(path), 'OS_CLOUD': 'nova-lite'}


class Client(object):
    """`openstack ...` as a user types it; JSON output parsed.

    The commands run through python-openstackclient's own entry point
    (openstackclient.shell.main's OpenStackShell) inside the test process:
    the same argument parsing, client manager and SDK calls as the console
    script, without paying the ~1.5 s interpreter and plugin start-up a
    hundred times over. test_openstack_client.py runs the console script
    itself.
    """

    def __init__(self, cloud):
        self.cloud = cloud

    def run(self, *args, version=None, check=True):
        from openstackclient import shell
        argv = []
        if version:
            argv += ['--os-compute-api-version', version]
        argv += list(args)
        out, err = io.StringIO(), io.StringIO()
        with mock.patch.dict(os.environ, self.cloud), \
                contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            try:
                code = shell.OpenStackShell().run(argv)
            except SystemExit as exc:    # argparse errors
                code = exc.code
        result = subprocess.CompletedProcess(['openstack'] + argv, code,
                                             out.getvalue(), err.getvalue())
        if check:
            assert code == 0, 'openstack %s\n%s' % (' '.join(argv),
                                                     result.stderr)
        return result

    def __call__(self, *args, version=None):
        """Run a command; its stdout (stripped)."""
        return self.run(*args, version=version).stdout.strip()

    def json(self, *args, version=None):
        text = self.run(*(args + ('-f', 'json')), version=version).stdout
        # `--wait` prints its progress ("Complete") before the document.
        starts = [i for i in (text.find('{'), text.find('[')) if i >= 0]
        return json.loads(text[min(starts):])

    def fails(self, *args, version=None):
        """Run a command that must fail; its stderr."""
        out = self.run(*args, version=version, check=False)
        assert out.returncode != 0, out.stdout
        return out.stderr


@pytest.fixture(scope='module')
def osc(cloud):
    return Client(cloud)


def settle(deployment, server_id, status='ACTIVE', timeout=60):
    """Wait (over REST, faster than OSC's 5 s polling) until the server
    has `status` and no task in progress; its body."""
    def done():
        body = deployment.server(server_id)
        assert body is not None, 'server %s vanished' % server_id
        assert body['status'] != 'ERROR' or status == 'ERROR', body
        if body['status'] == status and \
                body['OS-EXT-STS:task_state'] is None:
            return body
        return None
    return deployment_mod.wait_for(done, timeout=timeout, poll=0.2)


# -- flavors ----------------------------------------------------------------

def test_flavor_create_show_set_unset_list_delete(osc):
    flavor = osc.json('flavor', 'create', '--ram', '256', '--disk', '1',
                      '--vcpus', '1', '--property', 'hw:cpu_policy=shared',
                      'osc-flavor')
    assert (flavor['name'], flavor['ram'], flavor['disk'],
            flavor['vcpus']) == ('osc-flavor', 256, 1, 1)
    assert flavor['os-flavor-access:is_public'] is True
    assert flavor['properties'] == {'hw:cpu_policy': 'shared'}

    osc('flavor', 'set', '--property', 'hw:mem_page_size=small',
        'osc-flavor')
    osc('flavor', 'unset', '--property', 'hw:cpu_policy', 'osc-flavor')
    # Flavor descriptions arrived with microversion 2.55.
    osc('flavor', 'set', '--description', 'made by OSC', 'osc-flavor',
        version='2.55')
    shown = osc.json('flavor', 'show', 'osc-flavor', version='2.55')
    assert shown['id'] == flavor['id']
    assert shown['properties'] == {'hw:mem_page_size': 'small'}
    assert shown['description'] == 'made by OSC'

    listed = {f['Name']: f for f in osc.json('flavor', 'list', '--long')}
    assert {'m1.tiny', 'm1.nano', 'osc-flavor'} <= set(listed)
    assert listed['osc-flavor']['Properties'] == {
        'hw:mem_page_size': 'small'}

    osc('flavor', 'delete', 'osc-flavor')
    assert 'osc-flavor' not in osc('flavor', 'list', '-f', 'value',
                                   '-c', 'Name').split()
    osc.fails('flavor', 'show', flavor['id'])


def test_private_flavor_project_access(osc):
    # With noauth2 a project is whatever the caller names: the identity
    # lookups OSC makes first are answered by nova-lite-api itself.
    flavor = osc.json('flavor', 'create', '--private', '--ram', '64',
                      '--disk', '1', '--vcpus', '1', '--project',
                      'project-a', 'osc-private')
    assert flavor['os-flavor-access:is_public'] is False
    osc('flavor', 'set', '--project', 'project-b', 'osc-private')
    shown = osc.json('flavor', 'show', 'osc-private')
    assert sorted(shown['access_project_ids']) == ['project-a',
                                                   'project-b']
    osc('flavor', 'unset', '--project', 'project-a', 'osc-private')
    assert osc.json('flavor', 'show', 'osc-private')[
        'access_project_ids'] == ['project-b']
    # Public flavors by default; --private lists the admin's private ones.
    assert 'osc-private' not in osc('flavor', 'list', '-f', 'value', '-c',
                                    'Name').split()
    assert 'osc-private' in osc('flavor', 'list', '--private', '-f',
                                'value', '-c', 'Name').split()
    osc('flavor', 'delete', 'osc-private')


# -- keypairs ---------------------------------------------------------------

def test_keypairs(osc, tmp_path):
    generated = osc('keypair', 'create', 'osc-generated')
    assert 'PRIVATE KEY' in generated
    subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f',
                    str(tmp_path / 'key')], check=True)
    public = (tmp_path / 'key.pub').read_text().strip()
    imported = osc.json('keypair', 'create', '--public-key',
                        str(tmp_path / 'key.pub'), 'osc-imported')
    assert imported['name'] == 'osc-imported'
    assert imported['type'] == 'ssh'
    listed = {k['Name']: k for k in osc.json('keypair', 'list')}
    assert set(listed) == {'osc-generated', 'osc-imported'}
    assert listed['osc-imported']['Fingerprint'] == imported['fingerprint']
    shown = osc.json('keypair', 'show', 'osc-imported')
    assert shown['fingerprint'] == imported['fingerprint']
    assert shown['user_id'] == 'admin'
    assert osc('keypair', 'show', '--public-key',
               'osc-imported') == public
    osc('keypair', 'delete', 'osc-generated')
    assert [k['Name'] for k in osc.json('keypair', 'list')] == [
        'osc-imported']
    osc('keypair', 'delete', 'osc-imported')


# -- admin views: aggregates, availability zones, services, hypervisors -----

def test_aggregates_and_availability_zones(osc):
    agg = osc.json('aggregate', 'create', '--zone', 'az-osc', '--property',
                   'ssd=true', 'osc-agg')
    assert agg['availability_zone'] == 'az-osc'
    assert agg['properties'] == {'availability_zone': 'az-osc',
                                 'ssd': 'true'}
    assert osc.json('aggregate', 'add', 'host', 'osc-agg',
                    'cmp2')['hosts'] == ['cmp2']
    osc('aggregate', 'set', '--property', 'gpu=none', '--name', 'osc-agg2',
        'osc-agg')
    shown = osc.json('aggregate', 'show', 'osc-agg2')
    assert shown['id'] == agg['id']
    assert shown['hosts'] == ['cmp2']
    assert shown['properties'] == {'ssd': 'true', 'gpu': 'none'}
    assert [a['Name'] for a in osc.json('aggregate', 'list', '--long')] == [
        'osc-agg2']

    # `availability zone list` without --compute also asks Neutron and
    # Cinder for their zones; nova_lite has neither (no networking or
    # volume service yet).
    zones = osc.json('availability', 'zone', 'list', '--compute')
    assert {(z['Zone Name'], z['Zone Status']) for z in zones} == {
        ('internal', 'available'), ('nova', 'available'),
        ('az-osc', 'available')}
    long = osc.json('availability', 'zone', 'list', '--compute', '--long')
    by_host = {(z['Host Name'], z['Service Name']): z['Zone Name']
               for z in long}
    assert by_host[('cmp1', COMPUTE)] == 'nova'
    assert by_host[('cmp2', COMPUTE)] == 'az-osc'
    assert by_host[('controller', 'nova-conductor')] == 'internal'

    osc('aggregate', 'unset', '--property', 'gpu', 'osc-agg2')
    removed = osc.json('aggregate', 'remove', 'host', 'osc-agg2', 'cmp2')
    assert removed['hosts'] == []
    assert 'gpu' not in removed['properties']
    osc('aggregate', 'delete', 'osc-agg2')
    assert osc.json('aggregate', 'list') == []
    assert 'az-osc' not in {z['Zone Name'] for z in osc.json(
        'availability', 'zone', 'list', '--compute')}


def test_compute_services(osc):
    listed = osc.json('compute', 'service', 'list')
    assert sorted((s['Binary'], s['Host'], s['State'], s['Status'])
                  for s in listed) == [
        (COMPUTE, 'cmp1', 'up', 'enabled'),
        (COMPUTE, 'cmp2', 'up', 'enabled'),
        ('nova-conductor', 'controller', 'up', 'enabled'),
        ('nova-scheduler', 'controller', 'up', 'enabled')]
    osc('compute', 'service', 'set', '--disable', '--disable-reason',
        'maintenance', 'cmp2', COMPUTE)
    [cmp2] = osc.json('compute', 'service', 'list', '--long', '--host',
                      'cmp2')
    assert (cmp2['Status'], cmp2['Disabled Reason']) == ('disabled',
                                                         'maintenance')
    osc('compute', 'service', 'set', '--enable', 'cmp2', COMPUTE)
    [cmp2] = osc.json('compute', 'service', 'list', '--long', '--service',
                      COMPUTE, '--host', 'cmp2')
    assert (cmp2['Status'], cmp2['Disabled Reason']) == ('enabled', None)


def test_hypervisors(osc):
    listed = osc.json('hypervisor', 'list')
    assert sorted((h['Hypervisor Hostname'], h['Hypervisor Type'],
                   h['State']) for h in listed) == [
        ('cmp1', 'fake', 'up'), ('cmp2', 'fake', 'up')]
    shown = osc.json('hypervisor', 'show', 'cmp1')
    assert (shown['hypervisor_hostname'], shown['service_host'],
            shown['state'], shown['status']) == ('cmp1', 'cmp1', 'up',
                                                 'enabled')
    # os-hypervisors/statistics exists up to microversion 2.87.
    stats = osc.json('hypervisor', 'stats', 'show', version='2.87')
    assert stats['count'] == 2
    assert stats['vcpus'] > 0 and stats['memory_mb'] > 0


# -- servers ----------------------------------------------------------------

@pytest.fixture(scope='module')
def group(osc):
    group = osc.json('server', 'group', 'create', '--policy',
                     'anti-affinity', 'osc-group')
    yield group
    osc.run('server', 'group', 'delete', group['id'], check=False)


@pytest.fixture(scope='module')
def vm1(osc, group, tmp_path_factory):
    keyfile = tmp_path_factory.mktemp('vm1key') / 'key'
    subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f',
                    str(keyfile)], check=True)
    osc('keypair', 'create', '--public-key', str(keyfile) + '.pub',
        'osc-vm-key')
    # Server tags at create time need microversion 2.52.
    server = osc.json(
        'server', 'create', '--flavor', 'm1.nano', '--image', IMAGE,
        '--key-name', 'osc-vm-key', '--property', 'role=web',
        '--availability-zone', 'nova', '--hint', 'group=' + group['id'],
        '--tag', 'blue', '--tag', 'green', '--nic', 'none', '--wait', 'vm1',
        version='2.52')
    return server


def test_server_create_with_options(osc, vm1, group):
    assert vm1['status'] == 'ACTIVE'
    assert vm1['name'] == 'vm1'
    assert vm1['key_name'] == 'osc-vm-key'
    assert vm1['properties'] == {'role': 'web'}
    assert vm1['OS-EXT-AZ:availability_zone'] == 'nova'
    assert vm1['OS-EXT-SRV-ATTR:host'] in HOSTS
    assert sorted(vm1['tags']) == ['blue', 'green']
    assert vm1['flavor']['name'] == 'm1.nano'
    assert vm1['image'].startswith(IMAGE)
    shown = osc.json('server', 'group', 'show', 'osc-group')
    assert (shown['policy'], shown['members']) == ('anti-affinity',
                                                   [vm1['id']])
    assert [(g['Name'], g['Policy']) for g in osc.json(
        'server', 'group', 'list')] == [('osc-group', 'anti-affinity')]


@pytest.fixture(scope='module')
def vm2(deployment, osc, vm1):
    # Booted over REST: a second `server create --wait` would only add
    # OSC's polling time; it is driven with OSC from here on.
    server_id = deployment.boot('vm2', flavor='42')
    settle(deployment, server_id)
    return server_id


def test_server_list_and_show(osc, vm1, vm2):
    listed = {s['Name']: s for s in osc.json('server', 'list', '--long')}
    assert set(listed) == {'vm1', 'vm2'}
    assert listed['vm1']['Status'] == 'ACTIVE'
    assert listed['vm1']['Flavor'] == 'm1.nano'
    assert listed['vm1']['Image Name'] == IMAGE
    assert listed['vm1']['Availability Zone'] == 'nova'
    assert listed['vm1']['Host'] in HOSTS
    assert listed['vm1']['Properties'] == {'role': 'web'}
    assert [s['Name'] for s in osc.json('server', 'list', '--name',
                                        '^vm1$')] == ['vm1']
    assert sorted(s['Name'] for s in osc.json(
        'server', 'list', '--status', 'ACTIVE')) == ['vm1', 'vm2']
    assert osc.json('server', 'list', '--status', 'SHUTOFF') == []
    # Tag filters need microversion 2.26.
    assert [s['Name'] for s in osc.json('server', 'list', '--tags', 'blue',
                                        version='2.26')] == ['vm1']
    shown = osc.json('server', 'show', 'vm1')
    assert shown['id'] == vm1['id']
    assert shown['OS-EXT-STS:vm_state'] == 'active'
    assert shown['OS-EXT-STS:power_state'] in (1, 'Running')


def test_server_set_unset_and_tags(osc, vm1):
    osc('server', 'set', '--name', 'vm1-renamed', '--property', 'tier=2',
        '--description', 'set by OSC', '--tag', 'red', 'vm1')
    shown = osc.json('server', 'show', 'vm1-renamed')
    assert shown['properties'] == {'role': 'web', 'tier': '2'}
    assert shown['description'] == 'set by OSC'
    assert sorted(shown['tags']) == ['blue', 'green', 'red']
    osc('server', 'unset', '--property', 'role', '--tag', 'green',
        '--description', 'vm1-renamed')
    osc('server', 'set', '--name', 'vm1', 'vm1-renamed')
    shown = osc.json('server', 'show', 'vm1')
    assert shown['properties'] == {'tier': '2'}
    assert sorted(shown['tags']) == ['blue', 'red']
    assert shown['description'] in (None, '')


def test_pause_suspend_lock_rescue(deployment, osc, vm1):
    sid = vm1['id']
    osc('server', 'pause', 'vm1')
    settle(deployment, sid, 'PAUSED')
    osc('server', 'unpause', 'vm1')
    settle(deployment, sid)
    osc('server', 'suspend', 'vm1')
    settle(deployment, sid, 'SUSPENDED')
    osc('server', 'resume', 'vm1')
    settle(deployment, sid)
    # A lock reason needs microversion 2.73.
    osc('server', 'lock', '--reason', 'change freeze', 'vm1',
        version='2.73')
    shown = osc.json('server', 'show', 'vm1', version='2.73')
    assert (shown['locked'], shown['locked_reason']) == (True,
                                                         'change freeze')
    assert [s['Name'] for s in osc.json('server', 'list', '--locked',
                                        version='2.73')] == ['vm1']
    osc('server', 'unlock', 'vm1')
    assert osc.json('server', 'show', 'vm1', version='2.73')[
        'locked'] is False
    osc('server', 'rescue', 'vm1')
    settle(deployment, sid, 'RESCUE')
    osc('server', 'unrescue', 'vm1')
    settle(deployment, sid)


def test_reboot_stop_start(deployment, osc, vm1):
    osc('server', 'reboot', '--soft', '--wait', 'vm1')
    osc('server', 'reboot', '--hard', '--wait', 'vm1')
    assert osc('server', 'show', 'vm1', '-f', 'value', '-c',
               'status') == 'ACTIVE'
    osc('server', 'stop', 'vm1')
    body = settle(deployment, vm1['id'], 'SHUTOFF')
    assert body['OS-EXT-STS:power_state'] == 4
    osc('server', 'start', 'vm1')
    settle(deployment, vm1['id'])


def test_resize_confirm_and_rebuild(deployment, osc, vm1):
    before = osc.json('server', 'show', 'vm1')['OS-EXT-SRV-ATTR:host']
    osc('server', 'resize', '--flavor', 'm1.micro', '--wait', 'vm1')
    shown = osc.json('server', 'show', 'vm1')
    assert shown['status'] == 'VERIFY_RESIZE'
    # No resize to the same host by default: the other compute.
    assert shown['OS-EXT-SRV-ATTR:host'] != before
    osc('server', 'resize', 'confirm', 'vm1')
    body = settle(deployment, vm1['id'])
    assert body['flavor']['original_name'] == 'm1.micro'

    rebuilt = osc.json('server', 'rebuild', '--image', IMAGE, '--wait',
                       'vm1')
    # OSC prints the rebuild action's answer (taken as the rebuild
    # starts), then waits.
    assert rebuilt['status'] == 'REBUILD'
    assert rebuilt['image'].startswith(IMAGE)
    assert osc('server', 'show', 'vm1', '-f', 'value', '-c',
               'status') == 'ACTIVE'


def test_resize_revert(deployment, osc, vm2):
    osc('server', 'resize', '--flavor', 'm1.micro', '--wait', 'vm2')
    assert osc('server', 'show', 'vm2', '-f', 'value', '-c',
               'status') == 'VERIFY_RESIZE'
    osc('server', 'resize', 'revert', 'vm2')
    body = settle(deployment, vm2)
    assert body['flavor']['original_name'] == 'm1.nano'


def test_migrate_confirm_and_migration_list(deployment, osc, vm1):
    before = osc.json('server', 'show', 'vm1')['OS-EXT-SRV-ATTR:host']
    osc('server', 'migrate', '--wait', 'vm1')
    shown = osc.json('server', 'show', 'vm1')
    assert shown['status'] == 'VERIFY_RESIZE'
    assert shown['OS-EXT-SRV-ATTR:host'] != before
    osc('server', 'migration', 'confirm', 'vm1')
    settle(deployment, vm1['id'])

    # `server migration list` reads os-migrations.
    mine = osc.json('server', 'migration', 'list', '--server', 'vm1')
    assert sorted((m['Type'], m['Status']) for m in mine) == [
        ('migration', 'confirmed'), ('resize', 'confirmed')]
    assert {m['Server UUID'] for m in mine} == {vm1['id']}
    everything = osc.json('server', 'migration', 'list')
    assert ('resize', 'reverted') in {(m['Type'], m['Status'])
                                      for m in everything}
    assert [m['Type'] for m in osc.json(
        'server', 'migration', 'list', '--type', 'cold-migration')] == [
        'migration']


def test_instance_actions_and_console_log(osc, vm1):
    events = osc.json('server', 'event', 'list', 'vm1')
    actions = [e['Action'] for e in events]
    assert actions[-1] == 'create'
    assert {'create', 'pause', 'unpause', 'suspend', 'resume', 'lock',
            'unlock', 'rescue', 'unrescue', 'reboot', 'stop', 'start',
            'resize', 'confirmResize', 'rebuild', 'migrate'} <= set(actions)
    create = [e for e in events if e['Action'] == 'create'][0]
    shown = osc.json('server', 'event', 'show', 'vm1', create['Request ID'])
    assert shown['action'] == 'create'
    assert shown['request_id'] == create['Request ID']
    assert shown['events'] and all(ev['result'] == 'Success'
                                   for ev in shown['events'])

    log = osc('console', 'log', 'show', 'vm1')
    assert vm1['id'] in log
    assert len(osc('console', 'log', 'show', '--lines', '1',
                   'vm1').splitlines()) == 1


# -- quotas, limits, usage --------------------------------------------------

def test_quotas_and_usage(osc, vm1, vm2):
    # `quota show` without a project uses the token's project, which
    # auth_type none does not have: name it. --compute keeps OSC from
    # asking Cinder and Neutron, which nova_lite does not provide.
    quotas = {q['Resource']: q for q in osc.json(
        'quota', 'show', '--compute', '--usage', 'admin')}
    assert quotas['instances']['Limit'] == -1
    assert quotas['instances']['In Use'] == 2
    assert quotas['key-pairs']['Limit'] > 0
    assert quotas['server-groups']['In Use'] == 1
    # `quota set` and `limits show` have no --compute: without a service
    # catalog OSC always calls the block-storage (Cinder) API too, which
    # nova_lite does not have yet. openstacksdk covers them below
    # (test_openstacksdk_quotas_and_limits); `quota delete --compute`
    # reverts what the SDK sets.
    defaults = {q['Resource']: q['Limit'] for q in osc.json(
        'quota', 'show', '--compute', '--default', 'admin')}
    assert defaults['instances'] == -1

    usage = osc.json('usage', 'list')
    assert [u['Project'] for u in usage] == ['admin']
    shown = osc.json('usage', 'show', '--project', 'admin')
    names = {s['name'] for s in shown['Servers']}
    assert {'vm1', 'vm2'} <= names
    assert shown['CPU Hours'] > 0


def test_openstacksdk_quotas_and_limits(cloud, osc, vm1):
    conn = _sdk(cloud)
    compute = conn.compute
    compute.update_quota_set('admin', instances=25, cores=50)
    assert compute.get_quota_set('admin').instances == 25
    quotas = {q['Resource']: q['Limit'] for q in osc.json(
        'quota', 'show', '--compute', 'admin')}
    assert (quotas['instances'], quotas['cores']) == (25, 50)
    limits = compute.get_limits().absolute
    assert (limits.instances, limits.total_cores) == (25, 50)
    assert limits.instances_used == 2
    osc('quota', 'delete', '--compute', 'admin')
    assert compute.get_quota_set('admin').instances == -1


# -- the end of the servers -------------------------------------------------

def test_server_delete_and_group_delete(deployment, osc, vm1, vm2):
    osc('server', 'delete', '--wait', 'vm1', 'vm2')
    assert osc.json('server', 'list') == []
    deleted = osc.json('server', 'list', '--deleted')
    assert {(s['Name'], s['Status']) for s in deleted} == {
        ('vm1', 'DELETED'), ('vm2', 'DELETED')}
    osc('server', 'group', 'delete', 'osc-group')
    assert osc.json('server', 'group', 'list') == []
    osc('keypair', 'delete', 'osc-vm-key')


# -- openstacksdk -----------------------------------------------------------

def _sdk(cloud):
    import openstack
    os.environ.update(cloud)
    return openstack.connect(cloud='nova-lite')


def _sdk_settle(compute, server, status='ACTIVE', timeout=60):
    # wait_for_server returns at once when the cached status already
    # matches (ACTIVE before a reboot): poll fresh bodies instead.
    deadline = time.time() + timeout
    while time.time() < deadline:
        server = compute.get_server(server.id)
        assert server.status != 'ERROR' or status == 'ERROR', server.fault
        if server.status == status and not server.task_state:
            return server
        time.sleep(0.2)
    raise AssertionError('%s is %s, not %s' % (server.id, server.status,
                                               status))


@pytest.fixture
def sdk(cloud):
    conn = _sdk(cloud)
    yield conn
    for key in cloud:
        os.environ.pop(key, None)


def test_openstacksdk_surface(sdk, tmp_path):
    compute = sdk.compute
    image = sdk.image.find_image(IMAGE)
    nano = compute.find_flavor('m1.nano')
    micro = compute.find_flavor('m1.micro')
    assert {'m1.tiny', 'm1.nano', 'm1.micro'} <= {
        f.name for f in compute.flavors()}

    subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f',
                    str(tmp_path / 'key')], check=True)
    keypair = compute.create_keypair(
        name='sdk-key', public_key=(tmp_path / 'key.pub').read_text())
    assert [k.name for k in compute.keypairs()] == ['sdk-key']
    assert compute.get_keypair('sdk-key').fingerprint == keypair.fingerprint

    group = compute.create_server_group(name='sdk-group',
                                        policy='anti-affinity')
    assert group.policy == 'anti-affinity'

    server = compute.create_server(
        name='sdk-vm', image_id=image.id, flavor_id=nano.id,
        networks='none', key_name='sdk-key', metadata={'a': '1'},
        scheduler_hints={'group': group.id})
    server = compute.wait_for_server(server, wait=60, interval=0.3)
    assert server.status == 'ACTIVE'
    assert server.key_name == 'sdk-key'
    assert compute.get_server_group(group.id).member_ids == [server.id]

    compute.pause_server(server)
    _sdk_settle(compute, server, 'PAUSED')
    compute.unpause_server(server)
    _sdk_settle(compute, server)
    compute.reboot_server(server, 'SOFT')
    _sdk_settle(compute, server)
    compute.stop_server(server)
    _sdk_settle(compute, server, 'SHUTOFF')
    compute.start_server(server)
    server = _sdk_settle(compute, server)

    source = server.compute_host
    compute.resize_server(server, micro.id)
    server = _sdk_settle(compute, server, 'VERIFY_RESIZE')
    assert server.compute_host != source
    compute.confirm_server_resize(server)
    server = _sdk_settle(compute, server)
    assert server.flavor.name == 'm1.micro'

    compute.set_server_metadata(server, b='2')
    assert compute.get_server_metadata(server).metadata == {'a': '1',
                                                            'b': '2'}
    compute.delete_server_metadata(server, ['a'])
    assert compute.get_server_metadata(server).metadata == {'b': '2'}

    server.add_tag(compute, 'x')
    server.add_tag(compute, 'y')
    server.remove_tag(compute, 'x')
    assert compute.get_server(server.id).tags == ['y']
    server.set_tags(compute, ['p', 'q'])
    assert sorted(server.fetch_tags(compute).tags) == ['p', 'q']

    assert sorted((h.name, h.state, h.status)
                  for h in compute.hypervisors(details=True)) == [
        ('cmp1', 'up', 'enabled'), ('cmp2', 'up', 'enabled')]
    assert sorted((s.binary, s.host) for s in compute.services()) == [
        (COMPUTE, 'cmp1'), (COMPUTE, 'cmp2'),
        ('nova-conductor', 'controller'),
        ('nova-scheduler', 'controller')]
    assert {z.name for z in compute.availability_zones()} == {'nova'}
    assert {z.name for z in compute.availability_zones(details=True)} == {
        'nova', 'internal'}

    compute.delete_server(server)
    compute.wait_for_delete(server, wait=60, interval=0.3)
    compute.delete_server_group(group)
    compute.delete_keypair('sdk-key')
    assert list(compute.servers()) == []


def test_openstacksdk_anti_affinity_holds_on_resize(sdk):
    """Two anti-affinity members on the two computes: resizing one has
    nowhere to go (not the other member's host, not its own host), so the
    resize fails like Nova's: NoValidHost recorded on the action, server
    back to ACTIVE on its flavor."""
    compute = sdk.compute
    image = sdk.image.find_image(IMAGE)
    nano = compute.find_flavor('m1.nano')
    group = compute.create_server_group(name='sdk-aa',
                                        policy='anti-affinity')
    members = [compute.create_server(
        name='aa-%d' % i, image_id=image.id, flavor_id=nano.id,
        networks='none', scheduler_hints={'group': group.id})
        for i in range(2)]
    members = [compute.wait_for_server(s, wait=60, interval=0.3)
               for s in members]
    assert sorted(s.compute_host for s in members) == list(HOSTS)

    first = members[0]
    compute.resize_server(first, compute.find_flavor('m1.micro').id)
    deadline = time.time() + 30
    while time.time() < deadline:
        action = [a for a in compute.server_actions(first)
                  if a.action == 'resize'][0]
        action = compute.get_server_action(action.request_id, first)
        if action.message:
            break
        time.sleep(0.2)
    assert action.message == 'Error'
    first = _sdk_settle(compute, first)
    assert first.flavor.name == 'm1.nano'
    assert first.compute_host == members[0].compute_host

    for server in members:
        compute.delete_server(server)
    for server in members:
        compute.wait_for_delete(server, wait=60, interval=0.3)
    compute.delete_server_group(group)


def test_no_errors_logged(deployment):
    assert deployment.errors_in_logs() == {}
