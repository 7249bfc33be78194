"""Turning exceptions into Nova's error bodies, in one visible place.

Every error the API returns looks like Nova's:
``{"itemNotFound": {"code": 404, "message": "..."}}``. Domain exceptions
(nova_lite.exception) carry their HTTP code; webob HTTP errors raised by
routing keep theirs; anything else is a 500 computeFault whose message
never leaks a traceback.

Where Nova answers a domain exception with another status (or message) in
one call than its `code` says, the handler declares it with `@answers`,
never with try/except:

    @faults.answers({exception.FlavorNotFound: 400,
                     exception.ImageNotFound: (400, 'Cannot find image'),
                     exception.InstanceInvalidState: conflict('delete')})
"""
import functools

from oslo_log import log as logging
import oslo_messaging as messaging
import webob
import webob.exc

from nova_lite.api import json_body
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
    resp = json_body.response(body, status=code, fault=True)
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


def conflict(action):
    """Nova's 409 for an action refused in the current state, naming the
    API's action (InstanceInvalidState from the compute API names its
    own)."""
    def translate(exc, *handler_args, **handler_kwargs):
        attr = exc.kwargs.get('attr')
        if attr is None:
            return exc
        return exception.InstanceInvalidState(
            action=action, instance_uuid=exc.kwargs.get('instance_uuid'),
            attr=attr, state=exc.kwargs.get('state'))
    return translate


def _translator(answer):
    if callable(answer):
        return answer
    if isinstance(answer, tuple):
        code, message = answer
        return lambda exc, *args, **kwargs: exception.HTTPFault(
            code, message, getattr(exc, 'headers', None))
    return lambda exc, *args, **kwargs: exception.HTTPFault(
        answer, _message_of(exc), getattr(exc, 'headers', None))


def _message_of(exc):
    if isinstance(exc, exception.NovaLiteException):
        return exc.format_message()
    return str(exc)


def answers(table):
    """Decorate a handler: the exceptions in `table` raised while it runs
    are answered as declared, the first matching class in table order.
    An answer is a code (keeping the message), (code, message), or a
    callable (exc, *handler_args, **handler_kwargs) -> the exception to
    raise instead."""
    declared = [(cls, _translator(answer)) for cls, answer in table.items()]
    classes = tuple(cls for cls, _ in declared)

    def decorate(handler):
        @functools.wraps(handler)
        def wrapper(*args, **kwargs):
            try:
                return handler(*args, **kwargs)
            except classes as exc:
                for cls, translate in declared:
                    if isinstance(exc, cls):
                        replacement = translate(exc, *args, **kwargs)
                        if replacement is exc:
                            raise
                        raise replacement from exc
                raise
        return wrapper
    return decorate


# A conductor without its database (when the remote exception arrives
# untranslated, from a conductor older than DatabaseUnavailable).
_REMOTE_DB_OUTAGES = ('DBConnectionError', 'DatabaseUnavailable')


def _outage(exc):
    """The 503 an outage of the broker or the database is answered with
    (Retry-After, Nova's serviceUnavailable body), or None."""
    if isinstance(exc, messaging.RemoteError):
        if exc.exc_type in _REMOTE_DB_OUTAGES:
            return exception.DatabaseUnavailable()
        return None
    if isinstance(exc, messaging.MessagingException):
        return exception.MessagingUnavailable()
    return None


def exception_to_response(exc):
    """Map any exception to a fault Response (never raises)."""
    outage = _outage(exc)
    if outage is not None:
        LOG.warning('Answering 503: %s: %s', type(exc).__name__, exc)
        exc = outage
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
