"""nova_lite's API behind keystonemiddleware with real Keystone tokens.

One real Keystone + Glance (tools/start-keystone-glance.sh) and one
multi-process deployment with ``[api] auth_strategy = keystone``; tokens
come from keystoneauth1 password auth. Checked through the REST API: Nova's
personas (admin, project member, project reader), project isolation (404,
not 403, for another project's server), admin-only APIs, all_tenants, and
401 with ``WWW-Authenticate`` for missing, wrong and revoked tokens.
"""
import json
import os
import subprocess
import sys

import pytest
import requests

from tests.integration import keystone_glance
from tests.integration.deployment import free_port
from tests.integration import deployment as deployment_mod
from tests.integration.deployment import wait_for
from tests.integration import services

pytestmark = pytest.mark.slow

OPENSTACK = os.path.join(os.path.dirname(sys.executable), 'openstack')
HEADERS = {'OpenStack-API-Version': 'compute 2.100'}
PERSONAS = (('admin', 'admin'), ('demo', 'demo'), ('demo-reader', 'demo'),
            ('demo2', 'demo2'))


@pytest.fixture(scope='module')
def api_port():
    return free_port()


@pytest.fixture(scope='module')
def kg_env(tmp_path_factory, api_port):
    """Keystone + Glance whose catalog's compute endpoint is our API."""
    with keystone_glance.running(tmp_path_factory.mktemp('keystone-glance'),
                                 api_port=api_port) as data:
        yield data


@pytest.fixture(scope='module')
def sessions(kg_env):
    return {user: keystone_glance.session(kg_env, user, project)
            for user, project in PERSONAS}


@pytest.fixture(scope='module')
def deployment(tmp_path_factory, transport_url, kg_env, sessions, api_port):
    authtoken = dict(kg_env['keystone_authtoken'])
    with services.mysql_database() as db_url:
        dep = deployment_mod.Deployment(
            str(tmp_path_factory.mktemp('deploy')), transport_url, db_url,
            port=api_port, token_provider=sessions['admin'].get_token,
            common={'api': {'auth_strategy': 'keystone'},
                    'keystone_authtoken': authtoken,
                    'service_user': dict(kg_env['service_user'])})
        dep.start()
        yield dep
        dep.stop()
        errors = dep.errors_in_logs()
        assert not errors, errors


class Client(object):
    """REST calls to nova_lite's API as one Keystone user."""

    def __init__(self, dep, session):
        self.dep = dep
        self.session = session

    def request(self, method, path, token=None, **kwargs):
        headers = dict(HEADERS)
        headers['X-Auth-Token'] = token or self.session.get_token()
        return requests.request(method, self.dep.endpoint + '/v2.1' + path,
                                headers=headers, timeout=60, **kwargs)

    def get(self, path, **kwargs):
        return self.request('GET', path, **kwargs)

    def post(self, path, body, **kwargs):
        return self.request('POST', path, json=body, **kwargs)

    def delete(self, path, **kwargs):
        return self.request('DELETE', path, **kwargs)

    def image_id(self):
        resp = requests.get(
            self.dep.endpoint + '/image/v2/images', timeout=30,
            headers={'X-Auth-Token': self.session.get_token()})
        assert resp.status_code == 200, resp.text
        return resp.json()['images'][0]['id']

    def boot(self, name):
        return self.post('/servers', {'server': {
            'name': name, 'flavorRef': '1', 'imageRef': self.image_id(),
            'networks': 'none'}})

    def server_ids(self, query=''):
        resp = self.get('/servers/detail' + query)
        assert resp.status_code == 200, resp.text
        return {s['id'] for s in resp.json()['servers']}


@pytest.fixture(scope='module')
def clients(deployment, sessions):
    return {user: Client(deployment, session)
            for user, session in sessions.items()}


def _wait_active(client, server_id):
    def active():
        body = client.get('/servers/' + server_id).json()['server']
        assert body['status'] != 'ERROR', body
        return body['status'] == 'ACTIVE' and body
    return wait_for(active, timeout=90)


@pytest.fixture(scope='module')
def demo_server(clients):
    resp = clients['demo'].boot('demo-vm')
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    _wait_active(clients['demo'], server_id)
    return server_id


