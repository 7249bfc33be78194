"""Turning exceptions into Nova's error bodies, in one visible place.

Every error the API returns looks like Nova's:
``{"itemNotFound": {"code": 404, "message": "..."}}``. Domain exceptions
(nova_lite.exception) carry their HTTP code; webob HTTP errors raised by
routing keep theirs; anything else is a 500 computeFault whose message
never leaks a traceback.
"""
import json

from oslo_log import log as logging
import webob
import webob.exc

from nova_lite import exception

LOG = logging.getLogger(__name__)

FAULT_NAMES = {
    400: 'badRequest',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'itemNotFound',
    405: 'badMethod',
    409: 'conflictingRequest',
    413: 'overLimit',
    415: 'badMediaType',
    429: 'overLimit',
    501: 'notImplemented',
    503: 'serviceUnavailable',
}

GENERIC_500 = ('Unexpected API Error. The server could not complete the '
               'request; see the nova-lite-api log for details.')


def fault_name(code):
    return FAULT_NAMES.get(code, 'computeFault')


def error_response(code, message, headers=None):
    """A webob Response carrying Nova's fault body."""
    body = {fault_name(code): {'code': code, 'message': message}}
    resp = webob.Response(status=code, content_type='application/json',
                          charset='UTF-8')
    resp.text = json.dumps(body)
    for name, value in (headers or {}).items():
        resp.headers[name] = str(value)
    return resp


def _webob_message(exc):
    detail = getattr(exc, 'detail', None) or getattr(exc, 'explanation', '')
    if isinstance(exc, webob.exc.HTTPNotFound) and not exc.detail:
        return 'The resource could not be found.'
    if isinstance(exc, webob.exc.HTTPMethodNotAllowed) and not exc.detail:
        return 'The method specified is not allowed for this resource.'
    return detail or exc.title


def exception_to_response(exc):
    """Map any exception to a fault Response (never raises)."""
    if isinstance(exc, exception.NovaLiteException):
        code = exc.code if isinstance(exc.code, int) else 500
        if code >= 500 and not getattr(exc, 'safe', False):
            LOG.exception('Unexpected error handling the request: %s', exc)
            return error_response(500, GENERIC_500)
        return error_response(code, exc.format_message(),
                              headers=getattr(exc, 'headers', None))
    if isinstance(exc, webob.exc.HTTPException):
        code = exc.status_int
        if code < 400:
            return exc
        resp = error_response(code, _webob_message(exc))
        if code == 405 and exc.headers.get('Allow'):
            resp.headers['Allow'] = exc.headers['Allow']
        return resp
    if isinstance(exc, NotImplementedError):
        return error_response(501, 'Not implemented.')
    LOG.exception('Unexpected error handling the request: %s', exc)
    return error_response(500, GENERIC_500)
