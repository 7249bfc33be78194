"""Who is calling: the RequestContext for each authenticated request.

``[api] auth_strategy = noauth2`` (testing and all-in-one): the token
``X-Auth-Token: user:project`` names the caller; a token without a colon
or no token at all means user "admin" in project "admin". The user
"admin" gets the admin role; everyone gets member and reader, so the
default personas of the policy apply.

``[api] auth_strategy = keystone``: keystonemiddleware's auth_token
(configured from ``[keystone_authtoken]``) validates the token and sets
the identity headers; KeystoneContext turns them into a RequestContext.
"""
from oslo_log import log as logging
from oslo_serialization import jsonutils

from nova_lite.api import faults
from nova_lite.api.middleware import request_id
from nova_lite import context as nl_context

LOG = logging.getLogger(__name__)

ENV_CONTEXT = 'nova.context'


def _remote_address(environ, conf=None):
    address = environ.get('REMOTE_ADDR', '127.0.0.1')
    return address


def _request_ids(environ):
    return {'request_id': environ.get(request_id.ENV_REQUEST_ID),
            'global_request_id': environ.get(
                request_id.ENV_GLOBAL_REQUEST_ID)}


class NoAuth2(object):
    """Trust ``X-Auth-Token: user:project`` (never use in production)."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        token = environ.get('HTTP_X_AUTH_TOKEN', '')
        user_id, sep, project_id = token.partition(':')
        if not sep or not user_id:
            user_id, project_id = 'admin', 'admin'
        project_id = project_id or user_id
        is_admin = user_id == 'admin'
        roles = ['reader', 'member'] + (['admin'] if is_admin else [])
        ctx = nl_context.RequestContext(
            user_id=user_id, project_id=project_id, is_admin=is_admin,
            roles=roles, user_name=user_id, project_name=project_id,
            remote_address=_remote_address(environ),
            # The caller as noauth2 resolved it, so that a noauth2 network
            # service called on this user's behalf sees the same caller.
            auth_token='%s:%s' % (user_id, project_id),
            **_request_ids(environ))
        environ[ENV_CONTEXT] = ctx
        return self.application(environ, start_response)


class KeystoneContext(object):
    """Build the RequestContext from auth_token's identity headers."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        user_id = (environ.get('HTTP_X_USER_ID') or
                   environ.get('HTTP_X_USER'))
        if not user_id:
            LOG.debug('Neither X_USER_ID nor X_USER found in request')
            resp = faults.error_response(
                401, 'The request you have made requires authentication.')
            return resp(environ, start_response)
        catalog = []
        raw_catalog = environ.get('HTTP_X_SERVICE_CATALOG')
        if raw_catalog:
            try:
                catalog = jsonutils.loads(raw_catalog)
            except ValueError:
                resp = faults.error_response(
                    500, 'Invalid service catalog json.')
                return resp(environ, start_response)
        ids = _request_ids(environ)
        ctx = nl_context.RequestContext.from_environ(
            environ,
            user_id=user_id,
            remote_address=_remote_address(environ),
            service_catalog=catalog,
            request_id=ids['request_id'],
            global_request_id=ids['global_request_id'])
        environ[ENV_CONTEXT] = ctx
        return self.application(environ, start_response)


def keystone_pipeline(application, conf):
    """auth_token (from [keystone_authtoken]) in front of KeystoneContext."""
    from keystonemiddleware import auth_token
    inner = KeystoneContext(application)
    return auth_token.AuthProtocol(inner, {'oslo_config_config': conf})


def pipeline(application, conf):
    """Wrap `application` with the authentication [api] auth_strategy asks."""
    if conf.api.auth_strategy == 'noauth2':
        return NoAuth2(application)
    return keystone_pipeline(application, conf)
