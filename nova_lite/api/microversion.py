"""Microversion negotiation for the Compute API (2.1 .. 2.104).

A request asks for a version with ``OpenStack-API-Version: compute X.Y``
(preferred) or the legacy ``X-OpenStack-Nova-API-Version: X.Y``; "latest"
means the maximum. No header means the minimum. The negotiated version is
stored in the WSGI environ and echoed on every response of the v2.1 API.

What changes at which version is declared, never tested inline:

    Range('2.19', None)               2.19 and later (None: unbounded)
    ByVersion({('2.1', '2.18'): a,    one value per declared range, looked
               ('2.19', None): b})    up (and cached) by a request's version
    Steps(base, [('2.19', add_x)])    a schema built step by step: every
                                      step up to the version, cached
    Changes({'locked': '2.9',         the changes of one resource in force
             'cpu_info_text': (None, '2.27')})   at a version (a frozenset)
    @versioned(min='2.53')            one handler among alternatives, by
                                      the request's version
"""
import copy
import functools
import re

from nova_lite import exception

SERVICE_TYPE = 'compute'
MIN_VERSION_STR = '2.1'
MAX_VERSION_STR = '2.104'

HEADER = 'OpenStack-API-Version'
LEGACY_HEADER = 'X-OpenStack-Nova-API-Version'
VARY = '%s, %s' % (HEADER, LEGACY_HEADER)
ENVIRON_KEY = 'nova_lite.api_version'

_VERSION_RE = re.compile(r'^([1-9]\d*)\.([1-9]\d*|0)$')


class APIVersion(object):
    """A comparable X.Y version; APIVersion() is the null version 0.0."""

    __slots__ = ('major', 'minor')

    def __init__(self, version_string=None):
        self.major = 0
        self.minor = 0
        if version_string is not None:
            match = _VERSION_RE.match(version_string.strip())
            if not match:
                raise exception.InvalidAPIVersionString(version=version_string)
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

    def at_least(self, version_string):
        return self >= APIVersion(version_string)

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

    Raises exception.InvalidAPIVersionString (400) for a malformed value and
    exception.APIVersionNotAvailable (406) for one outside MIN..MAX.
    """
    requested = _from_headers(headers)
    if requested is None:
        return MIN_VERSION
    if requested.lower() == 'latest':
        return MAX_VERSION
    version = APIVersion(requested)
    if not version.matches(MIN_VERSION, MAX_VERSION):
        exc = exception.APIVersionNotAvailable(version=requested,
                                               min_ver=MIN_VERSION_STR,
                                               max_ver=MAX_VERSION_STR)
        # Nova's 406 still echoes the version asked for.
        exc.headers = dict(response_headers(version))
        raise exc
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


def current():
    """The negotiated version of the request being served."""
    import pecan
    return get_version(pecan.request)


# -- declared ranges ----------------------------------------------------------

class Range(object):
    """The versions min..max, both inclusive; None is unbounded."""

    __slots__ = ('min', 'max')

    def __init__(self, min_version=None, max_version=None):
        self.min = _coerce(min_version) if min_version else None
        self.max = _coerce(max_version) if max_version else None
        if self.min and self.max and self.min > self.max:
            raise ValueError('empty microversion range %s' % self)

    @classmethod
    def of(cls, declared):
        """A Range from '2.9' (2.9 and later), (min, max) or a Range."""
        if isinstance(declared, Range):
            return declared
        if isinstance(declared, (tuple, list)):
            return cls(*declared)
        return cls(declared)

    def __contains__(self, version):
        return _coerce(version).matches(self.min, self.max)

    def overlaps(self, other):
        low = max(self.min or MIN_VERSION, other.min or MIN_VERSION)
        high = min(self.max or MAX_VERSION, other.max or MAX_VERSION)
        return low <= high

    def __str__(self):
        return '%s..%s' % (self.min or '', self.max or '')

    __repr__ = __str__


def _disjoint(ranges, what):
    for index, one in enumerate(ranges):
        for other in ranges[index + 1:]:
            if one.overlaps(other):
                raise ValueError('%s: ranges %s and %s overlap'
                                 % (what, one, other))


class ByVersion(object):
    """One value per declared, non-overlapping range; `at(version)` (and
    `current()`) look it up, cached per version. A version outside every
    range gives `default`."""

    def __init__(self, table, default=None):
        self._table = [(Range.of(r), value) for r, value in table.items()]
        _disjoint([r for r, _ in self._table], 'ByVersion')
        self._default = default
        self._cache = {}

    def at(self, version):
        try:
            return self._cache[version]
        except KeyError:
            pass
        value = self._default
        for declared, candidate in self._table:
            if version in declared:
                value = candidate
                break
        self._cache[version] = value
        return value

    def current(self):
        return self.at(current())


class Steps(object):
    """A value (a schema) built from `base` by the steps declared since a
    version: [('2.19', add_description), ...], each step changing the
    copy in place; built once per version."""

    def __init__(self, base, steps):
        self._base = base
        self._steps = [(_coerce(since), step) for since, step in steps]
        self._cache = {}

    def at(self, version):
        try:
            return self._cache[version]
        except KeyError:
            pass
        value = copy.deepcopy(self._base)
        for since, step in self._steps:
            if version >= since:
                step(value)
        self._cache[version] = value
        return value

    def current(self):
        return self.at(current())


class Changes(object):
    """The microversion changes of one resource, declared in one place:
    name -> '2.x' (from 2.x on) or (min, max). `at(version)` is the
    frozenset of the names in force at a version (cached)."""

    def __init__(self, declared):
        self._declared = {name: Range.of(r) for name, r in declared.items()}
        self._cache = {}

    def at(self, version):
        try:
            return self._cache[version]
        except KeyError:
            names = frozenset(name for name, r in self._declared.items()
                              if version in r)
            self._cache[version] = names
            return names

    def current(self):
        return self.at(current())

    def where(self, at_least):
        """The names in force by a predicate at_least('2.x') (for callers
        that hold a predicate, not a version)."""
        return frozenset(
            name for name, r in self._declared.items()
            if (r.min is None or at_least(str(r.min))) and
            (r.max is None or not at_least(str(_next_minor(r.max)))))

    def __iter__(self):
        return iter(self._declared)


def _next_minor(version):
    return APIVersion('%d.%d' % (version.major, version.minor + 1))


# -- one handler among alternatives, by version -------------------------------

_HANDLERS = {}


def versioned(min=None, max=None, otherwise=None):  # noqa: A002 - as Nova
    """Register the decorated function as the handler of its name for the
    versions min..max. Define one function per range under the same name;
    calling the name calls the one whose range holds the request's
    version, else raises `otherwise()` (default: 404, as Nova)."""
    declared = Range(min, max)

    def register(func):
        key = '%s.%s' % (func.__module__, func.__qualname__)
        alternatives = _HANDLERS.setdefault(key, [])
        alternatives.append((declared, func))
        _disjoint([r for r, _ in alternatives], key)
        fallback = otherwise or _not_found

        @functools.wraps(func)
        def dispatch(*args, **kwargs):
            version = current()
            for candidate_range, candidate in alternatives:
                if version in candidate_range:
                    return candidate(*args, **kwargs)
            raise fallback()

        dispatch.alternatives = alternatives
        return dispatch

    return register


def _not_found():
    import webob.exc
    return webob.exc.HTTPNotFound()