@pytest.fixture(scope='module')
def demo2_server(clients):
    resp = clients['demo2'].boot('demo2-vm')
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    _wait_active(clients['demo2'], server_id)
    return server_id


def _forbidden(resp, action):
    assert resp.status_code == 403, (resp.status_code, resp.text)
    assert resp.json() == {'forbidden': {
        'code': 403,
        'message': "Policy doesn't allow %s to be performed." % action}}


# -- a member in its own project ---------------------------------------------

def test_member_boots_and_sees_its_server(clients, kg_env, demo_server):
    demo = clients['demo']
    body = demo.get('/servers/' + demo_server).json()['server']
    assert body['tenant_id'] == kg_env['projects']['demo']
    assert body['user_id'] == kg_env['users']['demo']['id']
    assert demo_server in demo.server_ids()
    listed = demo.get('/servers').json()['servers']
    assert demo_server in {s['id'] for s in listed}
    # the request context (from auth_token's headers) reached the action log
    actions = demo.get('/servers/%s/os-instance-actions' % demo_server)
    assert actions.status_code == 200, actions.text
    create = [a for a in actions.json()['instanceActions']
              if a['action'] == 'create'][0]
    assert create['user_id'] == kg_env['users']['demo']['id']
    assert create['project_id'] == kg_env['projects']['demo']
    assert create['request_id'].startswith('req-')


def test_other_project_gets_404_not_403(clients, demo_server):
    demo2 = clients['demo2']
    resp = demo2.get('/servers/' + demo_server)
    assert resp.status_code == 404, resp.text
    resp = demo2.post('/servers/%s/action' % demo_server, {'os-stop': None})
    assert resp.status_code == 404, resp.text
    resp = demo2.post('/servers/%s/action' % demo_server,
                      {'reboot': {'type': 'SOFT'}})
    assert resp.status_code == 404, resp.text
    resp = demo2.delete('/servers/' + demo_server)
    assert resp.status_code == 404, resp.text
    assert demo_server not in demo2.server_ids()
    listed = demo2.get('/servers').json()['servers']
    assert demo_server not in {s['id'] for s in listed}
    # still there for its owner
    assert clients['demo'].get('/servers/' + demo_server).status_code == 200


def test_reader_reads_but_cannot_write(clients, demo_server):
    reader = clients['demo-reader']
    assert reader.get('/servers/' + demo_server).status_code == 200
    assert demo_server in reader.server_ids()
    before = clients['admin'].server_ids('?all_tenants=1')
    _forbidden(reader.boot('reader-vm'), 'os_compute_api:servers:create')
    _forbidden(reader.delete('/servers/' + demo_server),
               'os_compute_api:servers:delete')
    _forbidden(reader.post('/servers/%s/action' % demo_server,
                           {'os-stop': None}),
               'os_compute_api:servers:stop')
    _forbidden(reader.post('/servers/%s/action' % demo_server,
                           {'reboot': {'type': 'SOFT'}}),
               'os_compute_api:servers:reboot')
    assert clients['admin'].server_ids('?all_tenants=1') == before
    body = clients['demo'].get('/servers/' + demo_server).json()['server']
    assert body['status'] == 'ACTIVE'


# -- admin-only APIs and all_tenants ----------------------------------------

@pytest.mark.parametrize('user', ['demo', 'demo-reader', 'demo2'])
def test_admin_only_apis_forbidden_to_project_users(clients, user):
    client = clients[user]
    _forbidden(client.get('/os-hypervisors'),
               'os_compute_api:os-hypervisors:list')
    _forbidden(client.get('/os-services'), 'os_compute_api:os-services:list')
    _forbidden(client.post('/flavors', {'flavor': {
        'name': 'nope-' + user, 'ram': 64, 'vcpus': 1, 'disk': 0}}),
        'os_compute_api:os-flavor-manage:create')
    flavors = clients['admin'].get('/flavors').json()['flavors']
    assert 'nope-' + user not in {f['name'] for f in flavors}


