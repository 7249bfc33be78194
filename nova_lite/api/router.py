"""Top-level URL dispatch of nova-lite-api.

    /                 versions list                (no auth)
    /v2.1, /v2.1/     v2.1 version document        (no auth)
    /v2, /v2/         legacy v2 version document   (no auth)
    /v2.1/...         compute API: auth -> microversion -> [project id] -> pecan
    /v2/...           the same API frozen at 2.1 without version headers
    /image, /image/v2 Glance versions document     (no auth, 300)
    /image/v2/...     Glance v2 view of the local store: auth -> pecan
    /identity/...     with noauth2 only: see nova_lite.api.noauth_identity
"""

import webob

from nova_lite.api import faults
from nova_lite.api import json_body
from nova_lite.api import microversion
from nova_lite.api.middleware import auth
from nova_lite.api.middleware import strict_query
from nova_lite.api import noauth_identity
from nova_lite.api import versions
from nova_lite.api.views import images as image_views
from nova_lite.api.views import links
from nova_lite import exception

ENV_LEGACY_V2 = 'nova_lite.legacy_v2'

_KNOWN_COLLECTIONS = {'servers', 'flavors', 'images', 'limits',
                      'extensions'}


def _json(environ, start_response, body, status=200, headers=()):
    resp = json_body.response(body, status=status, fault=status >= 400)
    for name, value in headers:
        resp.headers[name] = value
    return resp(environ, start_response)


def _fault(environ, start_response, code, message, headers=None):
    return faults.error_response(code, message, headers)(environ,
                                                         start_response)


def _shift(environ, segment):
    environ['SCRIPT_NAME'] = environ.get('SCRIPT_NAME', '') + '/' + segment
    environ['PATH_INFO'] = environ.get('PATH_INFO', '')[len(segment) + 1:]


class Microversion(object):
    """Negotiate the version, store it, echo it on every response."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if environ.get(ENV_LEGACY_V2):
            environ[microversion.ENVIRON_KEY] = microversion.MIN_VERSION
            return self.application(environ, start_response)
        try:
            version = microversion.negotiate(webob.Request(environ).headers)
        except exception.InvalidAPIVersionString as exc:
            return _fault(environ, start_response, 400,
                          exc.format_message())
        except exception.APIVersionNotAvailable as exc:
            return _fault(environ, start_response, 406,
                          exc.format_message(), headers=exc.headers)
        environ[microversion.ENVIRON_KEY] = version
        extra = microversion.response_headers(version)

        def _start_response(status, headers, exc_info=None):
            names = {n.lower() for n, _ in extra}
            headers = [(n, v) for n, v in headers if n.lower() not in names]
            return start_response(status, headers + extra, exc_info)

        return self.application(environ, _start_response)


class ProjectIdInPath(object):
    """Accept /v2.1/{project_id}/... as Nova does (the id must be the
    caller's project) and remember it for links."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        parts = environ.get('PATH_INFO', '').lstrip('/').split('/')
        first = parts[0]
        if first and len(parts) > 1 and first not in _KNOWN_COLLECTIONS \
                and not first.startswith('os-'):
            ctx = environ.get(auth.ENV_CONTEXT)
            if ctx is not None and first != ctx.project_id:
                return _fault(
                    environ, start_response, 400,
                    "Malformed request URL: URL's project_id '%s' doesn't "
                    "match Context's project_id '%s'" % (first,
                                                         ctx.project_id))
            environ[links.ENV_URL_PROJECT] = first
            _shift(environ, first)
        elif environ.get(ENV_LEGACY_V2) and first:
            # v2 always had a project id in its URLs; tolerate its absence.
            pass
        return self.application(environ, start_response)


class Router(object):
    def __init__(self, conf, compute_app, image_app):
        self.conf = conf
        protect = lambda app: auth.pipeline(app, conf)  # noqa: E731
        self.compute = protect(Microversion(ProjectIdInPath(
            strict_query.StrictQuery(compute_app))))
        self.images = protect(image_app)

    def _base_url(self, environ):
        req = webob.Request(environ)
        return req.host_url + environ.get('SCRIPT_NAME', '')

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '') or '/'
        environ[links.ENV_BASE_URL] = self._base_url(environ)
        if self.conf.api.compute_link_prefix:
            environ[links.ENV_LINK_PREFIX] = self.conf.api.compute_link_prefix
        base_url = environ[links.ENV_BASE_URL].rstrip('/')
        segments = path.lstrip('/').split('/')
        first = segments[0]
        rest = path[len(first) + 1:]
        method = environ.get('REQUEST_METHOD', 'GET')

        if path == '/':
            if method not in ('GET', 'HEAD'):
                return _fault(environ, start_response, 405,
                              'The method specified is not allowed for '
                              'this resource.')
            return _json(environ, start_response, versions.versions(
                self._link_base(environ, base_url)), status=200)
        if first in ('v2.1', 'v2'):
            if rest in ('', '/'):
                return self._version_doc(environ, start_response, first,
                                         base_url)
            environ[links.ENV_VERSION_PREFIX] = first
            if first == 'v2':
                environ[ENV_LEGACY_V2] = True
            _shift(environ, first)
            return self.compute(environ, start_response)
        if first == 'image':
            if rest in ('', '/', '/v2', '/v2/'):
                return _json(environ, start_response, image_views.versions(
                    base_url + '/image'), status=300)
            _shift(environ, first)
            if environ['PATH_INFO'].startswith('/v2/'):
                _shift(environ, 'v2')
                return self.images(environ, start_response)
        if first == 'identity' and \
                self.conf.api.auth_strategy == 'noauth2':
            return noauth_identity.application(environ, start_response,
                                               base_url, rest)
        return _fault(environ, start_response, 404,
                      'The resource could not be found.')

    def _link_base(self, environ, base_url):
        prefix = environ.get(links.ENV_LINK_PREFIX)
        return prefix.rstrip('/') if prefix else base_url

    def _version_doc(self, environ, start_response, which, base_url):
        link_base = self._link_base(environ, base_url)
        if which == 'v2':
            return _json(environ, start_response,
                         versions.version_v2(link_base))
        try:
            version = microversion.negotiate(webob.Request(environ).headers)
        except exception.InvalidAPIVersionString as exc:
            return _fault(environ, start_response, 400, exc.format_message())
        except exception.APIVersionNotAvailable as exc:
            return _fault(environ, start_response, 406, exc.format_message(),
                          headers=exc.headers)
        return _json(environ, start_response,
                     versions.version_v21(link_base),
                     headers=microversion.response_headers(version))
