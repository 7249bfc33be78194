"""Service tokens and expired tokens with a real Keystone.

One real Keystone + Glance (tools/start-keystone-glance.sh) whose tokens
live KEYSTONE_TOKEN_EXPIRATION seconds, and one multi-process deployment
(fake compute driver) behind keystonemiddleware with
``service_token_roles_required = true``:

* a user token plus the nova service user's token as ``X-Service-Token``
  is accepted, and the server belongs to the user, not to nova;
* an expired user token is refused (401, ``WWW-Authenticate``) and creates
  nothing, unless a valid service token (service role) comes with it:
  keystonemiddleware's allow-expired path;
* a token Keystone never issued is refused, with or without a service token;
* nova_lite.image.glance with ``[service_user] send_service_user_token``
  reaches the real Glance for a user whose token has expired, because it
  sends nova's service token along.
"""
import datetime
import os
import time

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
from oslo_config import cfg
import pytest
import requests

from nova_lite import conf as nl_conf
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite.image import glance
from nova_lite import service_auth
from tests.integration import deployment as deployment_mod
from tests.integration.deployment import free_port
from tests.integration.deployment import wait_for
from tests.integration import keystone_glance
from tests.integration import services

pytestmark = pytest.mark.slow

HEADERS = {'OpenStack-API-Version': 'compute 2.100'}
# Short enough to wait for in a test, long enough for the bootstrap and a
# few requests with one token.
TOKEN_LIFETIME = 10


@pytest.fixture(scope='module')
def api_port():
    return free_port()


@pytest.fixture(scope='module')
def kg_env(tmp_path_factory, api_port):
    saved = os.environ.get('KEYSTONE_TOKEN_EXPIRATION')
    os.environ['KEYSTONE_TOKEN_EXPIRATION'] = str(TOKEN_LIFETIME)
    try:
        with keystone_glance.running(
                tmp_path_factory.mktemp('keystone-glance'),
                api_port=api_port) as data:
            yield data
    finally:
        if saved is None:
            os.environ.pop('KEYSTONE_TOKEN_EXPIRATION', None)
        else:
            os.environ['KEYSTONE_TOKEN_EXPIRATION'] = saved


def _expires_at(body):
    return datetime.datetime.strptime(
        body['expires_at'], '%Y-%m-%dT%H:%M:%S.%fZ').replace(
            tzinfo=datetime.timezone.utc)


def _service_token(kg_env):
    return keystone_glance.password_token(kg_env, 'nova', 'service')[0]


@pytest.fixture(scope='module')
def deployment(tmp_path_factory, transport_url, kg_env, api_port):
    admin = ks_session.Session(auth=v3.Password(
        auth_url=kg_env['auth_url'], username='admin',
        password=kg_env['users']['admin']['password'],
        user_domain_id='default', project_name='admin',
        project_domain_id='default'))
    with services.mysql_database() as db_url:
        dep = deployment_mod.Deployment(
            str(tmp_path_factory.mktemp('deploy')), transport_url, db_url,
            port=api_port, token_provider=admin.get_token,
            common={'api': {'auth_strategy': 'keystone'},
                    'keystone_authtoken': dict(
                        kg_env['keystone_authtoken']),
                    # Glance, too, must accept the expired user token
                    'service_user': dict(kg_env['service_user'])})
        dep.start()
        yield dep
        dep.stop()
        errors = dep.errors_in_logs()
        assert not errors, errors


@pytest.fixture(scope='module')
def expired_demo_token(kg_env, deployment):
    """A demo token that worked once against the API, then expired."""
    token, body = keystone_glance.password_token(kg_env, 'demo', 'demo')
    resp = _get(deployment, '/servers', token)
    assert resp.status_code == 200, resp.text
    left = (_expires_at(body) -
            datetime.datetime.now(datetime.timezone.utc)).total_seconds()
    assert left <= TOKEN_LIFETIME + 1, body['expires_at']
    time.sleep(max(0, left) + 1.5)
    return token, body


def _headers(token, service_token=None):
    headers = dict(HEADERS, **{'X-Auth-Token': token})
    if service_token:
        headers['X-Service-Token'] = service_token
    return headers


def _get(dep, path, token, service_token=None):
    return requests.get(dep.endpoint + '/v2.1' + path, timeout=30,
                        headers=_headers(token, service_token))


def _boot(dep, name, token, service_token=None):
    return requests.post(
        dep.endpoint + '/v2.1/servers', timeout=30,
        headers=_headers(token, service_token),
        json={'server': {'name': name, 'flavorRef': '1',
                         'imageRef': dep.image_id(), 'networks': 'none'}})


def _all_server_ids(dep):
    resp = requests.get(dep.endpoint + '/v2.1/servers?all_tenants=1',
                        headers=dep._auth(HEADERS), timeout=30)
    assert resp.status_code == 200, resp.text
    return {s['id'] for s in resp.json()['servers']}


