"""[service_user]: the service token nova_lite sends with a user's token.

Registered like Nova's nova/conf/service_token.py: the
``send_service_user_token`` switch plus keystoneauth1's session and auth
options (``auth_type``, ``auth_url``, ``username``, ``password``, ...), so
an operator's nova.conf ``[service_user]`` block works unchanged.
"""
from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

SERVICE_USER_GROUP = 'service_user'


def _group():
    return cfg.OptGroup(
        SERVICE_USER_GROUP,
        title='Service token authentication type options',
        help='''
Service-to-service authentication with a service token: the credentials
nova_lite uses to get its own token, sent as ``X-Service-Token`` next to
the user's token when it calls other REST APIs (Glance) on a user's behalf.
''')


service_user_group = _group()

service_user_opts = [
    cfg.BoolOpt('send_service_user_token', default=False, help='''
When True, send a service token along with the user's token whenever
nova_lite calls another REST API with the user's token.

nova_lite reuses the token a user sent to nova-lite-api to talk to other
services (Glance). That token may expire between the API request and the
moment the compute service uses it; with a valid service token next to it
(``X-Service-Token``), keystonemiddleware in the other service accepts the
request anyway (its allow-expired path) and sees that nova_lite is calling
on the user's behalf. Requires the [service_user] auth options (auth_type,
auth_url, username, password, ...) of a user holding the service role.
'''),
]


def register_opts(conf):
    # A fresh OptGroup per ConfigOpts (see nova_lite.conf.glance).
    conf.register_group(_group())
    conf.register_opts(service_user_opts, group=SERVICE_USER_GROUP)
    ks_loading.register_session_conf_options(conf, SERVICE_USER_GROUP)
    ks_loading.register_auth_conf_options(conf, SERVICE_USER_GROUP)


def list_opts():
    return {
        service_user_group: (
            service_user_opts +
            ks_loading.get_session_conf_options() +
            ks_loading.get_auth_common_conf_options() +
            ks_loading.get_auth_plugin_conf_options('password') +
            ks_loading.get_auth_plugin_conf_options('v2password') +
            ks_loading.get_auth_plugin_conf_options('v3password'))
    }