def test_admin_apis_allowed_to_admin(clients):
    admin = clients['admin']
    assert admin.get('/os-hypervisors').status_code == 200
    services_ = admin.get('/os-services').json()['services']
    assert {s['binary'] for s in services_} >= {
        'nova-compute', 'nova-conductor', 'nova-scheduler'}
    resp = admin.post('/flavors', {'flavor': {
        'name': 'ks-admin-flavor', 'ram': 64, 'vcpus': 1, 'disk': 0}})
    assert resp.status_code == 200, resp.text
    flavor_id = resp.json()['flavor']['id']
    assert admin.delete('/flavors/' + flavor_id).status_code == 202


def test_all_tenants_is_for_admin_only(clients, kg_env, demo_server,
                                       demo2_server):
    admin = clients['admin']
    everything = admin.server_ids('?all_tenants=1')
    assert {demo_server, demo2_server} <= everything
    # without all_tenants the admin sees its own project only
    assert not {demo_server, demo2_server} & admin.server_ids()
    # members: their own project only; all_tenants is a policy failure
    assert demo2_server not in clients['demo'].server_ids()
    assert demo_server not in clients['demo2'].server_ids()
    _forbidden(clients['demo'].get('/servers/detail?all_tenants=1'),
               'os_compute_api:servers:detail:get_all_tenants')
    _forbidden(clients['demo2'].get('/servers?all_tenants=1'),
               'os_compute_api:servers:index:get_all_tenants')
    # the admin may filter another project
    resp = admin.get('/servers/detail?all_tenants=1&project_id=' +
                     kg_env['projects']['demo2'])
    assert {s['id'] for s in resp.json()['servers']} == {demo2_server}


# -- tokens that are missing, wrong or revoked --------------------------------

def _unauthorized(resp, kg_env):
    assert resp.status_code == 401, (resp.status_code, resp.text)
    assert resp.headers['WWW-Authenticate'] == (
        'Keystone uri="%s"' % kg_env['keystone_authtoken'][
            'www_authenticate_uri'])


def test_missing_wrong_and_revoked_tokens_are_401(clients, kg_env,
                                                   deployment):
    admin = clients['admin']
    before = admin.server_ids('?all_tenants=1')
    boot = {'server': {'name': 'nope', 'flavorRef': '1',
                       'imageRef': admin.image_id(), 'networks': 'none'}}
    url = deployment.endpoint + '/v2.1/servers'

    # no token at all
    _unauthorized(requests.post(url, json=boot, headers=HEADERS,
                                timeout=30), kg_env)
    _unauthorized(requests.get(url, headers=HEADERS, timeout=30), kg_env)
    # a token Keystone never issued
    for bad in ('not-a-token', 'gAAAAAB' + 'x' * 180):
        headers = dict(HEADERS, **{'X-Auth-Token': bad})
        _unauthorized(requests.post(url, json=boot, headers=headers,
                                    timeout=30), kg_env)
    # a real token revoked in Keystone (before nova_lite ever cached it)
    victim = keystone_glance.session(kg_env, 'demo', 'demo')
    token = victim.get_token()
    resp = requests.delete(kg_env['auth_url'] + '/auth/tokens', timeout=30,
                           headers={'X-Auth-Token': token,
                                    'X-Subject-Token': token})
    assert resp.status_code == 204, resp.text
    headers = dict(HEADERS, **{'X-Auth-Token': token})
    _unauthorized(requests.post(url, json=boot, headers=headers,
                                timeout=30), kg_env)
    _unauthorized(requests.get(url, headers=headers, timeout=30), kg_env)
    # the image endpoint is behind the same auth
    _unauthorized(requests.get(deployment.endpoint + '/image/v2/images',
                               timeout=30), kg_env)
    # the version documents are not
    assert requests.get(deployment.endpoint + '/',
                        timeout=30).status_code == 200

    assert admin.server_ids('?all_tenants=1') == before


# -- the unmodified openstack client -------------------------------------------

