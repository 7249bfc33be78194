"""nova-lite-network behind keystonemiddleware with real Keystone tokens,
found through the catalog (the bring-up registers service type
`network`): Neutron's personas (admin, project member, project reader),
another project's network hidden (404), shared networks for admins only,
401 without a token; unmodified OSC through the catalog."""
import json
import os
import subprocess
import sys

import pytest
import requests

from tests.integration import deployment as deployment_mod
from tests.integration.deployment import free_port
from tests.integration import keystone_glance
from tests.integration import services

pytestmark = pytest.mark.slow

OPENSTACK = os.path.join(os.path.dirname(sys.executable), 'openstack')
PERSONAS = (('admin', 'admin'), ('demo', 'demo'), ('demo-reader', 'demo'),
            ('demo2', 'demo2'))


@pytest.fixture(scope='module')
def ports():
    return {'api': free_port(), 'network': free_port()}


@pytest.fixture(scope='module')
def kg_env(tmp_path_factory, ports):
    with keystone_glance.running(tmp_path_factory.mktemp('keystone-glance'),
                                 api_port=ports['api'],
                                 network_port=ports['network']) as data:
        yield data


@pytest.fixture(scope='module')
def tokens(kg_env):
    return {user: keystone_glance.session(kg_env, user, project).get_token()
            for user, project in PERSONAS}


@pytest.fixture(scope='module')
def deployment(tmp_path_factory, transport_url, kg_env, tokens, ports):
    service_user = dict(kg_env['service_user'])
    nova = {k: v for k, v in service_user.items()
            if k != 'send_service_user_token'}
    with services.mysql_database() as db_url:
        dep = deployment_mod.Deployment(
            str(tmp_path_factory.mktemp('deploy')), transport_url, db_url,
            port=ports['api'], network=True, network_port=ports['network'],
            token_provider=lambda: tokens['admin'],
            common={'api': {'auth_strategy': 'keystone'},
                    'network': {'auth_strategy': 'keystone'},
                    'keystone_authtoken': dict(
                        kg_env['keystone_authtoken']),
                    'service_user': service_user,
                    'nova': nova})
        dep.start()
        yield dep
        dep.stop()
        errors = dep.errors_in_logs()
        assert not errors, errors


def _call(dep, method, path, token, body=None):
    headers = {'X-Auth-Token': token} if token else {}
    return requests.request(method, dep.network_endpoint + '/v2.0' + path,
                            json=body, headers=headers, timeout=60)


def test_the_catalog_has_the_network_service(kg_env, ports):
    assert kg_env['services']['network']['url'] == \
        'http://127.0.0.1:%d' % ports['network']


def test_personas(deployment, tokens):
    assert _call(deployment, 'GET', '/networks', None).status_code == 401
    resp = _call(deployment, 'POST', '/networks', tokens['demo'],
                 {'network': {'name': 'demo-net'}})
    assert resp.status_code == 201, resp.text
    net = resp.json()['network']
    reader = _call(deployment, 'GET', '/networks/%s' % net['id'],
                   tokens['demo-reader'])
    assert reader.status_code == 200
    denied = _call(deployment, 'POST', '/networks', tokens['demo-reader'],
                   {'network': {'name': 'reader-net'}})
    assert denied.status_code == 403
    assert denied.json()['NeutronError']['type'] == 'PolicyNotAuthorized'
    hidden = _call(deployment, 'GET', '/networks/%s' % net['id'],
                   tokens['demo2'])
    assert hidden.status_code == 404
    assert _call(deployment, 'POST', '/networks', tokens['demo2'], {
        'network': {'name': 'shared', 'shared': True}}).status_code == 403
    admin = _call(deployment, 'GET', '/networks?id=%s' % net['id'],
                  tokens['admin']).json()['networks']
    assert [n['name'] for n in admin] == ['demo-net']
    assert _call(deployment, 'DELETE', '/networks/%s' % net['id'],
                 tokens['demo']).status_code == 204


def test_openstackclient_through_the_catalog(deployment, kg_env):
    env = dict(os.environ, OS_CLIENT_CONFIG_FILE=kg_env['clouds_yaml'],
               OS_CLOUD='demo')

    def osc(*args):
        out = subprocess.run([OPENSTACK] + list(args), env=env,
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        return out.stdout

    created = json.loads(osc('network', 'create', 'cat-net', '-f', 'json'))
    assert created['project_id'] == kg_env['projects']['demo']
    assert 'cat-net' in osc('network', 'list', '-f', 'value', '-c', 'Name')
    groups = osc('security', 'group', 'list', '-f', 'value', '-c', 'Name')
    assert 'default' in groups.split()
    osc('network', 'delete', 'cat-net')
