"""[service_user]: the user's token alone, or wrapped with a service token."""
from keystoneauth1 import service_token
from keystoneauth1 import token_endpoint
from oslo_config import cfg
import pytest

from nova_lite import conf as nl_conf
from nova_lite import context as nl_context
from nova_lite.image import glance
from nova_lite import service_auth

CATALOG = [{'type': 'image', 'endpoints': [
    {'interface': 'public', 'url': 'http://glance:9292',
     'region': 'RegionOne'},
    {'interface': 'internal', 'url': 'http://glance-int:9292',
     'region': 'RegionOne'}]}]


class FakeSession(object):
    """What a keystoneauth plugin's get_token/get_headers need."""


@pytest.fixture
def conf():
    c = cfg.ConfigOpts()
    nl_conf.glance.register_opts(c)
    nl_conf.service_user.register_opts(c)
    c.register_opts(nl_conf.image_store.image_store_opts,
                    group='image_store')
    c([], project='nova-lite')
    yield c
    service_auth.reset()


@pytest.fixture
def ctx():
    return nl_context.RequestContext(user_id='u1', project_id='p1',
                                     auth_token='user-token',
                                     service_catalog=CATALOG)


SERVICE_USER = """
[service_user]
send_service_user_token = true
auth_type = password
auth_url = http://keystone:5000/v3
username = nova
password = secret
project_name = service
user_domain_name = Default
project_domain_name = Default
"""


def _configure(conf, tmp_path, text):
    path = tmp_path / 'nova-lite.conf'
    path.write_text(text)
    conf(['--config-file', str(path)], project='nova-lite')


def test_options_registered_like_nova(conf):
    assert conf.service_user.send_service_user_token is False
    for name in ('auth_type', 'auth_section', 'cafile', 'insecure',
                 'timeout', 'collect_timing', 'split_loggers'):
        assert name in conf.service_user
    listed = {opt.dest for opt in
              nl_conf.service_user.list_opts()[
                  nl_conf.service_user.service_user_group]}
    assert {'send_service_user_token', 'auth_url', 'username', 'password',
            'project_name', 'user_domain_name', 'auth_type'} <= listed


def test_user_token_alone_by_default(conf, ctx):
    auth = service_auth.get_auth_plugin(ctx, conf=conf)
    assert isinstance(auth, service_auth.UserTokenAuth)
    assert auth.get_headers(FakeSession()) == {'X-Auth-Token': 'user-token'}
    assert auth.get_endpoint(FakeSession(), service_type='image') == \
        'http://glance:9292'
    assert auth.get_endpoint(FakeSession(), service_type='image',
                             interface=['internal', 'public']) == \
        'http://glance-int:9292'
    assert auth.get_endpoint(FakeSession(), service_type='volume') is None


def test_given_user_auth_is_used(conf, ctx):
    user_auth = token_endpoint.Token('http://x', 'other-token')
    assert service_auth.get_auth_plugin(ctx, user_auth=user_auth,
                                        conf=conf) is user_auth


def test_wrapped_with_service_token(conf, ctx, tmp_path, monkeypatch):
    _configure(conf, tmp_path, SERVICE_USER)
    auth = service_auth.get_auth_plugin(ctx, conf=conf)
    assert isinstance(auth, service_token.ServiceTokenAuthWrapper)
    assert auth.service_auth.auth_url == 'http://keystone:5000/v3'
    assert auth.service_auth._username == 'nova'
    # the service plugin is loaded once and reused
    again = service_auth.get_auth_plugin(ctx, conf=conf)
    assert again.service_auth is auth.service_auth
    monkeypatch.setattr(type(auth.service_auth), 'get_token',
                        lambda self, session, **kw: 'service-token')
    assert auth.get_headers(FakeSession()) == {
        'X-Auth-Token': 'user-token', 'X-Service-Token': 'service-token'}


def test_send_without_credentials_falls_back_to_user_token(conf, ctx):
    conf.set_override('send_service_user_token', True, group='service_user')
    auth = service_auth.get_auth_plugin(ctx, conf=conf)
    assert isinstance(auth, service_auth.UserTokenAuth)


def test_conf_without_service_user_group(ctx):
    c = cfg.ConfigOpts()
    c([], project='nova-lite')
    auth = service_auth.get_auth_plugin(ctx, conf=c)
    assert auth.get_token(FakeSession()) == 'user-token'


def test_glance_client_uses_the_wrapper(conf, ctx, tmp_path):
    _configure(conf, tmp_path, SERVICE_USER)
    adapter = glance.GlanceImageService(conf)._load_adapter(ctx)
    assert isinstance(adapter.auth, service_token.ServiceTokenAuthWrapper)
    assert isinstance(adapter.auth.user_auth, token_endpoint.Token)
    assert adapter.auth.user_auth.token == 'user-token'
    # the endpoint still comes from the user's catalog
    assert adapter.get_endpoint() == 'http://glance-int:9292'


def test_glance_client_without_service_token(conf, ctx):
    adapter = glance.GlanceImageService(conf)._load_adapter(ctx)
    assert isinstance(adapter.auth, token_endpoint.Token)
