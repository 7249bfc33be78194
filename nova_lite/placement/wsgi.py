"""The Placement API's WSGI application:

    app = application(conf)      # any WSGI server; nova-lite-api and
                                 # nova-lite-all serve it under /placement
                                 # on the Compute API's port (mount())

Pipeline (outermost first): request id -> request log -> fault wrapper ->
auth ([api] auth_strategy; `/` needs none, as in Placement) ->
microversion (OpenStack-API-Version: placement X.Y) -> router -> handler.
"""
import json

from oslo_utils import timeutils
import webob

from nova_lite.api.middleware import auth
from nova_lite.api.middleware import fault_wrapper
from nova_lite.api.middleware import request_id
from nova_lite.api.middleware import request_log
from nova_lite.placement import errors
from nova_lite.placement import handlers
from nova_lite.placement import microversion
from nova_lite.placement import policy
from nova_lite.placement import router
from nova_lite.placement import views


MOUNT_PREFIX = '/placement'
_JSON = 'application/json'


def _json_response(body, status=200):
    resp = webob.Response(status=status, charset=None)
    if body is None:
        resp.content_type = None
    else:
        resp.content_type = _JSON
        resp.body = json.dumps(body).encode('utf-8')
    return resp


def _is_root(environ):
    return environ.get('PATH_INFO', '') in ('', '/')


class Handlers(object):
    """Dispatch to the handler of the path and method; shape the reply."""

    def __init__(self, rules):
        self.rules = rules

    def __call__(self, environ, start_response):
        environ[handlers.ENV_POLICY] = self.rules
        req = webob.Request(environ)
        version = environ[microversion.ENVIRON_KEY]
        try:
            if _is_root(environ):
                if req.method != 'GET':
                    raise errors.method_not_allowed('GET')
                reply = handlers.Reply(views.versions(
                    microversion.min_version_string(),
                    microversion.max_version_string()))
            else:
                handler, args = router.match(environ.get('PATH_INFO', ''),
                                             req.method, version)
                if req.accept and not req.accept.acceptable_offers([_JSON]):
                    raise errors.not_acceptable(
                        'Only application/json is provided')
                reply = handler(handlers.Request(environ, req, args))
        except errors.HTTPError as exc:
            return exc.response(environ)(environ, start_response)
        resp = _json_response(reply.body, reply.status)
        if version.matches((1, 15)):
            resp.cache_control = 'no-cache'
            resp.last_modified = reply.last_modified or \
                timeutils.utcnow(with_timezone=True)
        return resp(environ, start_response)


class Microversion(object):
    """The version a request asks for in the environ, echoed back with
    `Vary` on success (an error carries the version header only, as from
    Placement)."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        header = webob.Request(environ).headers.get(microversion.HEADER)
        try:
            version = microversion.negotiate(header)
        except microversion.UnacceptableVersion as exc:
            return errors.not_acceptable('Invalid microversion: %s' % exc)\
                .response(environ)(environ, start_response)
        except microversion.InvalidVersion as exc:
            return errors.bad_request('Invalid microversion: %s' % exc)\
                .response(environ)(environ, start_response)
        environ[microversion.ENVIRON_KEY] = version
        value = microversion.response_header(version)

        def _start_response(status, headers, exc_info=None):
            headers = list(headers) + [(microversion.HEADER, value)]
            if int(status.split(None, 1)[0]) < 400:
                headers.append(('Vary', microversion.HEADER))
            return start_response(status, headers, exc_info)

        return self.application(environ, _start_response)


class RootWithoutAuth(object):
    """`/` (the version document) answers without a token."""

    def __init__(self, application, protected):
        self.application = application
        self.protected = protected

    def __call__(self, environ, start_response):
        if _is_root(environ):
            return self.application(environ, start_response)
        return self.protected(environ, start_response)


def application(conf):
    """The Placement API for `conf` (reads through nova_lite.objects)."""
    from nova_lite import objects
    objects.register_all()
    app = Microversion(Handlers(policy.Policy(conf)))
    app = RootWithoutAuth(app, auth.pipeline(app, conf))
    app = fault_wrapper.FaultWrapper(app, to_response=errors.unexpected)
    app = request_log.RequestLog(app)
    return request_id.RequestIdMiddleware(app, extra_header=None,
                                          skip_root=False)


def mount(app, conf):
    """`app` with the Placement API under /placement (the same mount the
    network API has under /network)."""
    from nova_lite.network.server import wsgi as network_wsgi
    return network_wsgi.Mounted(app, application(conf), prefix=MOUNT_PREFIX)
