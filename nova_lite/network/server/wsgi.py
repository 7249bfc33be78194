"""The network API's WSGI application (Neutron v2.0):

    /                      versions document          (no auth)
    /v2.0/                 resources document         (auth)
    /v2.0/extensions       what is implemented        (auth)
    /v2.0/<collection>[/<id>][.json]
    /v2.0/quotas/<project>/default

Pipeline (outermost first): request id -> request log -> NeutronError
fault wrapper -> versions -> auth ([network] auth_strategy) -> router.
`application(conf)` is the app for any WSGI server; nova-lite-network
and nova-lite-all serve it with nova_lite.api.wsgi's server.
"""
import json

from oslo_log import log as logging
import webob

from nova_lite.api.middleware import auth
from nova_lite.api.middleware import request_id
from nova_lite.api.middleware import request_log
from nova_lite import exception as nl_exc
from nova_lite.network import exceptions as exc
from nova_lite.network.server import extensions
from nova_lite.network.server import policy
from nova_lite.network.server import router

LOG = logging.getLogger(__name__)


def json_response(body, status=200):
    resp = webob.Response(status=status, content_type='application/json',
                          charset='UTF-8')
    if body is not None:
        resp.text = json.dumps(body)
    else:
        resp.content_type = None
    return resp


def error(exception):
    """Neutron's error body for a domain exception."""
    if isinstance(exception, exc.NeutronException):
        # raised in the conductor, it arrives as <Name>_Remote
        code = exception.code
        kind = type(exception).__name__
        if kind.endswith('_Remote'):
            kind = kind[:-len('_Remote')]
    elif isinstance(exception, nl_exc.NovaLiteException):
        code = exception.code
        kind = {400: 'HTTPBadRequest', 403: 'PolicyNotAuthorized',
                404: 'HTTPNotFound', 409: 'HTTPConflict'}.get(
                    code, 'HTTPInternalServerError')
    else:
        LOG.exception('Unexpected error in the network API')
        return json_response({'NeutronError': {
            'type': 'HTTPInternalServerError',
            'message': 'Request Failed: internal server error while '
                       'processing your request.', 'detail': ''}}, 500)
    return json_response({'NeutronError': {
        'type': kind, 'message': exception.format_message(),
        'detail': ''}}, code)


class Faults(object):
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        try:
            return self.application(environ, start_response)
        except Exception as caught:  # noqa: B902 - never crash the API
            return error(caught)(environ, start_response)


class Versions(object):
    """`/` answers the versions document without authentication."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '') or '/'
        if path == '/':
            req = webob.Request(environ)
            base = req.host_url + environ.get('SCRIPT_NAME', '')
            return json_response({'versions': [{
                'id': 'v2.0', 'status': 'CURRENT',
                'links': [{'href': base.rstrip('/') + '/v2.0/',
                           'rel': 'self'}]}]})(environ, start_response)
        return self.application(environ, start_response)


def _auth(app, conf):
    if conf.network.auth_strategy == 'noauth2':
        return auth.NoAuth2(app)
    return auth.keystone_pipeline(app, conf)


def application(conf, plugin=None):
    """The network API for `conf`; `plugin` (nova_lite.network.service.
    plugin.Plugin) defaults to one over the objects."""
    from nova_lite import objects
    from nova_lite.network.service import plugin as plugin_mod
    objects.register_all()
    policy.init(conf)
    plugin = plugin or plugin_mod.Plugin(conf)
    app = router.Router(plugin, extensions.EXTENSIONS)
    app = Versions(_auth(app, conf))
    app = Faults(app)
    app = request_log.RequestLog(app)
    return request_id.RequestIdMiddleware(app, extra_header=None)


class Mounted(object):
    """`network_app` under `prefix` (nova-lite-all serves the network API
    at /network on the Compute API's port, as it serves /image), every
    other path to `app`."""

    def __init__(self, app, network_app, prefix='/network'):
        self.app = app
        self.network_app = network_app
        self.prefix = prefix

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '')
        if path == self.prefix or path.startswith(self.prefix + '/'):
            environ['SCRIPT_NAME'] = environ.get('SCRIPT_NAME', '') + \
                self.prefix
            environ['PATH_INFO'] = path[len(self.prefix):] or '/'
            return self.network_app(environ, start_response)
        return self.app(environ, start_response)
