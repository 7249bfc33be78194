"""tools/start-keystone-glance.sh: a real Keystone and Glance from PyPI on
free loopback ports, bootstrapped with the projects, users and image the
other integration tests rely on, driven here with the unmodified
python-openstackclient.

The first run builds two virtualenvs (a few minutes; cached under
tools/.cache/venvs/); later runs start in ~5-10 s.
"""
import json
import os
import subprocess
import sys

import pytest
import requests

pytestmark = pytest.mark.slow

OPENSTACK = os.path.join(os.path.dirname(sys.executable), 'openstack')

from tests.integration.deployment import free_port
from tests.integration import keystone_glance



@pytest.fixture(scope='module')
def kg_env(tmp_path_factory):
    """Start Keystone + Glance in a temporary WORKDIR; yield env.json."""
    with keystone_glance.running(
            tmp_path_factory.mktemp('keystone-glance'),
            network_port=free_port()) as data:
        yield data


def _openstack(kg_env, cloud, *args, check=True):
    env = dict(os.environ, OS_CLIENT_CONFIG_FILE=kg_env['clouds_yaml'],
               OS_CLOUD=cloud)
    for var in ('OS_AUTH_URL', 'OS_TOKEN', 'OS_URL', 'OS_PASSWORD',
                'OS_USERNAME', 'OS_PROJECT_NAME', 'OS_AUTH_TYPE'):
        env.pop(var, None)
    out = subprocess.run([OPENSTACK] + list(args), env=env,
                         capture_output=True, text=True, timeout=120)
    if check:
        assert out.returncode == 0, out.stderr
    return out


def test_token_issue_as_demo(kg_env):
    token = json.loads(_openstack(kg_env, 'demo', 'token', 'issue',
                                  '-f', 'json').stdout)
    assert token['project_id'] == kg_env['projects']['demo']
    assert token['user_id'] == kg_env['users']['demo']['id']
    assert token['id']


def test_demo_sees_public_test_image_active(kg_env):
    images = json.loads(_openstack(kg_env, 'demo', 'image', 'list',
                                   '-f', 'json').stdout)
    assert [(i['Name'], i['Status']) for i in images] == [
        ('nova-lite-tiny', 'active')]
    shown = json.loads(_openstack(kg_env, 'demo', 'image', 'show',
                                  'nova-lite-tiny', '-f', 'json').stdout)
    assert shown['id'] == kg_env['image']['id']
    assert shown['visibility'] == 'public'
    assert (shown['disk_format'], shown['container_format']) == ('qcow2',
                                                                 'bare')
    assert shown['min_ram'] == 96
    assert shown['properties']['hw_disk_bus'] == 'virtio'


def test_wrong_password_is_401(kg_env):
    resp = requests.post(kg_env['auth_url'] + '/auth/tokens', json={
        'auth': {'identity': {'methods': ['password'], 'password': {'user': {
            'name': 'demo', 'domain': {'id': 'default'},
            'password': 'not-' + kg_env['users']['demo']['password']}}}}},
        timeout=30)
    assert resp.status_code == 401
    # and the CLI reports it as such
    env = dict(os.environ, OS_AUTH_URL=kg_env['auth_url'],
               OS_USERNAME='demo', OS_PASSWORD='wrong-password',
               OS_PROJECT_NAME='demo', OS_USER_DOMAIN_NAME='Default',
               OS_PROJECT_DOMAIN_NAME='Default', OS_IDENTITY_API_VERSION='3',
               OS_AUTH_TYPE='password')
    env.pop('OS_CLOUD', None)
    env.pop('OS_CLIENT_CONFIG_FILE', None)
    out = subprocess.run([OPENSTACK, 'token', 'issue'], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode != 0
    assert '401' in out.stderr


def test_roles_and_project_isolation(kg_env):
    # the tokens nova_lite's API will see: member+reader for demo, reader
    # only for demo-reader, a different project for demo2
    def token(user, project):
        resp = requests.post(kg_env['auth_url'] + '/auth/tokens', json={
            'auth': {'identity': {'methods': ['password'], 'password': {
                'user': {'name': user, 'domain': {'id': 'default'},
                         'password': kg_env['users'][user]['password']}}},
                'scope': {'project': {'name': project,
                                      'domain': {'id': 'default'}}}}},
            timeout=30)
        assert resp.status_code == 201, resp.text
        return resp.json()['token']

    demo = token('demo', 'demo')
    assert {r['name'] for r in demo['roles']} == {'member', 'reader'}
    reader = token('demo-reader', 'demo')
    assert {r['name'] for r in reader['roles']} == {'reader'}
    demo2 = token('demo2', 'demo2')
    assert demo2['project']['id'] == kg_env['projects']['demo2']
    assert demo2['project']['id'] != demo['project']['id']
    nova = token('nova', 'service')
    assert {'admin', 'service'} <= {r['name'] for r in nova['roles']}
    catalog = {s['type']: s for s in nova['catalog']}
    assert {e['url'] for e in catalog['compute']['endpoints']} == {
        kg_env['compute_url']}
    assert {e['url'] for e in catalog['image']['endpoints']} == {
        kg_env['glance_url']}
    assert {e['url'] for e in catalog['network']['endpoints']} == {
        kg_env['network_url']}
    # nova-lite-api serves Placement on the compute endpoint's port
    assert {e['url'] for e in catalog['placement']['endpoints']} == {
        kg_env['placement_url']}
    assert kg_env['placement_url'].endswith('/placement')


def test_glance_requires_a_token(kg_env):
    resp = requests.get(kg_env['glance_url'] + '/v2/images', timeout=30)
    assert resp.status_code == 401
