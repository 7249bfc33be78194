"""Small helpers every controller uses: context, body, version, replies,
and paging parameters."""
import json

from oslo_utils import timeutils
import pecan
import webob

from nova_lite.api import config as api_conf
from nova_lite.api import json_body
from nova_lite import exception

ENV_CONTEXT = 'nova.context'


def request():
    return pecan.request


def context():
    ctx = pecan.request.environ.get(ENV_CONTEXT)
    if ctx is None:
        raise exception.NotAuthorized()
    return ctx


def body():
    """The JSON request body as a dict (400 if missing or malformed)."""
    raw = pecan.request.body
    if not raw:
        raise exception.ValidationError(
            detail='The request body is missing or empty.')
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise exception.ValidationError(detail='Malformed request body')
    if not isinstance(data, dict):
        raise exception.ValidationError(detail='Malformed request body')
    return data


def reply(data=None, status=200, headers=None):
    """A JSON response (or an empty one when data is None)."""
    if data is not None:
        resp = json_body.response(data, status=status)
    else:
        resp = webob.Response(status=status)
        resp.content_type = None
        resp.body = b''
    for name, value in (headers or {}).items():
        resp.headers[name] = value
    return resp


def empty_200():
    """Nova's 200 with no body; pecan would turn an empty 200 into a 204
    unless the body is a (one empty chunk) iterator."""
    resp = webob.Response(status=200)
    resp.content_type = None
    resp.app_iter = (chunk for chunk in [b''])
    resp.content_length = 0
    return resp


def no_route(*args, **kwargs):
    """A method the path has no handler for: Nova's router finds no route
    for it and answers 404, never 405."""
    raise webob.exc.HTTPNotFound()


def get_limit_and_marker(params, max_limit):
    """Parse limit/marker like Nova: limit must be an int >= 0."""
    limit = params.get('limit')
    if limit is not None:
        if not limit.isdigit():
            raise exception.ValidationError(
                detail="Invalid input for query parameters limit. Value: %s. "
                       "%s" % (limit, "'' is too short" if limit == '' else
                               "'%s' does not match '^[0-9]*$'" % limit))
        limit = min(int(limit), max_limit)
    else:
        limit = max_limit
    return limit, params.get('marker')


def int_param(params, name):
    value = params.get(name)
    if value is None:
        return None
    try:
        value = int(value)
    except ValueError:
        raise exception.ValidationError(
            detail='%s param must be an integer' % name)
    if value < 0:
        raise exception.ValidationError(
            detail='%s param must be positive' % name)
    return value


def limited(items, params):
    """Nova's offset/limit paging of a list (common.limited)."""
    offset = int_param(params, 'offset') or 0
    max_limit = api_conf.get().api.max_limit
    limit = min(max_limit, int_param(params, 'limit') or max_limit)
    return items[offset:offset + limit]


def time_param(params, name):
    """The query parameter `name` as a naive UTC datetime (None when
    absent; 400 with Nova's query-schema message when not a time)."""
    value = params.get(name)
    if value is None:
        return None
    try:
        return timeutils.normalize_time(timeutils.parse_isotime(value))
    except ValueError:
        raise exception.ValidationError(
            detail="Invalid input for query parameters %s. Value: %s. "
                   "'%s' is not a 'date-time'" % (name, value, value))


def bool_param(name, value):
    from oslo_utils import strutils
    if value == '':
        return True
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError as exc:
        raise exception.ValidationError(detail=str(exc))


# -- the services controllers talk to (swappable in unit tests) -----------

_COMPUTE_API = None
_IMAGE_API = None


def compute_api():
    """nova_lite.compute.api.API, created on first use."""
    global _COMPUTE_API
    if _COMPUTE_API is None:
        from nova_lite.compute import api as compute
        _COMPUTE_API = compute.API()
    return _COMPUTE_API


def set_compute_api(api):
    global _COMPUTE_API
    _COMPUTE_API = api


def image_api():
    global _IMAGE_API
    if _IMAGE_API is None:
        from nova_lite.image import api as image
        _IMAGE_API = image.API()
    return _IMAGE_API


def set_image_api(api):
    global _IMAGE_API
    _IMAGE_API = api
