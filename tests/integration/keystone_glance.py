"""Real Keystone and Glance from PyPI on loopback, for a test module:
tools/start-keystone-glance.sh on free ports, stopped afterwards."""
import contextlib
import json
import os
import subprocess

import requests

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session

from tests.integration.deployment import free_port

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
START = os.path.join(ROOT, 'tools', 'start-keystone-glance.sh')
STOP = os.path.join(ROOT, 'tools', 'stop-keystone-glance.sh')


@contextlib.contextmanager
def running(workdir, api_port=None, network_port=None, cinder=False):
    """Yield the env.json of a started Keystone + Glance; the catalog's
    compute endpoint points at api_port (a free port if not given), its
    network endpoint at network_port: without one the catalog lists no
    network service (a compute would send every boot to it). With
    `cinder`, a real Cinder too (env.json's "cinder" and "volume_url";
    its volumev3 endpoint in the catalog)."""
    env = dict(os.environ, KEYSTONE_PORT=str(free_port()),
               GLANCE_PORT=str(free_port()),
               NOVA_LITE_API_PORT=str(api_port or free_port()),
               NOVA_LITE_NETWORK_PORT=str(network_port or 'none'))
    env.pop('CINDER_PORT', None)
    if cinder:
        env['CINDER_PORT'] = str(free_port())
    try:
        # First run installs the virtualenvs (minutes); later, seconds.
        out = subprocess.run([START, str(workdir)], env=env,
                             capture_output=True, text=True, timeout=1200)
        assert out.returncode == 0, out.stdout + out.stderr
        with open(os.path.join(str(workdir), 'env.json')) as f:
            yield json.load(f)
    finally:
        subprocess.run([STOP, str(workdir)], capture_output=True,
                       timeout=120)


def session(kg_env, user, project):
    """A keystoneauth session with `user`'s password, scoped to
    `project` (names from env.json)."""
    auth = v3.Password(
        auth_url=kg_env['auth_url'], username=user,
        password=kg_env['users'][user]['password'], user_domain_id='default',
        project_name=project, project_domain_id='default')
    return ks_session.Session(auth=auth)


def password_token(env, user, project):
    """(token id, token body) of `user` scoped to `project`, fresh from
    the Keystone of `env` (an env.json)."""
    identity = {'methods': ['password'], 'password': {'user': {
        'name': user, 'domain': {'id': 'default'},
        'password': env['users'][user]['password']}}}
    scope = {'project': {'name': project, 'domain': {'id': 'default'}}}
    resp = requests.post(env['auth_url'] + '/auth/tokens', timeout=30,
                         json={'auth': {'identity': identity,
                                        'scope': scope}})
    assert resp.status_code == 201, resp.text
    return resp.headers['X-Subject-Token'], resp.json()['token']