def _openstack(kg_env, deployment, cloud, *args):
    env = dict(os.environ, OS_CLIENT_CONFIG_FILE=kg_env['clouds_yaml'],
               OS_CLOUD=cloud)
    for var in ('OS_AUTH_URL', 'OS_TOKEN', 'OS_URL', 'OS_PASSWORD',
                'OS_USERNAME', 'OS_PROJECT_NAME', 'OS_AUTH_TYPE',
                'OS_COMPUTE_API_VERSION'):
        env.pop(var, None)
    cmd = [OPENSTACK]
    catalog_url = kg_env['compute_url']
    if catalog_url != deployment.endpoint + '/v2.1':
        cmd.append('--os-compute-endpoint-override=%s/v2.1' %
                   deployment.endpoint)
    out = subprocess.run(cmd + list(args), env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_openstack_client_with_the_demo_cloud(clients, kg_env, deployment,
                                              demo_server, demo2_server):
    token = json.loads(_openstack(kg_env, deployment, 'demo', 'token',
                                  'issue', '-f', 'json'))
    assert token['project_id'] == kg_env['projects']['demo']
    # the token the CLI got works directly against the API
    resp = clients['demo'].get('/servers/' + demo_server, token=token['id'])
    assert resp.status_code == 200, resp.text
    listed = json.loads(_openstack(kg_env, deployment, 'demo', 'server',
                                   'list', '-f', 'json'))
    ids = {s['ID'] for s in listed}
    assert demo_server in ids
    assert demo2_server not in ids
    listed = json.loads(_openstack(kg_env, deployment, 'demo2', 'server',
                                   'list', '-f', 'json'))
    assert {s['ID'] for s in listed} >= {demo2_server}
    assert demo_server not in {s['ID'] for s in listed}


def test_placement_through_the_catalog(sessions, kg_env, demo_server):
    """Horizon's hypervisor calls (keystoneauth, the catalog's placement
    entry, `placement 1.6`): admin reads the compute node's provider, a
    member is refused with Placement's body, no token is a 401 except on
    the version document."""
    from keystoneauth1 import adapter
    placement = adapter.Adapter(sessions['admin'], service_type='placement',
                                interface='public')
    headers = {'OpenStack-API-Version': 'placement 1.6',
               'Accept': 'application/json'}
    providers = placement.get('/resource_providers', headers=headers).json()
    assert [p['name'] for p in providers['resource_providers']] == ['cmp1']
    rp = providers['resource_providers'][0]['uuid']
    inventories = placement.get('/resource_providers/%s/inventories' % rp,
                                headers=headers).json()['inventories']
    assert set(inventories) == {'VCPU', 'MEMORY_MB', 'DISK_GB'}
    usages = placement.get('/resource_providers/%s/usages' % rp,
                           headers=headers).json()['usages']
    assert usages['VCPU'] >= 1   # the demo server's claim
    assert placement.get('/resource_providers/%s/aggregates' % rp,
                         headers=headers).json() == {'aggregates': []}
    assert placement.get('/resource_providers/%s/traits' % rp,
                         headers=headers).json()['traits'] == ['COMPUTE_NODE']
    consumer = placement.get('/allocations/' + demo_server, headers={
        'OpenStack-API-Version': 'placement 1.12'}).json()
    assert consumer['project_id'] == kg_env['projects']['demo']
    assert consumer['user_id'] == kg_env['users']['demo']['id']

    url = kg_env['placement_url']
    member = requests.get(url + '/resource_providers', headers=dict(
        headers, **{'X-Auth-Token': sessions['demo'].get_token()}),
        timeout=30)
    assert member.status_code == 403, member.text
    assert 'Policy does not allow placement:resource_providers:list to be ' \
        'performed.' in member.json()['errors'][0]['detail']
    own = requests.get(
        url + '/usages?project_id=' + kg_env['projects']['demo'],
        headers={'OpenStack-API-Version': 'placement 1.9',
                 'Accept': 'application/json',
                 'X-Auth-Token': sessions['demo'].get_token()}, timeout=30)
    assert own.status_code == 200, own.text
    assert own.json()['usages']['VCPU'] >= 1
    assert requests.get(url + '/resource_providers', headers=headers,
                        timeout=30).status_code == 401
    root = requests.get(url + '/', timeout=30)
    assert root.status_code == 200
    assert root.json()['versions'][0]['max_version'] == '1.39'


def test_member_deletes_its_server(clients, kg_env, demo2_server):
    demo2 = clients['demo2']
    resp = demo2.delete('/servers/' + demo2_server)
    assert resp.status_code == 204, resp.text

    def gone():
        return demo2.get('/servers/' + demo2_server).status_code == 404
    wait_for(gone, timeout=60)
    assert demo2_server not in clients['admin'].server_ids('?all_tenants=1')