def _unauthorized(resp, kg_env):
    assert resp.status_code == 401, (resp.status_code, resp.text)
    assert resp.headers['WWW-Authenticate'] == (
        'Keystone uri="%s"' %
        kg_env['keystone_authtoken']['www_authenticate_uri'])


def _wait_active(dep, server_id):
    def active():
        body = dep.server(server_id)
        assert body is not None and body['status'] != 'ERROR', body
        return body['status'] == 'ACTIVE'
    wait_for(active, timeout=60)


def test_user_token_with_service_token_is_accepted(kg_env, deployment):
    token, body = keystone_glance.password_token(kg_env, 'demo', 'demo')
    resp = _boot(deployment, 'with-service-token', token,
                 _service_token(kg_env))
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    _wait_active(deployment, server_id)
    server = _get(deployment, '/servers/' + server_id, token).json()[
        'server']
    # the user's identity, not the service's
    assert server['user_id'] == body['user']['id']
    assert server['tenant_id'] == kg_env['projects']['demo']


def test_expired_user_token_is_refused(kg_env, deployment,
                                       expired_demo_token):
    token, _ = expired_demo_token
    before = _all_server_ids(deployment)
    _unauthorized(_boot(deployment, 'expired', token), kg_env)
    _unauthorized(_get(deployment, '/servers', token), kg_env)
    # a valid token without the service role does not rescue it
    other = keystone_glance.password_token(kg_env, 'demo2', 'demo2')[0]
    _unauthorized(_boot(deployment, 'expired-other', token, other), kg_env)
    assert _all_server_ids(deployment) == before


def test_expired_user_token_with_service_token_is_accepted(
        kg_env, deployment, expired_demo_token):
    token, body = expired_demo_token
    before = _all_server_ids(deployment)
    resp = _boot(deployment, 'expired-with-service', token,
                 _service_token(kg_env))
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    assert _all_server_ids(deployment) == before | {server_id}
    _wait_active(deployment, server_id)
    resp = _get(deployment, '/servers/' + server_id, token,
                _service_token(kg_env))
    assert resp.status_code == 200, resp.text
    assert resp.json()['server']['user_id'] == body['user']['id']


def test_wrong_token_is_refused(kg_env, deployment):
    before = _all_server_ids(deployment)
    for bad in ('not-a-token', 'gAAAAAB' + 'x' * 180):
        _unauthorized(_boot(deployment, 'wrong', bad), kg_env)
        _unauthorized(_boot(deployment, 'wrong', bad,
                            _service_token(kg_env)), kg_env)
    assert _all_server_ids(deployment) == before


# -- nova_lite.image.glance with [service_user] -------------------------------

def _glance_conf(tmp_path, kg_env, send_service_token):
    authtoken = kg_env['keystone_authtoken']
    path = tmp_path / ('glance-client-%s.conf' % send_service_token)
    path.write_text('\n'.join([
        '[service_user]',
        'send_service_user_token = %s' % str(send_service_token).lower(),
        'auth_type = password',
        'auth_url = %s' % authtoken['auth_url'],
        'username = %s' % authtoken['username'],
        'password = %s' % authtoken['password'],
        'project_name = %s' % authtoken['project_name'],
        'user_domain_name = Default',
        'project_domain_name = Default', '']))
    conf = cfg.ConfigOpts()
    nl_conf.glance.register_opts(conf)
    nl_conf.service_user.register_opts(conf)
    conf.register_opts(nl_conf.image_store.image_store_opts,
                       group='image_store')
    conf(['--config-file', str(path)], project='nova-lite')
    return conf


def _user_context(token, body):
    return nl_context.RequestContext(
        user_id=body['user']['id'], project_id=body['project']['id'],
        roles=[r['name'] for r in body['roles']], auth_token=token,
        service_catalog=body['catalog'])


def test_glance_call_carries_the_service_token(kg_env, tmp_path,
                                               expired_demo_token):
    image_id = kg_env['image']['id']
    with_service = glance.GlanceImageService(
        _glance_conf(tmp_path, kg_env, True))
    without = glance.GlanceImageService(
        _glance_conf(tmp_path, kg_env, False))
    try:
        # a valid user token: fine either way
        fresh = _user_context(*keystone_glance.password_token(
            kg_env, 'demo', 'demo'))
        assert with_service.get(fresh, image_id)['id'] == image_id
        assert without.get(fresh, image_id)['id'] == image_id
        # the expired one: only with nova's service token next to it
        expired = _user_context(*expired_demo_token)
        image = with_service.get(expired, image_id)
        assert (image['id'], image['status']) == (image_id, 'active')
        images = with_service.list(expired, filters={'name':
                                                     'nova-lite-tiny'})
        assert [i['id'] for i in images] == [image_id]
        with pytest.raises(exception.ImageNotAuthorized):
            without.get(expired, image_id)
    finally:
        service_auth.reset()
