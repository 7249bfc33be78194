"""Microversion negotiation for the Compute API (2.1 .. 2.100).

A request asks for a version with ``OpenStack-API-Version: compute X.Y``
(preferred) or the legacy ``X-OpenStack-Nova-API-Version: X.Y``; "latest"
means the maximum. No header means the minimum. The negotiated version is
stored in the WSGI environ and echoed on every response of the v2.1 API.
"""
import re

from nova_lite import exception

SERVICE_TYPE = 'compute'
MIN_VERSION_STR = '2.1'
MAX_VERSION_STR = '2.100'

HEADER = 'OpenStack-API-Version'
LEGACY_HEADER = 'X-OpenStack-Nova-API-Version'
VARY = '%s, %s' % (HEADER, LEGACY_HEADER)
ENVIRON_KEY = 'nova_lite.api_version'

_VERSION_RE = re.compile(r'^([1-9]\d*)\.([1-9]\d*|0)$')


class InvalidAPIVersionString(exception.Invalid):
    msg_fmt = ('API Version String %(version)s is of invalid format. Must '
               'be of format MajorNum.MinorNum.')


class APIVersionNotAvailable(exception.NovaLiteException):
    msg_fmt = ('Version %(version)s is not supported by the API. Minimum is '
               '%(min_ver)s and maximum is %(max_ver)s.')
    code = 406


class APIVersion(object):
    """A comparable X.Y version; APIVersion() is the null version 0.0."""

    __slots__ = ('major', 'minor')

    def __init__(self, version_string=None):
        self.major = 0
        self.minor = 0
        if version_string is not None:
            match = _VERSION_RE.match(version_string.strip())
            if not match:
                raise InvalidAPIVersionString(version=version_string)
            self.major = int(match.group(1))
            self.minor = int(match.group(2))

    def _key(self):
        return (self.major, self.minor)

    def __eq__(self, other):
        return self._key() == _coerce(other)._key()

    def __ne__(self, other):
        return not self.__eq__(other)

    def __lt__(self, other):
        return self._key() < _coerce(other)._key()

    def __le__(self, other):
        return self._key() <= _coerce(other)._key()

    def __gt__(self, other):
        return self._key() > _coerce(other)._key()

    def __ge__(self, other):
        return self._key() >= _coerce(other)._key()

    def __hash__(self):
        return hash(self._key())

    def __str__(self):
        return '%d.%d' % (self.major, self.minor)

    __repr__ = __str__

    def is_null(self):
        return self.major == 0 and self.minor == 0

    def matches(self, min_version=None, max_version=None):
        """True if min_version <= self <= max_version (None: unbounded)."""
        if min_version is not None and self < min_version:
            return False
        if max_version is not None and self > max_version:
            return False
        return True


def _coerce(value):
    if isinstance(value, APIVersion):
        return value
    return APIVersion(value)


MIN_VERSION = APIVersion(MIN_VERSION_STR)
MAX_VERSION = APIVersion(MAX_VERSION_STR)


def _from_headers(headers):
    """The requested version string, or None when no header asks."""
    new_style = headers.get(HEADER)
    if new_style:
        # "compute 2.5" possibly among other services: "identity 3.0, ..."
        for item in new_style.split(','):
            parts = item.strip().split(None, 1)
            if len(parts) == 2 and parts[0].lower() == SERVICE_TYPE:
                return parts[1].strip()
            if len(parts) == 1 and parts[0].lower() == SERVICE_TYPE:
                return ''
    legacy = headers.get(LEGACY_HEADER)
    if legacy is not None:
        return legacy.strip()
    return None


def negotiate(headers):
    """Return the APIVersion for a request's headers.

    Raises InvalidAPIVersionString (400) for a malformed value and
    APIVersionNotAvailable (406) for one outside MIN..MAX.
    """
    requested = _from_headers(headers)
    if requested is None:
        return MIN_VERSION
    if requested.lower() == 'latest':
        return MAX_VERSION
    version = APIVersion(requested)
    if not version.matches(MIN_VERSION, MAX_VERSION):
        raise APIVersionNotAvailable(version=requested,
                                     min_ver=MIN_VERSION_STR,
                                     max_ver=MAX_VERSION_STR)
    return version


def response_headers(version):
    return [(HEADER, '%s %s' % (SERVICE_TYPE, version)),
            (LEGACY_HEADER, str(version)),
            ('Vary', VARY)]


def get_version(environ_or_request):
    """The negotiated version of a request (environ dict or webob)."""
    environ = getattr(environ_or_request, 'environ', environ_or_request)
    return environ.get(ENVIRON_KEY, MIN_VERSION)


def is_supported(request, min_version=None, max_version=None):
    return get_version(request).matches(
        _coerce(min_version) if min_version else None,
        _coerce(max_version) if max_version else None)
