"""Placement's error responses:

    {"errors": [{"status": 404, "title": "Not Found", "detail": "...",
                 "code": "placement.undefined_code",    # from 1.23
                 "request_id": "req-..."}]}

As in Placement the body is JSON when the client accepts JSON (webob's
exceptions choose, so the plain-text form is webob's too); a 406 for an
unacceptable microversion also names min_version and max_version.
Raise HTTPError(webob.exc.HTTPNotFound, detail) from a handler; the
application turns it into the response (wsgi.py).
"""
from oslo_log import log as logging
import webob.exc

from nova_lite.api.middleware import request_id
from nova_lite.placement import microversion

LOG = logging.getLogger(__name__)

DEFAULT_CODE = 'placement.undefined_code'
RESOURCE_PROVIDER_NOT_FOUND = 'placement.resource_provider.not_found'
QUERYPARAM_BAD_VALUE = 'placement.query.bad_value'
ERROR_CODE_VERSION = (1, 23)
ENV_ERROR_CODE = 'placement.error_code'


def json_formatter(body, status, title, environ):
    detail = webob.exc.strip_tags(body)
    status_code = int(status.split(None, 1)[0])
    error = {'status': status_code, 'title': title, 'detail': detail}
    version = environ.get(microversion.ENVIRON_KEY)
    if version is not None and version.matches(ERROR_CODE_VERSION):
        error['code'] = environ.get(ENV_ERROR_CODE, DEFAULT_CODE)
    if request_id.ENV_REQUEST_ID in environ:
        error['request_id'] = environ[request_id.ENV_REQUEST_ID]
    if status_code == 406 and version is None:
        # the microversion itself was refused
        error['max_version'] = microversion.max_version_string()
        error['min_version'] = microversion.min_version_string()
    return {'errors': [error]}


class HTTPError(Exception):
    """An error a handler answers with: a webob HTTP exception class, the
    detail, extra headers and Placement's error code (from 1.23)."""

    def __init__(self, http_class, detail, headers=None, code=None):
        super().__init__(detail)
        self.http_class = http_class
        self.detail = detail
        self.headers = headers or {}
        self.code = code

    def response(self, environ):
        if self.code:
            environ[ENV_ERROR_CODE] = self.code
        return self.http_class(self.detail, headers=self.headers,
                               json_formatter=json_formatter)


def not_found(detail, code=None):
    return HTTPError(webob.exc.HTTPNotFound, detail, code=code)


def bad_request(detail, code=None):
    return HTTPError(webob.exc.HTTPBadRequest, detail, code=code)


def forbidden(action):
    return HTTPError(webob.exc.HTTPForbidden,
                     'Policy does not allow %s to be performed.' % action)


def method_not_allowed(allowed):
    return HTTPError(webob.exc.HTTPMethodNotAllowed,
                     'The method specified is not allowed for this '
                     'resource.', headers={'allow': allowed})


def not_acceptable(detail):
    return HTTPError(webob.exc.HTTPNotAcceptable, detail)


def unexpected(exc):
    """Placement's 500 for anything a handler did not expect (the
    traceback only goes to the log)."""
    LOG.error('Unexpected error in the Placement API', exc_info=exc)
    return webob.exc.HTTPInternalServerError(
        'An unexpected error occurred while serving the request.',
        json_formatter=json_formatter)
