"""Placement's microversions: `OpenStack-API-Version: placement X.Y`.

No header means the minimum, `latest` the maximum; a version outside the
list is 406 and a malformed one 400 (both in Placement's error body, see
errors.py). The history of what each version changes is Placement's
rest_api_version_history; the changes this read-only view honours are
listed in views.py and handlers.py where they apply.
"""
import collections

SERVICE_TYPE = 'placement'
HEADER = 'OpenStack-API-Version'
ENVIRON_KEY = 'placement.microversion'

MIN_VERSION = (1, 0)
# Placement 16's maximum.
MAX_VERSION = (1, 39)


class Version(collections.namedtuple('Version', 'major minor')):

    def __str__(self):
        return '%d.%d' % self

    def matches(self, min_version=None, max_version=None):
        """True when min_version <= self <= max_version (either open)."""
        return ((min_version is None or self >= tuple(min_version)) and
                (max_version is None or self <= tuple(max_version)))


class InvalidVersion(ValueError):
    """Malformed header value: a 400."""


class UnacceptableVersion(ValueError):
    """A well-formed version this service does not serve: a 406."""


def min_version_string():
    return str(Version(*MIN_VERSION))


def max_version_string():
    return str(Version(*MAX_VERSION))


def _requested(header_value):
    """The value after `placement` in a (possibly folded) header; the
    last one wins, as with repeated headers."""
    for part in reversed((header_value or '').split(',')):
        words = part.strip().split(None, 1)
        if len(words) == 2 and words[0].lower() == SERVICE_TYPE:
            return words[1].strip()
    return None


def parse(version_string):
    try:
        major, minor = (int(v) for v in version_string.split('.', 1))
    except (ValueError, TypeError, AttributeError) as exc:
        raise InvalidVersion('invalid version string: %s; %s' % (
            version_string, exc))
    return Version(major, minor)


def negotiate(header_value):
    """The Version a request asks for, from its OpenStack-API-Version."""
    wanted = _requested(header_value)
    if wanted is None:
        return Version(*MIN_VERSION)
    if wanted == 'latest':
        return Version(*MAX_VERSION)
    version = parse(wanted)
    if version.major != MIN_VERSION[0] or not \
            MIN_VERSION <= version <= MAX_VERSION:
        raise UnacceptableVersion('Unacceptable version header: %s' %
                                  wanted)
    return version


def response_header(version):
    return '%s %s' % (SERVICE_TYPE, version)
