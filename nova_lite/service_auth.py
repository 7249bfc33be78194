"""Credentials for calls nova_lite makes to other services for a user.

When nova_lite talks to another OpenStack service (Glance) on behalf of the
user who made an API request, it passes that user's token on. With
``[service_user] send_service_user_token = true`` it also sends a token of
its own service user as ``X-Service-Token`` (keystoneauth's
ServiceTokenAuthWrapper), so that the other service's keystonemiddleware
accepts the call even when the user's token has expired since the API
request (long builds, snapshots), and knows a service is calling.
"""
from keystoneauth1.access import service_catalog as ks_service_catalog
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import loading as ks_loading
from keystoneauth1 import plugin as ks_plugin
from keystoneauth1 import service_token
from oslo_config import cfg
from oslo_log import log as logging

from nova_lite.conf import service_user as service_user_conf

LOG = logging.getLogger(__name__)

# The [service_user] auth plugin per ConfigOpts (by id; the ConfigOpts is
# kept alongside so its id cannot be reused): the plugin caches the service
# token until shortly before it expires, so it is loaded once.
_SERVICE_AUTHS = {}


class UserTokenAuth(ks_plugin.BaseAuthPlugin):
    """The requesting user's token as an auth plugin; endpoints come from
    the service catalog keystonemiddleware passed with the request."""

    def __init__(self, auth_token, service_catalog=None):
        super().__init__()
        self.auth_token = auth_token
        self.service_catalog = ks_service_catalog.ServiceCatalogV3(
            list(service_catalog or []))

    def get_token(self, session=None, **kwargs):
        return self.auth_token

    def get_endpoint(self, session, service_type=None, interface=None,
                     region_name=None, service_name=None, **kwargs):
        try:
            return self.service_catalog.url_for(
                service_type=service_type, interface=interface or 'public',
                region_name=region_name, service_name=service_name)
        except ks_exc.EndpointNotFound:
            return None


def user_auth_plugin(context):
    """The auth plugin of the user behind `context` (token and catalog)."""
    return UserTokenAuth(getattr(context, 'auth_token', None),
                         getattr(context, 'service_catalog', None))


def service_auth_plugin(conf=None):
    """The [service_user] auth plugin (nova_lite's own credentials), or
    None when [service_user] has no auth_type."""
    conf = cfg.CONF if conf is None else conf
    if id(conf) not in _SERVICE_AUTHS:
        plugin = ks_loading.load_auth_from_conf_options(
            conf, service_user_conf.SERVICE_USER_GROUP)
        _SERVICE_AUTHS[id(conf)] = (conf, plugin)
    return _SERVICE_AUTHS[id(conf)][1]


def reset():
    """Forget the loaded service auth plugins (tests change the config)."""
    _SERVICE_AUTHS.clear()


def _send_service_user_token(conf):
    try:
        return conf.service_user.send_service_user_token
    except cfg.NoSuchOptError:
        # A ConfigOpts without [service_user] (a tool that registered
        # only [glance]): nothing asks for a service token.
        return False


def get_auth_plugin(context, user_auth=None, conf=None):
    """The auth plugin for a call to another service for `context`'s user.

    `user_auth` (default: the context's token and catalog) alone, or, with
    ``[service_user] send_service_user_token``, wrapped so that every
    request also carries nova_lite's service token as ``X-Service-Token``.
    """
    conf = cfg.CONF if conf is None else conf
    user_auth = user_auth or user_auth_plugin(context)
    if not _send_service_user_token(conf):
        return user_auth
    service_auth = service_auth_plugin(conf)
    if service_auth is None:
        # A misconfiguration, not a reason to fail the user's request.
        LOG.warning('Unable to load auth from [service_user] '
                    'configuration. Ensure "auth_type" is set.')
        return user_auth
    return service_token.ServiceTokenAuthWrapper(user_auth=user_auth,
                                                 service_auth=service_auth)
